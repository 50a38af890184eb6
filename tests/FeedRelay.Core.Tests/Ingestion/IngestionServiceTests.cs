using System.Text;
using FeedRelay.Ingestion;
using FeedRelay.Seeds;
using FeedRelay.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace FeedRelay.Tests.Ingestion;

public sealed class IngestionServiceTests : IDisposable
{
    private readonly TempFolder _data = TestPaths.NewTempFolder();
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static IEnumerable<string> CorpusFiles() =>
        Directory.EnumerateFiles(TestPaths.Fixtures, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f) is ".md" or ".txt" && !Path.GetFileName(f).Equals("SOURCES.md", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);

    private (IngestionService Service, FileArticleStore Store, FileQuarantine Quarantine) Open(SeedParserOptions? parser = null)
    {
        var options = new FileStoreOptions { DataPath = _data.Path };
        var store = new FileArticleStore(options, _clock, NullLogger<FileArticleStore>.Instance);
        var quarantine = new FileQuarantine(options);
        var service = new IngestionService(new IngestionOptions { Parser = parser ?? SeedParserOptions.Default }, new ArticleNormaliser(),
            store, quarantine, _clock, NullLogger<IngestionService>.Instance);
        return (service, store, quarantine);
    }

    [Fact]
    public async Task A_seed_the_normaliser_fails_on_is_quarantined_not_retried_forever()
    {
        var options = new FileStoreOptions { DataPath = _data.Path };
        using var store = new FileArticleStore(options, _clock, NullLogger<FileArticleStore>.Instance);
        var quarantine = new FileQuarantine(options);
        var broken = new ArticleNormaliser(new FeedRelay.Content.HtmlCleaner(), new SourceDirectory(new ThrowingSources()));
        var service = new IngestionService(new IngestionOptions(), broken, store, quarantine, _clock, NullLogger<IngestionService>.Instance);

        var outcome = await service.IngestAsync("voa.txt", await File.ReadAllBytesAsync(Path.Combine(TestPaths.Seeds, "004_8d4ffb861fbb6860.txt")));

        Assert.Equal(IngestStatus.Rejected, outcome.Status);
        Assert.Equal("normalise", outcome.Rejection!.Stage);
        Assert.Equal("normalise.internal", outcome.Rejection.Code);
        Assert.Single(await quarantine.ListAsync());
    }

    /// <summary>A source table whose every lookup fails, standing in for a bug in a pure stage.</summary>
    private sealed class ThrowingSources : IReadOnlyDictionary<string, KnownSource>
    {
        public KnownSource this[string key] => throw new InvalidOperationException("boom");

        public IEnumerable<string> Keys => throw new InvalidOperationException("boom");

        public IEnumerable<KnownSource> Values => throw new InvalidOperationException("boom");

        public int Count => throw new InvalidOperationException("boom");

        public bool ContainsKey(string key) => throw new InvalidOperationException("boom");

        public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out KnownSource value) =>
            throw new InvalidOperationException("boom");

        public IEnumerator<KeyValuePair<string, KnownSource>> GetEnumerator() => throw new InvalidOperationException("boom");

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    [Fact]
    public async Task Whole_corpus_is_accounted_for_and_a_second_pass_changes_nothing()
    {
        var (service, store, quarantine) = Open();
        var files = CorpusFiles().ToArray();

        var first = new List<IngestOutcome>();
        foreach (var file in files)
        {
            first.Add(await service.IngestAsync(Path.GetRelativePath(TestPaths.Fixtures, file), await File.ReadAllBytesAsync(file)));
        }

        var ingested = first.Count(o => o.Status != IngestStatus.Rejected);
        var rejected = first.Count(o => o.Status == IngestStatus.Rejected);
        Assert.Equal(files.Length, ingested + rejected);
        Assert.Equal(rejected, (await quarantine.ListAsync()).Count);
        var articlesAfterFirst = (await store.QueryAsync(new ArticleQuery(Limit: 10_000))).ToDictionary(a => a.Id);
        var storedFiles = Directory.GetFiles(Path.Combine(_data.Path, "articles")).ToDictionary(f => f, File.ReadAllBytes);

        _clock.Advance(TimeSpan.FromHours(1));
        var (again, storeAgain, _) = Open();
        foreach (var file in files)
        {
            var outcome = await again.IngestAsync(Path.GetRelativePath(TestPaths.Fixtures, file), await File.ReadAllBytesAsync(file));
            Assert.True(outcome.Status is IngestStatus.Unchanged or IngestStatus.Rejected, $"{file}: {outcome.Status}");
        }

        var articlesAfterSecond = (await storeAgain.QueryAsync(new ArticleQuery(Limit: 10_000))).ToDictionary(a => a.Id);
        Assert.Equal(articlesAfterFirst.Keys.Order(), articlesAfterSecond.Keys.Order());
        Assert.All(articlesAfterSecond.Values, a => Assert.Equal(articlesAfterFirst[a.Id].Updated, a.Updated));
        Assert.All(Directory.GetFiles(Path.Combine(_data.Path, "articles")), f => Assert.Equal(storedFiles[f], File.ReadAllBytes(f)));
        store.Dispose();
        storeAgain.Dispose();
    }

