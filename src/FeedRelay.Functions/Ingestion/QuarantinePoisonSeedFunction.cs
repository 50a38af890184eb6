using System.Security.Cryptography;
using FeedRelay.Storage;
using FeedRelay.Storage.Azure;

namespace FeedRelay.Functions.Ingestion;

/// <summary>
/// The queue trigger on <c>webjobs-blobtrigger-poison</c>, where the blob trigger puts a blob after
/// <c>extensions.blobs.poisonBlobThreshold</c> failed invocations. The seed is copied into the quarantine with the reason,
/// so that nothing is lost and it shows up in <c>/api/ingest/rejections</c>.
/// </summary>
public sealed partial class QuarantinePoisonSeedFunction(
    AzureSeedSource seeds, IQuarantine quarantine, TimeProvider clock, ILogger<QuarantinePoisonSeedFunction> logger)
{
    /// <summary>The function's name.</summary>
    public const string Name = "QuarantinePoisonSeed";

    /// <summary>Stable error code of seeds that the blob trigger gave up on.</summary>
    public const string Code = "ingest.retries-exhausted";

    /// <summary>Quarantines the blob named by <paramref name="message"/>; a message about another container is acknowledged and ignored.</summary>
    [Function(Name)]
    public async Task RunAsync(
        [QueueTrigger("webjobs-blobtrigger-poison", Connection = "AzureWebJobsStorage")] PoisonBlobMessage message, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(message.BlobName) || !string.Equals(message.ContainerName, seeds.Container, StringComparison.Ordinal))
        {
            LogOtherContainer(message.ContainerName ?? "", message.BlobName ?? "");
            return;
        }

        var bytes = await seeds.TryReadAsync(seeds.Container, message.BlobName, cancellationToken);
        if (bytes is null)
        {
            LogGone(message.BlobName);
            return;
        }

        var rejection = new Rejection(message.BlobName, "ingest", Code,
            $"Ingestion failed on every attempt until the blob trigger gave up (function {message.FunctionId ?? NormaliseSeedFunction.Name}); " +
            "see that function's invocation logs for the errors. Re-ingest once the cause is fixed.",
            clock.GetUtcNow(), bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        await quarantine.AddAsync(rejection, bytes, cancellationToken);
        LogQuarantined(message.BlobName);
    }

    /// <summary>The message the blob trigger writes to <c>webjobs-blobtrigger-poison</c>.</summary>
    public sealed record PoisonBlobMessage(string? Type, string? FunctionId, string? BlobType, string? ContainerName, string? BlobName, string? ETag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seed {BlobName} exhausted the blob trigger's retries; kept in quarantine")]
    private partial void LogQuarantined(string blobName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Poison seed {BlobName} no longer exists")]
    private partial void LogGone(string blobName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ignoring poison blob {ContainerName}/{BlobName}: not a seed")]
    private partial void LogOtherContainer(string containerName, string blobName);
}
