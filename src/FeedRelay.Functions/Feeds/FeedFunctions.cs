using FeedRelay.Web.Feeds;
using Microsoft.Extensions.Options;

namespace FeedRelay.Functions.Feeds;

/// <summary>The feeds routes as HTTP functions; each calls the handler the server maps.</summary>
public sealed class FeedFunctions(
    FeedService feeds, FeedRelay.Storage.IArticleStore store, IOptions<FeedRelayOptions> options, IOptions<FeedServingOptions> serving, TimeProvider clock)
{
    /// <summary>Route of <c>Home</c>: the site root (an empty route would default to the function's name).</summary>
    public const string HomeRoute = "{ignored:maxlength(0)?}";

    /// <summary><see cref="Routes.Home"/>.</summary>
    [Function("Home")]
    public async Task<IResult> Home([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = HomeRoute)] HttpRequest request) =>
        await IndexEndpoints.GetIndexAsync(request.HttpContext, store, options, request.HttpContext.RequestAborted);

    /// <summary><see cref="Routes.FeedIndex"/>.</summary>
    [Function("FeedIndex")]
    public async Task<IResult> FeedIndex([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = Routes.FeedIndex)] HttpRequest request) =>
        await IndexEndpoints.GetIndexAsync(request.HttpContext, store, options, request.HttpContext.RequestAborted);

    /// <summary><see cref="Routes.Opml"/>.</summary>
    [Function("Opml")]
    public async Task<IResult> Opml([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = Routes.Opml)] HttpRequest request) =>
        await IndexEndpoints.GetOpmlAsync(request.HttpContext, store, options, request.HttpContext.RequestAborted);

    /// <summary><see cref="Routes.Feed"/>.</summary>
    [Function("Feed")]
    public async Task<IResult> Feed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = Routes.Feed)] HttpRequest request, string name, string format) =>
        await FeedEndpoints.GetFeedAsync(name, format, request.HttpContext, feeds, options, serving, clock, request.HttpContext.RequestAborted);
}
