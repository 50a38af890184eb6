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

    /// <summary>The container of Event Grid's undelivered seed events (<see cref="AzureStorageOptions.SeedsDeadLetterContainer"/>).</summary>
    public BlobContainerClient DeadLetters => _blobs.GetBlobContainerClient(clients.Options.SeedsDeadLetterContainer);

    /// <summary>The client of the seed blob <paramref name="name"/>.</summary>
    public BlobClient Blob(string name) => _blobs.GetBlobContainerClient(Container).GetBlobClient(name);

    /// <summary>
    /// Sends <paramref name="message"/> to the queue <paramref name="queueName"/> again, visible after <paramref name="delay"/>
    /// and never expiring (for a poison handler that could not finish its work yet).
    /// </summary>
    public async Task SendAgainAsync(string queueName, string message, TimeSpan delay, CancellationToken cancellationToken = default) =>
        await clients.Queues.GetQueueClient(queueName).SendMessageAsync(message, delay, TimeSpan.FromSeconds(-1), cancellationToken).ConfigureAwait(false);
}
