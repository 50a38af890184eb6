using FeedRelay.Ingestion;
using FeedRelay.Storage;
using FeedRelay.Web.Ingestion;

namespace FeedRelay.Functions.Ingestion;

/// <summary>The quarantine routes as HTTP functions; each calls the handler the server maps. Retries need a function key.</summary>
public sealed class RejectionFunctions(IQuarantine quarantine, IngestionService ingestion, IngestionCounters counters)
{
    /// <summary><see cref="Routes.Rejections"/>.</summary>
    [Function("Rejections")]
    public async Task<IResult> Rejections([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = Routes.Rejections)] HttpRequest request) =>
        await IngestEndpoints.ListAsync(request.HttpContext, quarantine, request.Query["limit"], request.Query["continuation"], request.HttpContext.RequestAborted);

    /// <summary><see cref="Routes.Rejection"/>.</summary>
    [Function("Rejection")]
    public async Task<IResult> Rejection(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = Routes.Rejection)] HttpRequest request, string sha256) =>
        await IngestEndpoints.GetAsync(sha256, quarantine, request.HttpContext.RequestAborted);

    /// <summary><see cref="Routes.RetryRejection"/>.</summary>
    [Function("RetryRejection")]
    public async Task<IResult> RetryRejection(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.RetryRejection)] HttpRequest request, string sha256) =>
        await IngestEndpoints.RetryAsync(sha256, ingestion, counters, request.HttpContext.RequestAborted);

    /// <summary><see cref="Routes.RetryRejections"/>.</summary>
    [Function("RetryRejections")]
    public async Task<IResult> RetryRejections([HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.RetryRejections)] HttpRequest request) =>
        await IngestEndpoints.RetryAllAsync(request.HttpContext, ingestion, counters, request.Query["limit"], request.Query["continuation"],
            request.HttpContext.RequestAborted);
}
