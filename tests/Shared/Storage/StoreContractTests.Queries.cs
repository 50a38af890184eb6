using FeedRelay.Storage;

namespace FeedRelay.Tests.Storage;

/// <summary>The query side of the store contract: paging by cursor, every filter, keyword search (CJK included), versions.</summary>
public abstract partial class StoreContractTests
{
    private static readonly DateTimeOffset Start = new(2023, 7, 10, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Walking_a_feed_by_cursor_reaches_the_first_article_with_none_missing_or_repeated_while_articles_are_added()
    {
        await using var stores = await CreateAsync();
        // Ties on purpose: every third article shares its time with the one before (date-only seeds do that).
        var original = Enumerable.Range(0, 40).Select(n => Numbered(n, (n % 3) switch { 0 => "bbc", 1 => "dw", _ => "voa" }, minutes: n - n % 3 / 2)).ToList();
        await stores.Articles.UpsertManyAsync(original);

        var seen = new List<Article>();
        FeedCursor? cursor = null;
        var added = 0;
        for (var page = 0; page < 100; page++)
        {
            var articles = await stores.Articles.QueryAsync(new ArticleQuery(Limit: 7) { Before = cursor });
            if (articles.Count == 0)
            {
                break;
            }

            seen.AddRange(articles);
            Assert.True(FeedCursor.TryDecode(FeedCursor.After(articles[^1]).Encode(), out cursor));
            // Meanwhile: one newer article (belongs to pages already read) and one changed old article.
            await stores.Articles.UpsertAsync(Numbered(1000 + added++, "bbc", minutes: 10_000 + page));
            await stores.Articles.UpsertAsync(original[page] with { Summary = "edited " + page });
        }

        Assert.Equal(seen.Count, seen.Select(a => a.Id).Distinct().Count());
        Assert.Subset(seen.Select(a => a.Id).ToHashSet(), original.Select(a => a.Id).ToHashSet());
        Assert.Equal(original.Count, seen.Count);
        Assert.Equal(seen.Select(a => a.Id), seen.OrderByDescending(a => a.Published).ThenBy(a => a.Id, StringComparer.Ordinal).Select(a => a.Id));
        Assert.Equal("n000000", seen[^1].Id);
    }

    [Fact]
    public async Task Paging_a_filtered_feed_gives_exactly_the_filtered_feed()
    {
        await using var stores = await CreateAsync();
        var articles = Enumerable.Range(0, 30).Select(n => Numbered(n, (n % 3) switch { 0 => "bbc", 1 => "dw", _ => "voa" }, minutes: n / 2)).ToList();
        await stores.Articles.UpsertManyAsync(articles);
        var query = new ArticleQuery(Limit: 4) { Sources = ["voa", "bbc"], Category = "World" };

        var walked = new List<string>();
        for (FeedCursor? cursor = null; ;)
        {
            var page = await stores.Articles.QueryAsync(query with { Before = cursor });
            if (page.Count == 0)
            {
                break;
            }

            walked.AddRange(page.Select(a => a.Id));
            cursor = FeedCursor.After(page[^1]);
        }

        var expected = articles.Where(query.Matches).OrderByDescending(a => a.Published).ThenBy(a => a.Id, StringComparer.Ordinal).Select(a => a.Id).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, walked);
    }

    public static TheoryData<string> FilterNames() => ["all", "source", "sources", "category", "language", "since", "combined", "before"];

