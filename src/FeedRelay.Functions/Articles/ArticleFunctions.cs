using FeedRelay.Storage;
using FeedRelay.Web.Articles;

namespace FeedRelay.Functions.Articles;

/// <summary>The article page as an HTTP function; it calls the handler the server maps.</summary>
public sealed class ArticleFunctions(IArticleStore store)
{
    /// <summary><see cref="Routes.Article"/>.</summary>
    [Function("Article")]
    public async Task<IResult> Article(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = Routes.Article)] HttpRequest request, string id) =>
        await ArticleEndpoints.GetArticleAsync(id, request.Query["lang"], request.HttpContext, store, request.HttpContext.RequestAborted);
}
