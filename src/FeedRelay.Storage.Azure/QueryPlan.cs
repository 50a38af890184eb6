namespace FeedRelay.Storage.Azure;

/// <summary>
/// Which index partitions answer an <see cref="ArticleQuery"/>: one source's partition, else a merge of the listed sources'
/// partitions, else the category's, else the language's, else <c>all</c>. <see cref="Residual"/> says whether filters remain
/// to be checked on the rows (then a query reads ahead in larger pages).
/// </summary>
internal sealed record QueryPlan(IReadOnlyList<string> Partitions, bool Residual)
{
    /// <summary>The plan of <paramref name="query"/>; no partitions when no article can match.</summary>
    public static QueryPlan Of(ArticleQuery query)
    {
        var sources = query.Sources.Distinct(StringComparer.Ordinal).ToList();
        if (query.SourceSlug is { } slug)
        {
            if (sources.Count > 0 && !sources.Contains(slug, StringComparer.Ordinal))
            {
                return new QueryPlan([], false);
            }

            sources = [slug];
        }

        if (sources.Count > 0)
        {
            return new QueryPlan(sources.Select(IndexKeys.Source).ToList(), query.Category is not null || query.Language is not null);
        }

        if (query.Category is { } category)
        {
            return new QueryPlan([IndexKeys.Category(category)], query.Language is not null);
        }

        return query.Language is { } language
            ? new QueryPlan([IndexKeys.Language(language)], false)
            : new QueryPlan([IndexKeys.All], false);
    }
}
