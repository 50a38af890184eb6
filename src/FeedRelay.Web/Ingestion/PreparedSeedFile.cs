using System.Security.Cryptography;
using FeedRelay.Ingestion;
using FeedRelay.Storage;

namespace FeedRelay.Web.Ingestion;

/// <summary>
/// A seed file read and run through the pure stages (<see cref="IngestionService.Prepare"/>), ready for
/// <see cref="IngestionService.IngestBatchAsync"/>, with the SHA-256 its ledger entry records. Shared by the bulk import
/// (<see cref="SeedImporter"/>) and the watched folder (<see cref="SeedFolderWatcher"/>); pure CPU, so both run it on every core.
/// </summary>
/// <param name="Seed">The seed as the batch ingestion takes it.</param>
/// <param name="Size">The file's size when it was listed.</param>
/// <param name="Modified">The file's last write time when it was listed.</param>
/// <param name="Sha256">The SHA-256 of its bytes, lower-case hex.</param>
internal sealed record PreparedSeedFile(BatchSeed Seed, long Size, DateTimeOffset Modified, string Sha256)
{
    /// <summary>
    /// Prepares the file <paramref name="name"/> (its path relative to the seeds folder, with <c>/</c>) read as <paramref name="bytes"/>;
    /// <paramref name="wasRejected"/> when the ledger holds an earlier rejection of it, so that success forgets its quarantine entry.
    /// </summary>
    public static PreparedSeedFile Prepare(
        IngestionService ingestion, string name, long size, DateTimeOffset modified, byte[] bytes, bool wasRejected) =>
        new(new BatchSeed(name, bytes, ingestion.Prepare(bytes), wasRejected), size, modified, Convert.ToHexStringLower(SHA256.HashData(bytes)));

    /// <summary>
    /// Reads the file at <paramref name="path"/> (listed as <paramref name="name"/>, <paramref name="size"/> bytes) and prepares
    /// it; a file over the seed limit is not read into memory: it is hashed as it streams by and rejected as too large
    /// (<see cref="IngestionService.TooLarge"/>). Throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>
    /// when the file cannot be read (yet).
    /// </summary>
    public static async Task<PreparedSeedFile> ReadAsync(
        IngestionService ingestion, string path, string name, long size, DateTimeOffset modified, bool wasRejected, CancellationToken cancellationToken)
    {
        if (size == 0)
        {
            // Not opened: an empty file has nothing to read, and a named pipe, socket or device (listed with size 0) would
            // block the open or never end; all are rejected as empty seeds, with their reason.
            return Prepare(ingestion, name, size, modified, [], wasRejected);
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81_920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            // The size of the file as opened, not as listed: one that grew past the limit meanwhile is not read whole either.
            if (ingestion.IsTooLarge(stream.Length))
            {
                var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
                return new PreparedSeedFile(ingestion.TooLarge(name, stream.Length, sha256, wasRejected), size, modified, sha256);
            }

            // As many bytes as it held when opened (more written since is the next version's); fewer throws EndOfStreamException.
            var bytes = new byte[stream.Length];
            await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            return Prepare(ingestion, name, size, modified, bytes, wasRejected);
        }
    }

    /// <summary>The ledger entry recording what ingestion did with this file.</summary>
    public SeedLedgerEntry LedgerEntry(IngestOutcome outcome) =>
        new(Seed.Name, Size, Modified, Sha256, outcome.Status switch
        {
            IngestStatus.Rejected => SeedOutcome.Rejected,
            IngestStatus.Unchanged => SeedOutcome.Unchanged,
            _ => SeedOutcome.Ingested,
        }, outcome.ArticleId, outcome.Rejection?.Code);
}
