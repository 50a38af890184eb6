using FeedRelay.Storage;
using FeedRelay.Web.Ingestion;
using FeedRelay.Web.Operations;

namespace FeedRelay.Functions.Operations;

/// <summary>The health route as an HTTP function; it calls the handler the server maps.</summary>
public sealed class HealthFunction(IArticleStore store, IngestionCounters counters, BackgroundHealth background, IEnumerable<IHealthProbe> probes)
{
    /// <summary><see cref="Routes.Health"/>.</summary>
    [Function("Health")]
    public async Task<IResult> Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = Routes.Health)] HttpRequest request) =>
        await OperationsEndpoints.GetHealthAsync(store, counters, background, probes, request.HttpContext.RequestAborted);
}
