using System.Security.Cryptography;
using FeedRelay.Storage;
using FeedRelay.Storage.Azure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeedRelay.Host.Functions;

/// <summary>
/// <c>POST /QuarantinePoisonSeed</c>: the queue trigger on <c>webjobs-blobtrigger-poison</c>, where the blob trigger
/// puts a blob after <c>extensions.blobs.poisonBlobThreshold</c> failed invocations. The seed is copied into the
/// quarantine with the reason, so that nothing is lost and it shows up in <c>/api/ingest/rejections</c>.
/// </summary>
public static partial class QuarantinePoisonSeedFunction
{
    /// <summary>The function (and route) name the host calls.</summary>
    public const string Name = "QuarantinePoisonSeed";

    /// <summary>The trigger binding's name in <c>function.json</c>.</summary>
    public const string Binding = "poison";

    /// <summary>Stable error code of seeds that the blob trigger gave up on.</summary>
    public const string Code = "ingest.retries-exhausted";

    internal static async Task<Results<Ok<InvocationResponse>, BadRequest<InvocationResponse>, JsonHttpResult<InvocationResponse>>> InvokeAsync(
        HttpRequest request, IServiceProvider services, IQuarantine quarantine, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(QuarantinePoisonSeedFunction).FullName!);
        var invocation = await InvocationRequest.ReadAsync(request, cancellationToken);
        var message = invocation is not null && invocation.TryGetData(Binding, out var data) ? InvocationRequest.ReadMessage<PoisonBlobMessage>(data) : null;
        if (message is null || string.IsNullOrEmpty(message.BlobName) || string.IsNullOrEmpty(message.ContainerName))
        {
            return TypedResults.BadRequest(InvocationResponse.WithLogs("The queue message is not a blob trigger poison message."));
        }

        if (services.GetService<AzureSeedSource>() is not { } seeds)
        {
            return TypedResults.Json(InvocationResponse.WithLogs("Poison seeds can only be read with Azure storage configured."),
                statusCode: StatusCodes.Status500InternalServerError);
        }

        if (!string.Equals(message.ContainerName, seeds.Container, StringComparison.Ordinal))
        {
            LogOtherContainer(logger, message.ContainerName, message.BlobName);
            return TypedResults.Ok(InvocationResponse.WithLogs($"Ignored poison blob {message.ContainerName}/{message.BlobName}: not a seed."));
        }

        try
        {
            var bytes = await seeds.TryReadAsync(message.ContainerName, message.BlobName, cancellationToken);
            if (bytes is null)
            {
                LogGone(logger, message.BlobName);
                return TypedResults.Ok(InvocationResponse.WithLogs($"Seed {message.BlobName} no longer exists; nothing to quarantine."));
            }

            var rejection = new Rejection(message.BlobName, "ingest", Code,
                $"Ingestion failed on every attempt until the blob trigger gave up (function {message.FunctionId ?? NormaliseSeedFunction.Name}); " +
                "see that function's invocation logs for the errors. Re-ingest once the cause is fixed.",
                clock.GetUtcNow(), bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)));
            await quarantine.AddAsync(rejection, bytes, cancellationToken);
            LogQuarantined(logger, message.BlobName);
            return TypedResults.Ok(InvocationResponse.WithLogs($"Quarantined seed {message.BlobName} ({Code})."));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, ex, message.BlobName);
            return TypedResults.Json(InvocationResponse.WithLogs($"Quarantining seed {message.BlobName} failed: {ex.GetType().Name}: {ex.Message}"),
                statusCode: StatusCodes.Status500InternalServerError);
        }
    }

    /// <summary>The message the blob trigger writes to <c>webjobs-blobtrigger-poison</c>.</summary>
    public sealed record PoisonBlobMessage(string? Type, string? FunctionId, string? BlobType, string? ContainerName, string? BlobName, string? ETag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seed {BlobName} exhausted the blob trigger's retries; kept in quarantine")]
    private static partial void LogQuarantined(ILogger logger, string blobName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Poison seed {BlobName} no longer exists")]
    private static partial void LogGone(ILogger logger, string blobName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ignoring poison blob {ContainerName}/{BlobName}: not in the seeds container")]
    private static partial void LogOtherContainer(ILogger logger, string containerName, string blobName);

    [LoggerMessage(Level = LogLevel.Error, Message = "Quarantining poison seed {BlobName} failed; the host will retry")]
    private static partial void LogFailed(ILogger logger, Exception exception, string blobName);
}
