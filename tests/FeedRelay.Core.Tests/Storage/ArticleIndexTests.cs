using FeedRelay.Storage;

namespace FeedRelay.Tests.Storage;

public sealed class ArticleIndexTests
{
    private static readonly DateTimeOffset Start = new(2022, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static Article A(int n, string source, string language = "zh-Hans", string category = "news", string title = "") => new()
    {
        Id = $"id{n:D6}",
        Source = source.ToUpperInvariant(),
        SourceSlug = source,
        Title = title.Length > 0 ? title : $"Story {n}",
        Published = Start.AddMinutes(n),
        Language = language,
        Categories = [category],
    };

    private static ArticleIndex Filled(IEnumerable<Article> articles)
    {
        var index = new ArticleIndex();
        foreach (var article in articles)
        {
            index.Set(article);
        }

        return index;
    }

    private static List<Article> Mixed() => Enumerable.Range(0, 300)
        .Select(n => A(n, (n % 3) switch { 0 => "dw", 1 => "voa", _ => "rfi" }, n % 5 == 0 ? "zh-Hant" : "zh-Hans", n % 7 == 0 ? "World" : "news",
            n % 11 == 0 ? $"Ukraine talks {n}" : ""))
        .Reverse()
        .ToList();

    public static TheoryData<string> Queries() => ["all", "source", "sources", "category", "language", "keyword", "since", "combined"];

    private static ArticleQuery Make(string name) => name switch
    {
        "source" => new ArticleQuery("voa", 20),
        "sources" => new ArticleQuery(Limit: 40) { Sources = ["dw", "rfi"] },
        "category" => new ArticleQuery(Limit: 500) { Category = "world" },
        "language" => new ArticleQuery(Limit: 500) { Language = "zh-Hant" },
        "keyword" => new ArticleQuery(Limit: 500) { Keyword = "UKRAINE" },
        "since" => new ArticleQuery(Limit: 500) { Since = Start.AddMinutes(250) },
        "combined" => new ArticleQuery(Limit: 5) { Sources = ["dw", "voa"], Language = "zh", Since = Start.AddMinutes(100) },
        _ => new ArticleQuery(Limit: 50),
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public void Queries_return_exactly_what_a_full_scan_and_sort_would(string name)
    {
        var articles = Mixed();
        var query = Make(name);

        var expected = articles.Where(query.Matches).OrderByDescending(a => a.Published).Take(query.Limit).Select(a => a.Id).ToList();
        var actual = Filled(articles).Query(query).Select(a => a.Id).ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Language_filter_matches_the_tag_and_its_subtags_only()
    {
        var index = Filled([A(1, "a", "zh-Hant"), A(2, "a", "zh"), A(3, "a", "zhx"), A(4, "a", "en")]);

        Assert.Equal(["id000002", "id000001"], index.Query(new ArticleQuery(Limit: 10) { Language = "zh" }).Select(a => a.Id));
    }

    [Fact]
    public void Replacing_an_article_moves_it_and_removing_it_drops_it_and_both_bump_the_versions()
    {
        var index = Filled([A(1, "dw"), A(2, "voa"), A(3, "dw")]);
        var version = index.Version;
        var voaVersion = index.SourceVersion("voa");

        index.Set(A(1, "dw") with { Published = Start.AddDays(1) });

        Assert.Equal(["id000001", "id000003", "id000002"], index.Query(new ArticleQuery()).Select(a => a.Id));
        Assert.True(index.Version > version);
        Assert.Equal(voaVersion, index.SourceVersion("voa"));
        Assert.Equal(3, index.Count);

        Assert.True(index.Remove("id000003"));
        Assert.False(index.Remove("id000003"));
        Assert.Equal(["id000001", "id000002"], index.Query(new ArticleQuery()).Select(a => a.Id));
        Assert.Equal(index.Version, index.SourceVersion("dw"));
    }

    [Fact]
    public void Sources_give_counts_latest_publication_and_skip_emptied_sources()
    {
        var index = Filled([A(1, "dw"), A(5, "dw"), A(2, "voa")]);
        index.Remove("id000002");

        var source = Assert.Single(index.Sources());
        Assert.Equal(new SourceSummary("dw", "DW", 2, Start.AddMinutes(5)), source);
    }

    [Fact]
    public void Equal_queries_have_equal_cache_keys_and_different_ones_do_not()
    {
        var a = new ArticleQuery(Limit: 5) { Sources = ["voa", "dw"], Keyword = "Talks" };
        var b = new ArticleQuery(Limit: 5) { Sources = ["dw", "voa", "dw"], Keyword = "Talks" };

        Assert.Equal(a.CacheKey(), b.CacheKey());
        Assert.NotEqual(a.CacheKey(), (a with { Limit = 6 }).CacheKey());
        Assert.NotEqual(a.CacheKey(), (a with { Since = Start }).CacheKey());
    }
}
