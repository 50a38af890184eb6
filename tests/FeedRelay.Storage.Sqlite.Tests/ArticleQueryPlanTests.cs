using FeedRelay.Storage;
using FeedRelay.Storage.Sqlite;

namespace FeedRelay.Tests.Storage;

/// <summary>
/// Which queries have their time capped: a keyword search, and any query with a filter checked row by row along its
/// driving index (with no match it walks the whole range); a query its index answers alone is not capped.
/// </summary>
public sealed class ArticleQueryPlanTests
{
    public static TheoryData<ArticleQuery, bool> Cases() => new()
    {
        { new ArticleQuery(Limit: 50), false },
        { new ArticleQuery(Limit: 50) { SourceSlug = "voa" }, false },
        { new ArticleQuery(Limit: 50) { SourceSlug = "voa", Since = DateTimeOffset.UnixEpoch }, false },
        { new ArticleQuery(Limit: 50) { Category = "news" }, false },
        { new ArticleQuery(Limit: 50) { Keyword = "nato" }, true },
        { new ArticleQuery(Limit: 50) { SourceSlug = "voa", Language = "zz" }, true },
        { new ArticleQuery(Limit: 50) { Sources = ["voa", "rfi"], Language = "zz" }, true },
        { new ArticleQuery(Limit: 50) { Category = "news", Sources = ["voa"] }, true },
        { new ArticleQuery(Limit: 50) { Category = "news", Language = "zz" }, true },

        // As many sources as a feed request may name (64): one walk of the source index each, merged, not a walk of the whole
        // publication index checking each row's source.
        { new ArticleQuery(Limit: 50) { Sources = [.. Enumerable.Range(0, 64).Select(i => "s" + i)] }, false },
    };

    [Fact]
    public void Sixty_four_named_sources_are_walked_one_source_range_each()
    {
        var plan = ArticleQueryPlan.For(new ArticleQuery(Limit: 50) { Sources = [.. Enumerable.Range(0, 64).Select(i => "s" + i)] })!;

        Assert.Equal(64, plan.Sql.Split("INDEXED BY ix_articles_source").Length - 1);
        Assert.DoesNotContain("ix_articles_published", plan.Sql, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_query_is_capped_in_time_when_its_index_alone_cannot_answer_it(ArticleQuery query, bool capped)
    {
        var plan = ArticleQueryPlan.For(query)!;

        Assert.Equal(capped, plan.IsSearch || plan.ChecksRows);
    }
}