    [Theory]
    [MemberData(nameof(FilterNames))]
    public async Task Filters_return_exactly_what_a_full_scan_would(string name)
    {
        await using var stores = await CreateAsync();
        var articles = Enumerable.Range(0, 60).Select(n => Numbered(n, (n % 3) switch { 0 => "bbc", 1 => "dw", _ => "voa" }, minutes: n)).ToList();
        await stores.Articles.UpsertManyAsync(articles);
        var query = name switch
        {
            "source" => new ArticleQuery("dw", 10),
            "sources" => new ArticleQuery(Limit: 15) { Sources = ["voa", "dw", "voa", "nobody"] },
            "category" => new ArticleQuery(Limit: 100) { Category = "WORLD" },
            "language" => new ArticleQuery(Limit: 100) { Language = "zh" },
            "since" => new ArticleQuery(Limit: 100) { Since = Start.AddMinutes(45) },
            "combined" => new ArticleQuery(Limit: 5) { Sources = ["bbc", "voa"], Language = "zh-Hant", Category = "world", Since = Start.AddMinutes(3) },
            "before" => new ArticleQuery("bbc", 5) { Before = new FeedCursor(Start.AddMinutes(30).UtcTicks, "n000030") },
            _ => new ArticleQuery(Limit: 25),
        };

        var expected = articles.Where(query.Matches).OrderByDescending(a => a.Published).ThenBy(a => a.Id, StringComparer.Ordinal).Take(query.Limit).Select(a => a.Id).ToList();
        var actual = (await stores.Articles.QueryAsync(query)).Select(a => a.Id).ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Language_filter_matches_the_tag_and_its_subtags_only()
    {
        await using var stores = await CreateAsync();
        await stores.Articles.UpsertManyAsync([
            Numbered(1, "a", 1) with { Language = "zh-Hant" }, Numbered(2, "a", 2) with { Language = "zh" },
            Numbered(3, "a", 3) with { Language = "zhx" }, Numbered(4, "a", 4) with { Language = "en" }, Numbered(5, "a", 5) with { Language = null },
        ]);

        Assert.Equal(["n000002", "n000001"], (await stores.Articles.QueryAsync(new ArticleQuery { Language = "zh" })).Select(a => a.Id));
        Assert.Equal(["n000001"], (await stores.Articles.QueryAsync(new ArticleQuery { Language = "ZH-hant" })).Select(a => a.Id));
    }

    public static TheoryData<string, string[]> Searches() => new()
    {
        { "北约", ["cjk-2", "cjk-1"] },
        { "约", ["cjk-3", "cjk-2", "cjk-1"] },
        { "峰会", ["cjk-1"] },
        { "summit", ["cjk-1", "en-1"] },
        { "SUMMIT", ["cjk-1", "en-1"] },
        { "Vilnius", ["cjk-1", "en-1"] },
        { "vilni", ["cjk-1", "en-1"] },
        { "talks in Vilnius", ["en-1"] },
        { "乌克兰", [] },
        { "nothing-like-this", [] },
    };

    [Theory]
    [MemberData(nameof(Searches))]
    public async Task Keyword_search_finds_words_and_one_or_two_cjk_characters_in_titles_summaries_and_translations(string keyword, string[] expected)
    {
        await using var stores = await CreateAsync();
        if (await RefusesKeywordSearchAsync(stores.Articles))
        {
            return;
        }

        await stores.Articles.UpsertManyAsync(SearchCorpus());

        var found = await stores.Articles.QueryAsync(new ArticleQuery { Keyword = keyword });

        Assert.Equal(expected, found.Select(a => a.Id));
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("NEAR(北约 峰会)")]
    [InlineData("title:北约")]
    [InlineData("*")]
    [InlineData("summit OR")]
    [InlineData("-summit")]
    [InlineData("   ")]
    [InlineData("'; DROP TABLE articles; --")]
    public async Task Keyword_search_treats_query_syntax_as_text(string keyword)
    {
        await using var stores = await CreateAsync();
        if (await RefusesKeywordSearchAsync(stores.Articles))
        {
            return;
        }

        await stores.Articles.UpsertManyAsync(SearchCorpus());

        var found = await stores.Articles.QueryAsync(new ArticleQuery { Keyword = keyword });

        Assert.All(found, a => Assert.Contains(a, SearchCorpus(), new IdComparer()));
        Assert.Equal(4, (await stores.Articles.QueryAsync(new ArticleQuery())).Count);
    }

    [Fact]
    public async Task Keyword_search_combines_with_filters_and_paging()
    {
        await using var stores = await CreateAsync();
        if (await RefusesKeywordSearchAsync(stores.Articles))
        {
            return;
        }

        await stores.Articles.UpsertManyAsync(SearchCorpus());

        Assert.Equal(["cjk-2"], (await stores.Articles.QueryAsync(new ArticleQuery("dw") { Keyword = "北约" })).Select(a => a.Id));
        var first = Assert.Single(await stores.Articles.QueryAsync(new ArticleQuery(Limit: 1) { Keyword = "约" }));
        Assert.Equal(["cjk-2", "cjk-1"], (await stores.Articles.QueryAsync(new ArticleQuery { Keyword = "约", Before = FeedCursor.After(first) })).Select(a => a.Id));
    }

    [Fact]
    public async Task Keyword_search_follows_changed_titles_and_new_translations()
    {
        await using var stores = await CreateAsync();
        if (await RefusesKeywordSearchAsync(stores.Articles))
        {
            return;
        }

        var article = Sample("a1", "bbc", 0) with { Title = "北约峰会", Summary = "" };
        await stores.Articles.UpsertAsync(article);

        var changed = article with { Title = "欧盟会议" };
        await stores.Articles.UpsertAsync(changed);
        Assert.True(await stores.Articles.TryReplaceAsync(changed, changed with
        {
            Translation = new ArticleTranslation { Language = "en", Title = "EU meeting" },
        }));

        Assert.Empty(await stores.Articles.QueryAsync(new ArticleQuery { Keyword = "北约" }));
        Assert.Equal(["a1"], (await stores.Articles.QueryAsync(new ArticleQuery { Keyword = "欧盟" })).Select(a => a.Id));
        Assert.Equal(["a1"], (await stores.Articles.QueryAsync(new ArticleQuery { Keyword = "meeting" })).Select(a => a.Id));
    }

    [Fact]
    public async Task The_version_changes_with_the_feeds_of_a_source_and_not_with_other_sources()
    {
        await using var stores = await CreateAsync();
        await stores.Articles.UpsertAsync(Sample("a1", "bbc", 0));
        await stores.Articles.UpsertAsync(Sample("a2", "dw", 0));
        var (all, bbc, dw) = (await stores.Articles.GetVersionAsync(null), await stores.Articles.GetVersionAsync("bbc"), await stores.Articles.GetVersionAsync("dw"));

        // An unchanged upsert may or may not move the version (a spurious change only costs a cache miss); a change must.
        await stores.Articles.UpsertAsync(Sample("a1", "bbc", 0) with { Title = "Changed" });
        Assert.NotEqual(all, await stores.Articles.GetVersionAsync(null));
        Assert.NotEqual(bbc, await stores.Articles.GetVersionAsync("bbc"));
        Assert.Equal(dw, await stores.Articles.GetVersionAsync("dw"));

        var before = await stores.Articles.GetVersionAsync("voa");
        await stores.Articles.UpsertAsync(Sample("a3", "voa", 1));
        Assert.NotEqual(before, await stores.Articles.GetVersionAsync("voa"));
    }

    [Fact]
    public async Task Named_sources_are_read_with_the_summaries_the_list_gives_and_unknown_ones_left_out()
    {
        await using var stores = await CreateAsync();
        await stores.Articles.UpsertAsync(Sample("a1", "bbc", 0));
        await stores.Articles.UpsertAsync(Sample("a2", "dw", 1));
        await stores.Articles.UpsertAsync(Sample("a3", "bbc", 2));

        var listed = await stores.Articles.ListSourcesAsync();
        var named = await stores.Articles.GetSourcesAsync(["dw", "voa", "bbc", "dw"]);

        Assert.Equal(listed, named.OrderBy(s => s.Slug, StringComparer.Ordinal));
        Assert.Equal(2, named.Single(s => s.Slug == "bbc").ArticleCount);
        Assert.Empty(await stores.Articles.GetSourcesAsync(["voa"]));
        Assert.Empty(await stores.Articles.GetSourcesAsync([]));
    }

    [Fact]
    public async Task The_change_time_of_a_source_and_of_all_moves_with_every_change_never_back_and_not_with_other_sources()
    {
        await using var stores = await CreateAsync();
        var articles = stores.Articles;
        if (!KeepsChangeTimes)
        {
            await articles.UpsertAsync(Sample("a1", "bbc", 0));
            Assert.Null(await articles.GetChangedAtAsync(null));
            return;
        }

        Assert.Null(await articles.GetChangedAtAsync(null));
        var start = Clock.GetUtcNow();
        await articles.UpsertAsync(Sample("a1", "bbc", 0));
        var between = Clock.GetUtcNow();
        await articles.UpsertAsync(Sample("a2", "dw", -48)); // older than every stored article: it still changes the feeds
        var (all, bbc, dw) = (await articles.GetChangedAtAsync(null), await articles.GetChangedAtAsync("bbc"), await articles.GetChangedAtAsync("dw"));
        Assert.InRange(bbc!.Value, start, between);
        Assert.InRange(dw!.Value, between, Clock.GetUtcNow());
        Assert.True(dw > bbc);
        Assert.Equal(dw, all);
        Assert.Null(await articles.GetChangedAtAsync("voa"));

        // An article leaving a source changes both sources' feeds; a third source stays as it was.
        await articles.UpsertAsync(Sample("a3", "voa", 0));
        var voa = await articles.GetChangedAtAsync("voa");
        await articles.UpsertAsync(Sample("a1", "dw", 0));
        Assert.True(await articles.GetChangedAtAsync("bbc") > voa);
        Assert.True(await articles.GetChangedAtAsync("dw") > voa);
        Assert.Equal(voa, await articles.GetChangedAtAsync("voa"));
        var latest = new[] { await articles.GetChangedAtAsync("bbc"), await articles.GetChangedAtAsync("dw"), voa }.Max();
        Assert.Equal(latest, await articles.GetChangedAtAsync(null));
        Assert.Equal(await articles.GetChangedAtAsync("dw"), await (await stores.ReopenAsync()).GetChangedAtAsync("dw"));
    }

    [Fact]
    public async Task Upserting_many_reports_each_outcome_in_order_and_keeps_the_source_summary()
    {
        await using var stores = await CreateAsync();
        await stores.Articles.UpsertAsync(Sample("a1", "bbc", 0));

        var outcomes = await stores.Articles.UpsertManyAsync([Sample("a1", "bbc", 0), Sample("a2", "bbc", 3), Sample("a1", "bbc", 0) with { Title = "New" }, Sample("a3", "dw", 1)]);

        Assert.Equal([UpsertOutcome.Unchanged, UpsertOutcome.Created, UpsertOutcome.Updated, UpsertOutcome.Created], outcomes);
        var sources = await stores.Articles.ListSourcesAsync();
        Assert.Equal([("bbc", 2, Day.AddHours(3)), ("dw", 1, Day.AddHours(1))], sources.Select(s => (s.Slug, s.ArticleCount, s.LatestPublished)));

        // Moving an article to another source (and back in time) moves its count and the latest publication.
        await stores.Articles.UpsertAsync(Sample("a2", "dw", -5));
        sources = await stores.Articles.ListSourcesAsync();
        Assert.Equal([("bbc", 1, Day), ("dw", 2, Day.AddHours(1))], sources.Select(s => (s.Slug, s.ArticleCount, s.LatestPublished)));
    }

    /// <summary>Article <c>n{n:D6}</c> of <paramref name="source"/>, published <paramref name="minutes"/> after a fixed start.</summary>
    private static Article Numbered(int n, string source, int minutes) => new()
    {
        Id = $"n{n:D6}",
        Source = source.ToUpperInvariant(),
        SourceSlug = source,
        Title = $"Story {n}",
        Published = Start.AddMinutes(minutes),
        Updated = Start.AddMinutes(minutes),
        Categories = n % 4 == 0 ? ["World", "news"] : ["news"],
        Language = (n % 5) switch { 0 => "zh-Hant", 1 => "zh-Hans", 2 => "zh", 3 => "en", _ => null },
        Summary = $"Summary {n}",
    };

    private static List<Article> SearchCorpus() =>
    [
        Sample("cjk-1", "bbc", 1) with
        {
            Title = "北约峰会在维尔纽斯举行",
            Summary = "盟国讨论防务开支。",
            Translation = new ArticleTranslation { Language = "en", Title = "NATO summit held in Vilnius", Summary = "Allies discuss defence spending." },
        },
        Sample("cjk-2", "dw", 2) with { Title = "带你深入：北约“空中卫士23”", Summary = "德国主办的演习" },
        Sample("cjk-3", "voa", 3) with { Title = "条约", Summary = "新的约定" },
        Sample("en-1", "voa", 0) with { Title = "Summit talks in Vilnius", Summary = "Leaders meet.", Language = "en" },
    ];

    private sealed class IdComparer : IEqualityComparer<Article>
    {
        public bool Equals(Article? x, Article? y) => x?.Id == y?.Id;

        public int GetHashCode(Article obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }

    /// <summary>
    /// True (after checking the refusal) for a store without keyword search: it must throw the named exception rather than
    /// scan; a store with keyword search goes on to the test's own assertions.
    /// </summary>
    private static async Task<bool> RefusesKeywordSearchAsync(IArticleStore store)
    {
        if (store.SupportsKeywordSearch)
        {
            return false;
        }

        await Assert.ThrowsAsync<KeywordSearchNotSupportedException>(() => store.QueryAsync(new ArticleQuery { Keyword = "summit" }));
        return true;
    }
}
