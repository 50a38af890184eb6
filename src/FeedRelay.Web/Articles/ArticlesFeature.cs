namespace FeedRelay.Web.Articles;

/// <summary>The articles feature: FeedRelay's own page of each article, the link target of items without an original link.</summary>
public static class ArticlesFeature
{
    /// <summary>Maps <see cref="Routes.Article"/>.</summary>
    public static IEndpointRouteBuilder MapArticles(this IEndpointRouteBuilder routes)
    {
        routes.MapMethods("/" + Routes.Article, Routes.Read, ArticleEndpoints.GetArticleAsync).WithName("Article");
        return routes;
    }
}
