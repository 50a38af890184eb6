using Azure.Storage.Blobs;
using FeedRelay.Ingestion;
using FeedRelay.Web.Ingestion;

namespace FeedRelay.Functions.Ingestion;

/// <summary>
/// The blob trigger on <c>seeds/{name}</c>, fed by Event Grid. A good seed becomes an article; a bad seed is quarantined
/// with its reason and acknowledged (a retry would not make it good). The trigger binds the blob's client, not its bytes:
/// its size is read first, and a seed over the limit is hashed as it streams by and quarantined without being held in memory
/// (<see cref="IngestionService.TooLarge"/>); a seed within it is downloaded only if unchanged since its size was read. A
/// storage failure throws, so that the host retries the blob and, after <c>poisonBlobThreshold</c> attempts, hands it to
/// <see cref="QuarantinePoisonSeedFunction"/>. Delivery is at least once: a repeated blob upserts an identical article, which
/// changes nothing but finishes what an interrupted run may have left (the rebuild of its feeds, the queueing of its translation).
/// </summary>
public sealed partial class NormaliseSeedFunction(IngestionService ingestion, IngestionCounters counters, ILogger<NormaliseSeedFunction> logger)
{
    /// <summary>The function's name.</summary>
    public const string Name = "NormaliseSeed";

    /// <summary>Ingests the seed blob <paramref name="name"/>.</summary>
    [Function(Name)]
    public async Task RunAsync(
        [BlobTrigger("seeds/{name}", Source = BlobTriggerSource.EventGrid, Connection = "AzureWebJobsStorage")] BlobClient seed,
        string name,
        CancellationToken cancellationToken)
    {
        if (await SeedBlob.IngestAsync(ingestion, seed, name, cancellationToken) is not { } outcome)
        {
            LogGone(name); // deleted since it was uploaded: nothing to ingest
            return;
        }

        counters.Record(outcome.Status == IngestStatus.Rejected);
        if (outcome.Rejection is { } rejection)
        {
            LogQuarantined(name, rejection.Stage, rejection.Code, rejection.Error);
        }
        else
        {
            LogIngested(name, outcome.ArticleId, outcome.Status);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seed {Name} no longer exists; nothing to ingest")]
    private partial void LogGone(string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seed {Name} → article {ArticleId}: {Status}")]
    private partial void LogIngested(string name, string? articleId, IngestStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Quarantined seed {Name} at stage {Stage} ({Code}): {Error}")]
    private partial void LogQuarantined(string name, string stage, string code, string error);
}
