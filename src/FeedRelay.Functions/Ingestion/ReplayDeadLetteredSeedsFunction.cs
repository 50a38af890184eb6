using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FeedRelay.Ingestion;
using FeedRelay.Storage.Azure;
using FeedRelay.Web.Ingestion;

namespace FeedRelay.Functions.Ingestion;

/// <summary>
/// The timer that ingests the seeds whose Event Grid events were never delivered to the blob trigger: Event Grid gives up on
/// an event after its retries (24 hours, or at once on a 4xx such as a rotated webhook key) and writes it to the dead-letter
/// container (<c>infra/eventgrid.bicep</c>); without this, those seeds would never be ingested. Every
/// <see cref="Schedule"/> it reads at most <see cref="MaxBlobsPerRun"/> dead-letter blobs, ingests (or quarantines) each seed
/// they name as the trigger would, and deletes a blob once all its seeds are done; one that fails stays for the next run,
/// and after <see cref="MaxAttempts"/> failed runs is moved under <see cref="FailedPrefix"/>, so that it cannot hold up the rest.
/// A blob that names no seed (not Event Grid's format) is moved under <see cref="UnreadablePrefix"/> and reported, so that it
/// neither blocks the others nor is lost.
/// </summary>
public sealed partial class ReplayDeadLetteredSeedsFunction(
    AzureSeedSource seeds, IngestionService ingestion, IngestionCounters counters, ILogger<ReplayDeadLetteredSeedsFunction> logger)
{
    /// <summary>The function's name.</summary>
    public const string Name = "ReplayDeadLetteredSeeds";

    /// <summary>Every 15 minutes (NCRONTAB, with seconds).</summary>
    public const string Schedule = "0 */15 * * * *";

    /// <summary>Where a dead-letter blob that names no seed is moved to (kept for an operator, skipped by later runs).</summary>
    public const string UnreadablePrefix = AzureBacklog.UnreadablePrefix;

    /// <summary>Where a dead-letter blob whose seeds failed in <see cref="MaxAttempts"/> runs is moved to (kept for an operator).</summary>
    public const string FailedPrefix = AzureBacklog.FailedPrefix;

    /// <summary>Runs in which a dead-letter blob's seeds may fail before it is moved aside, so that it does not hold up the others.</summary>
    public const int MaxAttempts = 5;

    private const string AttemptsKey = "replayattempts";

    /// <summary>Dead-letter blobs read per run, so that one run stays short however many piled up.</summary>
    public const int MaxBlobsPerRun = 200;

    /// <summary>Runs one pass over the dead-letter container.</summary>
    [Function(Name)]
    public async Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var (replayed, seedCount) = await ReplayAsync(cancellationToken);
        if (replayed > 0)
        {
            LogReplayed(replayed, seedCount);
        }
    }

    /// <summary>One pass; returns the dead-letter blobs done and the seeds they named.</summary>
    internal async Task<(int Blobs, int Seeds)> ReplayAsync(CancellationToken cancellationToken)
    {
        var container = seeds.DeadLetters;
        if (!await container.ExistsAsync(cancellationToken))
        {
            return (0, 0);
        }

        var (blobs, seedCount, read) = (0, 0, 0);
        await foreach (var item in container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, prefix: null, cancellationToken))
        {
            if (item.Name.StartsWith(UnreadablePrefix, StringComparison.Ordinal) || item.Name.StartsWith(FailedPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (++read > MaxBlobsPerRun)
            {
                break;
            }

            var blob = container.GetBlobClient(item.Name);
            BinaryData content;
            IReadOnlyList<string> names;
            try
            {
                content = (await blob.DownloadContentAsync(cancellationToken)).Value.Content;
                names = DeadLetteredEvents.SeedNames(content, seeds.Container);
                if (names.Count == 0)
                {
                    await MoveAsync(blob, content, UnreadablePrefix + item.Name, cancellationToken);
                    LogNoSeeds(item.Name, UnreadablePrefix + item.Name);
                    continue;
                }

                foreach (var name in names)
                {
                    await IngestAsync(name, cancellationToken);
                }

                await blob.DeleteIfExistsAsync(cancellationToken: cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // This blob only: the next run tries it again, and after MaxAttempts runs it is moved aside for an operator.
                LogFailed(ex, item.Name);
                await CountFailureAsync(blob, item.Metadata, cancellationToken);
                continue;
            }

            (blobs, seedCount) = (blobs + 1, seedCount + names.Count);
        }

        return (blobs, seedCount);
    }

    /// <summary>Counts a failed run on <paramref name="blob"/>, moving it aside at <see cref="MaxAttempts"/>; best effort.</summary>
    private async Task CountFailureAsync(BlobClient blob, IDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        try
        {
            var attempts = (metadata.TryGetValue(AttemptsKey, out var text) && int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0) + 1;
            if (attempts >= MaxAttempts)
            {
                var content = (await blob.DownloadContentAsync(cancellationToken)).Value.Content;
                await MoveAsync(blob, content, FailedPrefix + blob.Name, cancellationToken);
                LogMovedAside(blob.Name, attempts, FailedPrefix + blob.Name);
                return;
            }

            await blob.SetMetadataAsync(new Dictionary<string, string>(metadata) { [AttemptsKey] = attempts.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(ex, blob.Name); // storage still failing: the count waits for the next run
        }
    }

    private async Task MoveAsync(BlobClient blob, BinaryData content, string to, CancellationToken cancellationToken)
    {
        await seeds.DeadLetters.GetBlobClient(to).UploadAsync(content, overwrite: true, cancellationToken);
        await blob.DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }

    private async Task IngestAsync(string name, CancellationToken cancellationToken)
    {
        // Null: deleted since, nothing to ingest.
        if (await SeedBlob.IngestAsync(ingestion, seeds.Blob(name), name, cancellationToken) is { } outcome)
        {
            counters.Record(outcome.Status == IngestStatus.Rejected);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingested the seeds of {Blobs} dead-lettered Event Grid deliveries ({Seeds} seeds)")]
    private partial void LogReplayed(int blobs, int seeds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dead-letter blob {Blob} names no seed (not Event Grid's format); kept as {Kept}")]
    private partial void LogNoSeeds(string blob, string kept);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ingesting the seeds of dead-letter blob {Blob} failed; it is tried again next run")]
    private partial void LogFailed(Exception exception, string blob);

    [LoggerMessage(Level = LogLevel.Error, Message = "The seeds of dead-letter blob {Blob} failed in {Attempts} runs; kept as {Kept} for an operator")]
    private partial void LogMovedAside(string blob, int attempts, string kept);
}
