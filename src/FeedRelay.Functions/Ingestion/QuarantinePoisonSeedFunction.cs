using System.Security.Cryptography;
using System.Text.Json;
using FeedRelay.Ingestion;
using FeedRelay.Storage;
using FeedRelay.Storage.Azure;

namespace FeedRelay.Functions.Ingestion;

/// <summary>
/// The queue trigger on <c>webjobs-blobtrigger-poison</c>, where the blob trigger puts a blob after
/// <c>extensions.blobs.poisonBlobThreshold</c> failed invocations. The seed is copied into the quarantine with the reason,
/// so that nothing is lost and it shows up in <c>/api/ingest/rejections</c>; a seed over the limit is quarantined as too
/// large, without its bytes (<see cref="SeedBlob"/>). When that fails too (storage still failing), the message is sent again
/// to its queue after <see cref="RetryDelay"/> instead of ending in a queue nobody reads.
/// </summary>
public sealed partial class QuarantinePoisonSeedFunction(
    AzureSeedSource seeds, IQuarantine quarantine, IngestionService ingestion, TimeProvider clock, ILogger<QuarantinePoisonSeedFunction> logger)
{
    /// <summary>The function's name.</summary>
    public const string Name = "QuarantinePoisonSeed";

    /// <summary>The queue the blob trigger puts the seeds it gave up on in (the trigger below names it too: infra tests read it there).</summary>
    public const string QueueName = "webjobs-blobtrigger-poison";

    /// <summary>Stable error code of seeds that the blob trigger gave up on.</summary>
    public const string Code = "ingest.retries-exhausted";

    /// <summary>How long a message whose seed could not be quarantined waits before it is tried again.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMinutes(5);

    /// <summary>Quarantines the blob named by <paramref name="message"/>; a message about another container is acknowledged and ignored.</summary>
    [Function(Name)]
    public async Task RunAsync([QueueTrigger("webjobs-blobtrigger-poison", Connection = "AzureWebJobsStorage")] PoisonBlobMessage message, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(message.BlobName) || !string.Equals(message.ContainerName, seeds.Container, StringComparison.Ordinal))
        {
            LogOtherContainer(message.ContainerName ?? "", message.BlobName ?? "");
            return;
        }

        try
        {
            await QuarantineAsync(message, message.BlobName, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            await seeds.SendAgainAsync(QueueName, JsonSerializer.Serialize(message), RetryDelay, cancellationToken);
            LogRequeued(ex, message.BlobName, clock.GetUtcNow() + RetryDelay);
        }
    }

    private async Task QuarantineAsync(PoisonBlobMessage message, string name, CancellationToken cancellationToken)
    {
        switch (await SeedBlob.TryReadAsync(ingestion, seeds.Blob(name), cancellationToken))
        {
            case null:
                LogGone(name);
                return;
            case { Unread: { } unread }:
                await ingestion.RejectTooLargeAsync(name, unread.Size, unread.Sha256, cancellationToken);
                LogQuarantined(name);
                return;
            case { Bytes: { } bytes }:
                var rejection = new Rejection(name, "ingest", Code,
                    $"Ingestion failed on every attempt until the blob trigger gave up (function {message.FunctionId ?? NormaliseSeedFunction.Name}); " +
                    "see that function's invocation logs for the errors. Re-ingest once the cause is fixed.",
                    clock.GetUtcNow(), bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)));
                await quarantine.AddAsync(rejection, bytes, cancellationToken);
                LogQuarantined(name);
                return;
        }
    }

    /// <summary>The message the blob trigger writes to <c>webjobs-blobtrigger-poison</c>.</summary>
    public sealed record PoisonBlobMessage(string? Type, string? FunctionId, string? BlobType, string? ContainerName, string? BlobName, string? ETag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seed {BlobName} exhausted the blob trigger's retries; kept in quarantine")]
    private partial void LogQuarantined(string blobName);

    [LoggerMessage(Level = LogLevel.Error, Message = "Seed {BlobName} exhausted the blob trigger's retries and could not be quarantined; tried again at {RetryAt}")]
    private partial void LogRequeued(Exception exception, string blobName, DateTimeOffset retryAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Poison seed {BlobName} no longer exists")]
    private partial void LogGone(string blobName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ignoring poison blob {ContainerName}/{BlobName}: not a seed")]
    private partial void LogOtherContainer(string containerName, string blobName);
}
