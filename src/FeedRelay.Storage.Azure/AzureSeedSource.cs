using System.Net;
using Azure;
using Azure.Storage.Blobs;

namespace FeedRelay.Storage.Azure;

/// <summary>Reads seed blobs from the <c>seeds</c> container (for seeds the blob trigger gave up on).</summary>
public sealed class AzureSeedSource(AzureStorageClients clients)
{
    private readonly BlobServiceClient _blobs = clients.Blobs;

    /// <summary>The name of the container seed files are uploaded to.</summary>
    public string Container => clients.Options.SeedsContainer;

    /// <summary>The bytes of blob <paramref name="name"/> in <paramref name="container"/>, or null when it no longer exists.</summary>
    public async Task<byte[]?> TryReadAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await _blobs.GetBlobContainerClient(container).GetBlobClient(name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return response.Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
