using System.Net;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FeedRelay.Ingestion;

namespace FeedRelay.Functions.Ingestion;

/// <summary>
/// Reads a seed blob with memory bounded by the seed limit, whatever was uploaded: its size first, then either its bytes
/// (only if the blob is unchanged since, so that a larger blob written in between is never read whole) or, for a blob over
/// the limit (<see cref="IngestionService.IsTooLarge"/>), its SHA-256 as it streams by. Storage failures throw.
/// </summary>
internal static class SeedBlob
{
    /// <summary>
    /// Ingests the seed blob <paramref name="blob"/> as <paramref name="name"/>: its bytes, or its rejection as too large; null
    /// when it no longer exists (nothing to ingest).
    /// </summary>
    public static async Task<IngestOutcome?> IngestAsync(IngestionService ingestion, BlobClient blob, string name, CancellationToken cancellationToken) =>
        await TryReadAsync(ingestion, blob, cancellationToken).ConfigureAwait(false) switch
        {
            null => null,
            { Unread: { } unread } => await ingestion.RejectTooLargeAsync(name, unread.Size, unread.Sha256, cancellationToken).ConfigureAwait(false),
            { Bytes: var bytes } => await ingestion.IngestAsync(name, bytes, cancellationToken).ConfigureAwait(false),
        };

    /// <summary>The blob's bytes, or its size and hash when it is too large to read; null when it no longer exists.</summary>
    public static async Task<SeedBlobContent?> TryReadAsync(IngestionService ingestion, BlobClient blob, CancellationToken cancellationToken)
    {
        BlobProperties properties;
        try
        {
            properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }

        var unchanged = new BlobRequestConditions { IfMatch = properties.ETag };
        if (ingestion.IsTooLarge(properties.ContentLength))
        {
            var stream = await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { Conditions = unchanged }, cancellationToken)
                .ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
                return new SeedBlobContent(null, new UnreadSeed(properties.ContentLength, sha256));
            }
        }

        var content = (await blob.DownloadContentAsync(new BlobDownloadOptions { Conditions = unchanged }, cancellationToken).ConfigureAwait(false)).Value.Content;
        return new SeedBlobContent(content.ToArray(), null);
    }
}

/// <summary>A seed blob as read: its <paramref name="Bytes"/>, or, when it was too large to read, its size and hash.</summary>
internal sealed record SeedBlobContent(byte[]? Bytes, UnreadSeed? Unread);
