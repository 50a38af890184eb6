using FeedRelay.Ingestion;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeedRelay.Host.Functions;

/// <summary>
/// <c>POST /NormaliseSeed</c>: the blob trigger on <c>seeds/{name}</c>. A good seed becomes an article, a bad seed is
/// quarantined with its reason and acknowledged (a retry would not make it good); a storage failure answers 500 so
/// that the host retries, and after its poison threshold <see cref="QuarantinePoisonSeedFunction"/> keeps the seed.
/// Delivery is at least once: a repeated blob upserts an identical article, which is a no-op.
/// </summary>
public static partial class NormaliseSeedFunction
{
    /// <summary>The function (and route) name the host calls.</summary>
    public const string Name = "NormaliseSeed";

    /// <summary>The trigger binding's name in <c>function.json</c>.</summary>
    public const string Binding = "seed";

    internal static async Task<Results<Ok<InvocationResponse>, BadRequest<InvocationResponse>, JsonHttpResult<InvocationResponse>>> InvokeAsync(
        HttpRequest request, IngestionService ingestion, IngestionCounters counters, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(NormaliseSeedFunction).FullName!);
        var invocation = await InvocationRequest.ReadAsync(request, cancellationToken);
        if (invocation is null || !invocation.TryGetBytes(Binding, out var bytes))
        {
            LogMalformed(logger);
            return TypedResults.BadRequest(InvocationResponse.WithLogs($"The invocation has no '{Binding}' input in Data."));
        }

        var name = SeedName(invocation);
        try
        {
            var outcome = await ingestion.IngestAsync(name, bytes, cancellationToken);
            counters.Record(outcome.Status == IngestStatus.Rejected);
            return TypedResults.Ok(InvocationResponse.WithLogs(outcome.Rejection is { } r
                ? $"Quarantined seed {name} at stage {r.Stage} ({r.Code}): {r.Error}"
                : $"Seed {name} → article {outcome.ArticleId}: {outcome.Status}"));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Not the seed's fault (storage down, throttled, …): fail the invocation so that the host retries it.
            LogFailed(logger, ex, name);
            return TypedResults.Json(InvocationResponse.WithLogs($"Ingesting seed {name} failed: {ex.GetType().Name}: {ex.Message}"),
                statusCode: StatusCodes.Status500InternalServerError);
        }
    }

    /// <summary>The blob's name inside the seeds container: metadata <c>name</c>, else the last part of <c>Uri</c>.</summary>
    private static string SeedName(InvocationRequest invocation)
    {
        if (invocation.Metadata("name") is { Length: > 0 } name)
        {
            return name;
        }

        if (Uri.TryCreate(invocation.Metadata("Uri"), UriKind.Absolute, out var uri))
        {
            // https://acct.blob.core.windows.net/seeds/dir/a.txt → dir/a.txt
            var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var skip = uri.IsLoopback ? 2 : 1; // Azurite puts the account name first.
            if (segments.Length > skip)
            {
                return Uri.UnescapeDataString(string.Join('/', segments[skip..]));
            }
        }

        return "unnamed-seed";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "NormaliseSeed invocation without seed bytes")]
    private static partial void LogMalformed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ingesting seed {Name} failed; the host will retry")]
    private static partial void LogFailed(ILogger logger, Exception exception, string name);
}