    [Fact]
    public async Task Exact_duplicate_is_a_no_op_and_a_later_version_updates_in_place()
    {
        var (service, store, _) = Open();
        const string v1 = "<!--1595136758000-->\n[标题](https://www.rfa.org/a.html?utm_source=x)\n------\n\n<p>first</p>\n";
        const string v2 = "<!--1595136758000-->\n[标题（更新）](https://WWW.rfa.org:443/a.html#top)\n------\n\n<p>second</p>\n";

        var created = await service.IngestAsync("a.md", Encoding.UTF8.GetBytes(v1));
        var duplicate = await service.IngestAsync("copy-of-a.md", Encoding.UTF8.GetBytes(v1));
        _clock.Advance(TimeSpan.FromDays(2));
        var updated = await service.IngestAsync("a-v2.md", Encoding.UTF8.GetBytes(v2));

        Assert.Equal(IngestStatus.Created, created.Status);
        Assert.Equal(IngestStatus.Unchanged, duplicate.Status);
        Assert.Equal(IngestStatus.Updated, updated.Status);
        Assert.Equal(created.ArticleId, updated.ArticleId);
        var article = await store.GetAsync(created.ArticleId!);
        Assert.Equal("标题（更新）", article!.Title);
        Assert.Equal(_clock.GetUtcNow(), article.Updated);
        Assert.NotEqual(article.Published, article.Updated);
        Assert.Single(await store.QueryAsync(new ArticleQuery()));
        store.Dispose();
    }

    [Fact]
    public async Task A_listener_that_failed_after_the_store_committed_is_told_again_when_the_seed_comes_again()
    {
        var options = new FileStoreOptions { DataPath = _data.Path };
        using var store = new FileArticleStore(options, _clock, NullLogger<FileArticleStore>.Instance);
        var listener = new FailingOnceListener();
        var service = new IngestionService(new IngestionOptions(), new ArticleNormaliser(), store, new FileQuarantine(options), _clock,
            NullLogger<IngestionService>.Instance, [listener]);
        var seed = Encoding.UTF8.GetBytes("<!--1595136758000-->\n[标题](https://www.rfa.org/a.html)\n------\n\n<p>正文</p>\n");

        // The article is stored, then the listener fails: the ingestion fails, so that its caller tries the seed again.
        await Assert.ThrowsAsync<IOException>(() => service.IngestAsync("a.md", seed));
        var article = Assert.Single(await store.QueryAsync(new ArticleQuery()));

        var again = await service.IngestAsync("a.md", seed);
        var batch = await service.IngestBatchAsync([new BatchSeed("a.md", seed, service.Prepare(seed), WasRejected: false)]);

        Assert.Equal(IngestStatus.Unchanged, again.Status);
        Assert.Equal(IngestStatus.Unchanged, Assert.Single(batch).Status);
        Assert.Equal(
            [(article.Id, UpsertOutcome.Created), (article.Id, UpsertOutcome.Unchanged), (article.Id, UpsertOutcome.Unchanged)],
            listener.Told);
    }

    [Fact]
    public async Task A_rejection_retried_while_a_listener_fails_stays_in_the_quarantine_until_its_work_is_done()
    {
        var options = new FileStoreOptions { DataPath = _data.Path };
        using var store = new FileArticleStore(options, _clock, NullLogger<FileArticleStore>.Instance);
        IQuarantine quarantine = new FileQuarantine(options);
        var listener = new FailingOnceListener();
        var service = new IngestionService(new IngestionOptions(), new ArticleNormaliser(), store, quarantine, _clock,
            NullLogger<IngestionService>.Instance, [listener]);
        var seed = Encoding.UTF8.GetBytes("<!--1595136758000-->\n[标题](https://www.rfa.org/a.html)\n------\n\n<p>正文</p>\n");
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(seed));
        await quarantine.AddAsync(new Rejection("a.md", "parse", "seed.old-parser", "an older parser refused it", _clock.GetUtcNow(), seed.Length, sha256), seed);

        await Assert.ThrowsAsync<IOException>(() => service.RetryAsync(sha256));
        Assert.NotNull(await quarantine.GetAsync(sha256)); // stored, but its listeners did not finish: still retryable

