using System.Text;
using FeedRelay.Storage;
using Microsoft.Extensions.Time.Testing;

namespace FeedRelay.Tests.Storage;

/// <summary>
/// What every article store and quarantine must do, run against each backend by a subclass (the file, Azure and SQLite
/// stores; this file is compiled into each test project from tests/Shared/Storage). Each test gets its own empty storage.
/// </summary>
public abstract partial class StoreContractTests
{
    private static readonly DateTimeOffset Day = new(2024, 5, 1, 8, 0, 0, TimeSpan.FromHours(2));

    /// <summary>
    /// The stores' clock: a millisecond later at every reading, so that successive changes get distinct, increasing times
    /// (as the real clock gives them) on a clock the test reads too.
    /// </summary>
    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero)) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };

    /// <summary>A new, empty storage location on <see cref="Clock"/>; <see cref="IStoreSet.ReopenAsync"/> opens a second instance over it.</summary>
    protected abstract Task<IStoreSet> CreateAsync();

    /// <summary>Whether the store keeps when each source's articles last changed (<see cref="IArticleStore.GetChangedAtAsync"/>).</summary>
    protected virtual bool KeepsChangeTimes => true;

    [Fact]
    public async Task New_article_is_created_and_read_back_equal()
    {
        await using var stores = await CreateAsync();
        var article = Sample("a1", "bbc", hoursLater: 0);

        Assert.Equal(UpsertOutcome.Created, await stores.Articles.UpsertAsync(article));

        var read = await stores.Articles.GetAsync("a1");
        Assert.NotNull(read);
        Assert.Equal(StoreJson.ContentOf(article), StoreJson.ContentOf(read));
        Assert.Null(await stores.Articles.GetAsync("missing"));
    }

    [Fact]
    public async Task Same_article_again_is_unchanged()
    {
        await using var stores = await CreateAsync();
        await stores.Articles.UpsertAsync(Sample("a1", "bbc", 0));

        Assert.Equal(UpsertOutcome.Unchanged, await stores.Articles.UpsertAsync(Sample("a1", "bbc", 0)));
        Assert.Single(await stores.Articles.QueryAsync(new ArticleQuery()));
    }

    [Fact]
    public async Task Changed_article_is_updated_with_a_later_update_time()
    {
        await using var stores = await CreateAsync();
        var first = Sample("a1", "bbc", 0);
        await stores.Articles.UpsertAsync(first);

        Assert.Equal(UpsertOutcome.Updated, await stores.Articles.UpsertAsync(first with { Title = "Corrected title" }));

        var read = await stores.Articles.GetAsync("a1");
        Assert.Equal("Corrected title", read!.Title);
        Assert.True(read.Updated > first.Updated);
        Assert.Single(await stores.Articles.QueryAsync(new ArticleQuery()));
    }

    [Fact]
    public async Task Query_is_newest_first_filtered_by_source_and_limited()
    {
        await using var stores = await CreateAsync();
        await stores.Articles.UpsertAsync(Sample("old", "bbc", 0));
        await stores.Articles.UpsertAsync(Sample("new", "bbc", 5));
        await stores.Articles.UpsertAsync(Sample("mid", "dw", 2));

        Assert.Equal(["new", "mid", "old"], (await stores.Articles.QueryAsync(new ArticleQuery())).Select(a => a.Id));
        Assert.Equal(["new", "old"], (await stores.Articles.QueryAsync(new ArticleQuery("bbc"))).Select(a => a.Id));
        Assert.Equal(["new"], (await stores.Articles.QueryAsync(new ArticleQuery(Limit: 1))).Select(a => a.Id));

        var sources = await stores.Articles.ListSourcesAsync();
        Assert.Equal(["bbc", "dw"], sources.Select(s => s.Slug));
        Assert.Equal(2, sources[0].ArticleCount);
        Assert.Equal(Day.AddHours(5), sources[0].LatestPublished);
    }

    [Fact]
    public async Task A_new_instance_over_the_same_storage_sees_everything()
    {
        await using var stores = await CreateAsync();
        await stores.Articles.UpsertAsync(Sample("a1", "bbc", 0));
        await stores.Articles.UpsertAsync(Sample("a2", "dw", 1));

        var reopened = await stores.ReopenAsync();

        Assert.Equal(["a2", "a1"], (await reopened.QueryAsync(new ArticleQuery())).Select(a => a.Id));
        Assert.Equal(UpsertOutcome.Unchanged, await reopened.UpsertAsync(Sample("a1", "bbc", 0)));
    }

    [Fact]
    public async Task Concurrent_upserts_of_one_article_create_it_exactly_once()
    {
        await using var stores = await CreateAsync();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => stores.Articles.UpsertAsync(Sample("a1", "bbc", 0)))));

        Assert.Equal(1, outcomes.Count(o => o == UpsertOutcome.Created));
        Assert.Equal(7, outcomes.Count(o => o == UpsertOutcome.Unchanged));
    }

    [Fact]
    public async Task Conditional_replace_writes_only_over_the_article_it_was_given()
    {
        await using var stores = await CreateAsync();
        var read = Sample("a1", "bbc", 0);
        await stores.Articles.UpsertAsync(read);
        var annotated = read with { Summary = "annotated" };

        Assert.True(await stores.Articles.TryReplaceAsync(read, annotated));
        var stored = await stores.Articles.GetAsync("a1");
        Assert.Equal("annotated", stored!.Summary);
        Assert.True(stored.Updated > read.Updated);

        // Re-ingested with new text meanwhile: a writer still holding the old article must not overwrite it.
        await stores.Articles.UpsertAsync(read with { ContentHtml = "<p>newer text</p>" });
        Assert.False(await stores.Articles.TryReplaceAsync(read, read with { Summary = "stale" }));
        Assert.False(await stores.Articles.TryReplaceAsync(Sample("missing", "bbc", 0), Sample("missing", "bbc", 0)));

        var kept = await stores.Articles.GetAsync("a1");
        Assert.Equal(("<p>newer text</p>", "Summary of a1"), (kept!.ContentHtml, kept.Summary));
        Assert.Null(await stores.Articles.GetAsync("missing"));
    }

    [Fact]
    public async Task Concurrent_conditional_replaces_of_one_read_let_exactly_one_win()
    {
        await using var stores = await CreateAsync();
        var read = Sample("a1", "bbc", 0);
        await stores.Articles.UpsertAsync(read);

        var won = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Task.Run(() => stores.Articles.TryReplaceAsync(read, read with { Summary = $"writer {i}" }))));

        var winner = Assert.Single(Enumerable.Range(0, 6), i => won[i]);
        Assert.Equal($"writer {winner}", (await stores.Articles.GetAsync("a1"))!.Summary);
    }

    [Fact]
    public async Task Quarantine_keeps_bytes_and_reason_until_removed()
    {
        await using var stores = await CreateAsync();
        var bytes = Encoding.UTF8.GetBytes("not a seed\u00e9");
        var older = new Rejection("bad/one.txt", "parse", "seed.unknown-format", "no front matter", Day, bytes.Length, new string('a', 64));
        var newer = older with { Name = "two.txt", At = Day.AddHours(1), Sha256 = new string('b', 64) };
        await stores.Quarantine.AddAsync(older, bytes);
        await stores.Quarantine.AddAsync(newer, bytes);
        await stores.Quarantine.AddAsync(newer, bytes); // Same seed twice: still one entry.

        Assert.Equal([newer, older], await stores.Quarantine.ListAsync());
        Assert.Equal(bytes, await stores.Quarantine.GetContentAsync(older.Sha256));
        Assert.Null(await stores.Quarantine.GetContentAsync(new string('c', 64)));
        // A key is hex digits, in either case (as an operator may type it).
        Assert.Equal(older, await stores.Quarantine.GetAsync(older.Sha256.ToUpperInvariant()));
        Assert.Equal(bytes, await stores.Quarantine.GetContentAsync(older.Sha256.ToUpperInvariant()));

        await stores.Quarantine.RemoveAsync(older.Sha256.ToUpperInvariant());

        Assert.Equal([newer], await stores.Quarantine.ListAsync());
        Assert.Null(await stores.Quarantine.GetContentAsync(older.Sha256));
    }

    [Fact]
    public async Task Removing_by_name_forgets_that_name_only_and_keeps_bytes_rejected_again_under_another_name()
    {
        await using var stores = await CreateAsync();
        var bytes = Encoding.UTF8.GetBytes("not a seed");
        var first = new Rejection("dir/a.txt", "parse", "seed.unknown-format", "no front matter", Day, bytes.Length, new string('a', 64));
        var second = first with { At = Day.AddHours(1), Sha256 = new string('b', 64) };
        var other = first with { Name = "b.txt", At = Day.AddHours(2), Sha256 = new string('c', 64) };
        var movedAway = first with { At = Day.AddHours(3), Sha256 = new string('d', 64) };
        foreach (var rejection in new[] { first, second, other, movedAway, movedAway with { Name = "c.txt" } })
        {
            await stores.Quarantine.AddAsync(rejection, bytes);
        }

        await stores.Quarantine.RemoveByNameAsync("missing.txt");
        Assert.Equal(4, (await stores.Quarantine.ListAsync()).Count);

        await stores.Quarantine.RemoveByNameAsync("dir/a.txt");

        Assert.Equal([movedAway with { Name = "c.txt" }, other], await stores.Quarantine.ListAsync());
        Assert.Null(await stores.Quarantine.GetContentAsync(first.Sha256));
        Assert.Null(await stores.Quarantine.GetContentAsync(second.Sha256));
        await stores.Quarantine.RemoveByNameAsync("dir/a.txt");
        Assert.Equal(2, (await stores.Quarantine.ListAsync()).Count);
    }

    /// <summary>An article of <paramref name="source"/> published <paramref name="hoursLater"/> hours after a fixed day.</summary>
    internal static Article Sample(string id, string source, int hoursLater) => new()
    {
        Id = id,
        Source = source.ToUpperInvariant(),
        SourceSlug = source,
        Title = $"Title of {id} — 标题",
        Link = new Uri($"https://example.com/{source}/{id}"),
        Published = Day.AddHours(hoursLater),
        Updated = Day.AddHours(hoursLater),
        Categories = ["world", "news"],
        Summary = "Summary of " + id,
        ContentHtml = $"<p>Body of {id}</p>",
        Language = "zh",
        Format = "hexo",
    };
}