        var retried = await service.RetryAsync(sha256);

        Assert.Equal(IngestStatus.Unchanged, retried!.Status);
        Assert.Null(await quarantine.GetAsync(sha256));
        Assert.Equal([UpsertOutcome.Created, UpsertOutcome.Unchanged], listener.Told.Select(t => t.Outcome));
    }

    /// <summary>Records what it is told; throws (as a failed queue write would) the first time.</summary>
    private sealed class FailingOnceListener : IIngestListener
    {
        public List<(string Id, UpsertOutcome Outcome)> Told { get; } = [];

        public Task ArticleStoredAsync(Article article, UpsertOutcome outcome, CancellationToken cancellationToken)
        {
            Told.Add((article.Id, outcome));
            return Told.Count == 1 ? Task.FromException(new IOException("queue unavailable")) : Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Rejected_seed_is_kept_byte_for_byte_and_a_retry_after_a_fix_ingests_it()
    {
        // A wall-clock time from a site with no configured zone is rejected, never guessed...
        var noZones = new SeedParserOptions { Zones = new Dictionary<string, TimeZoneInfo>() };
        var (strict, store, quarantine) = Open(noZones);
        var bytes = Encoding.UTF8.GetBytes("[标题](https://cn.nytimes.com/a/)\n------\n\n<div><i>AMY QIN<br>2020-06-24 11:18:18</i></div><p>x</p>\n");

        var rejected = await strict.IngestAsync("nyt.md", bytes);

        Assert.Equal(IngestStatus.Rejected, rejected.Status);
        var rejection = Assert.Single(await quarantine.ListAsync());
        Assert.Equal(("parse", "link-header.no-date", bytes.Length), (rejection.Stage, rejection.Code, rejection.Size));
        Assert.Equal(bytes, await quarantine.GetContentAsync(rejection.Sha256));
        Assert.Null(await strict.RetryAsync(new string('0', 64)));

        // ...until the zone is configured; then the kept bytes are re-ingested and the rejection goes away.
        store.Dispose();
        var (fixedService, fixedStore, _) = Open();
        var retried = await fixedService.RetryAsync(rejection.Sha256);

        Assert.Equal(IngestStatus.Created, retried?.Status);
        Assert.Empty(await quarantine.ListAsync());
        Assert.Equal(TimeSpan.FromHours(8), (await fixedStore.GetAsync(retried!.ArticleId!))!.Published.Offset);
        fixedStore.Dispose();
    }

    [Fact]
    public async Task A_fixed_file_under_a_rejected_name_clears_that_rejection_and_no_other()
    {
        var (service, store, quarantine) = Open();
        await service.IngestAsync("a.md", Encoding.UTF8.GetBytes("---\ntitle: 'never closed'\n"));
        await service.IngestAsync("other.md", Encoding.UTF8.GetBytes("just prose, not a seed"));
        Assert.Equal(2, (await quarantine.ListAsync()).Count);

        var fixedSeed = await service.IngestAsync("a.md", Encoding.UTF8.GetBytes("<!--1595136758000-->\n[标题](https://www.rfa.org/a.html)\n------\n\n<p>fixed</p>\n"));

        Assert.Equal(IngestStatus.Created, fixedSeed.Status);
        Assert.Equal("other.md", Assert.Single(await quarantine.ListAsync()).Name);
        store.Dispose();
    }

    [Fact]
    public async Task Retry_all_keeps_what_still_fails_with_its_new_reason()
    {
        var (service, store, quarantine) = Open();
        await service.IngestAsync("empty.md", Array.Empty<byte>());
        await service.IngestAsync("prose.md", Encoding.UTF8.GetBytes("just prose, not a seed"));

        var outcomes = await service.RetryAllAsync();

        Assert.Equal(2, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(IngestStatus.Rejected, o.Status));
        Assert.Equal(2, (await quarantine.ListAsync()).Count);
        store.Dispose();
    }

    [Fact]
    public async Task Oversized_seed_is_rejected_at_the_limits_stage()
    {
        var options = new FileStoreOptions { DataPath = _data.Path };
        using var store = new FileArticleStore(options, _clock, NullLogger<FileArticleStore>.Instance);
        var quarantine = new FileQuarantine(options);
        var service = new IngestionService(new IngestionOptions { MaxSeedBytes = 10 }, new ArticleNormaliser(), store, quarantine, _clock,
            NullLogger<IngestionService>.Instance);

        var outcome = await service.IngestAsync("big.md", new byte[11]);

        Assert.Equal(("limits", "seed.too-large"), (outcome.Rejection?.Stage, outcome.Rejection?.Code));
    }

    public void Dispose() => _data.Dispose();
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
