using System.Text;
using FeedRelay.Ingestion;
using FeedRelay.Storage;
using FeedRelay.Web;
using FeedRelay.Web.Ingestion;
using FeedRelay.Web.Operations;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FeedRelay.Tests.Host;

/// <summary>
/// The watched folder ingests settled files in chunks through the batch path (one store batch and one ledger write per
/// chunk). The watcher runs over the app's SQLite services, its rounds driven one by one on a fake clock.
/// </summary>
public sealed class SeedFolderWatcherBatchTests
{
    private const int SettleMs = 50;

    private static string Seed(int n, string? title = null) =>
        $"<!--1646087943000-->\n[{title ?? $"Watched seed {n}"}](https://www.voachinese.com/a/watcher-batch/{n}.html)\n------\n\n<p>Body of watched seed {n}.</p>\n";

    [Fact]
    public async Task Many_files_dropped_at_once_are_stored_in_batches_and_recorded_in_the_ledger()
    {
        using var rig = new Rig();
        var files = SeedFolderWatcher.IngestBatch + 44;
        for (var n = 0; n < files; n++)
        {
            await File.WriteAllTextAsync(Path.Combine(rig.Folder, $"s{n:D4}.txt"), Seed(n));
        }

        await rig.SettleAndIngestAsync();

        Assert.Equal(files, rig.Counters.Seen);
        Assert.Equal(0, rig.Counters.Rejected);
        // Two chunks: one batch write each, never one write per file.
        Assert.Equal([SeedFolderWatcher.IngestBatch, 44], rig.Store.Batches);
        Assert.Equal(0, rig.Store.SingleUpserts);
        Assert.Equal(files, (await rig.Store.QueryAsync(new ArticleQuery(Limit: 1000))).Count);
        var ledger = await rig.Ledger.GetManyAsync([.. Enumerable.Range(0, files).Select(n => $"s{n:D4}.txt")]);
        Assert.Equal(files, ledger.Count);
        Assert.All(ledger.Values, e => Assert.Equal(SeedOutcome.Ingested, e.Outcome));

        // Nothing changed: the next round reads nothing and stores nothing.
        await rig.SettleAndIngestAsync();
        Assert.Equal(files, rig.Counters.Seen);
        Assert.Equal(2, rig.Store.Batches.Count);
    }

    [Fact]
    public async Task A_bad_seed_in_a_chunk_is_quarantined_while_the_others_are_stored()
    {
        using var rig = new Rig();
        for (var n = 0; n < 10; n++)
        {
            await File.WriteAllTextAsync(Path.Combine(rig.Folder, $"s{n}.txt"), Seed(n));
        }

        await File.WriteAllTextAsync(Path.Combine(rig.Folder, "broken.txt"), "---\ntitle: 'never closed'\n");

        await rig.SettleAndIngestAsync();

        Assert.Equal(11, rig.Counters.Seen);
        Assert.Equal(1, rig.Counters.Rejected);
        Assert.Equal([10], rig.Store.Batches);
        var rejection = Assert.Single(await rig.Quarantine.ListAsync());
        Assert.Equal(("broken.txt", "front-matter.unterminated"), (rejection.Name, rejection.Code));
        var recorded = await rig.Ledger.GetManyAsync(["broken.txt", "s3.txt"]);
        Assert.Equal((SeedOutcome.Rejected, "front-matter.unterminated"), (recorded["broken.txt"].Outcome, recorded["broken.txt"].RejectionCode));
        Assert.Equal(SeedOutcome.Ingested, recorded["s3.txt"].Outcome);
        Assert.NotNull(recorded["s3.txt"].ArticleId);
    }

    [Fact]
    public async Task A_chunk_whose_store_fails_is_not_recorded_and_is_ingested_on_the_next_round()
    {
        using var rig = new Rig();
        var files = SeedFolderWatcher.IngestBatch + 10;
        for (var n = 0; n < files; n++)
        {
            await File.WriteAllTextAsync(Path.Combine(rig.Folder, $"s{n:D4}.txt"), Seed(n));
        }

        // The first chunk is stored; the second one's batch write fails.
        rig.Store.FailBatch = 2;
        await rig.WatcherRoundAsync();
        rig.Clock.Advance(TimeSpan.FromMilliseconds(SettleMs));
        await Assert.ThrowsAsync<IOException>(rig.WatcherRoundAsync);

        Assert.Equal(SeedFolderWatcher.IngestBatch, rig.Counters.Seen);
        var ledger = await rig.Ledger.GetManyAsync([.. Enumerable.Range(0, files).Select(n => $"s{n:D4}.txt")]);
        Assert.Equal(SeedFolderWatcher.IngestBatch, ledger.Count);
        Assert.DoesNotContain($"s{files - 1:D4}.txt", ledger.Keys);

        // The failed chunk stayed settling: the next round ingests it (and only it).
        await rig.WatcherRoundAsync();
        Assert.Equal(files, rig.Counters.Seen);
        Assert.Equal([SeedFolderWatcher.IngestBatch, 10], rig.Store.Batches);
        ledger = await rig.Ledger.GetManyAsync([.. Enumerable.Range(0, files).Select(n => $"s{n:D4}.txt")]);
        Assert.Equal(files, ledger.Count);
        Assert.Equal(files, (await rig.Store.QueryAsync(new ArticleQuery(Limit: 1000))).Count);
    }

    [Fact]
    public async Task A_rejected_file_fixed_in_place_is_ingested_and_its_quarantine_entry_cleared()
    {
        using var rig = new Rig();
        var path = Path.Combine(rig.Folder, "fixme.txt");
        await File.WriteAllTextAsync(path, "---\ntitle: 'never closed'\n");
        await rig.SettleAndIngestAsync();
        Assert.Single(await rig.Quarantine.ListAsync());

        await File.WriteAllTextAsync(path, Seed(1, "Fixed in place"), Encoding.UTF8);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1)); // A new stamp even on a coarse file-system clock.
        await rig.SettleAndIngestAsync();

        Assert.Empty(await rig.Quarantine.ListAsync());
        Assert.Equal(SeedOutcome.Ingested, (await rig.Ledger.GetManyAsync(["fixme.txt"]))["fixme.txt"].Outcome);
        var article = Assert.Single(await rig.Store.QueryAsync(new ArticleQuery(Limit: 10)));
        Assert.Equal("Fixed in place", article.Title);
    }

    [Fact]
    public async Task A_file_still_being_written_when_its_chunk_is_taken_settles_again_and_is_ingested_once_still()
    {
        using var rig = new Rig();
        var path = Path.Combine(rig.Folder, "growing.txt");
        await File.WriteAllTextAsync(path, Seed(1, "Half"));
        await File.WriteAllTextAsync(Path.Combine(rig.Folder, "done.txt"), Seed(2));
        await rig.WatcherRoundAsync();

        await File.WriteAllTextAsync(path, Seed(1, "Written in full"));
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        rig.Clock.Advance(TimeSpan.FromMilliseconds(SettleMs));
        await rig.WatcherRoundAsync();

        Assert.Equal(1, rig.Counters.Seen);
        Assert.Equal(["done.txt"], (await rig.Ledger.GetManyAsync(["done.txt", "growing.txt"])).Keys);

        rig.Clock.Advance(TimeSpan.FromMilliseconds(SettleMs));
        await rig.WatcherRoundAsync();
        Assert.Equal(2, rig.Counters.Seen);
        Assert.Equal([1, 1], rig.Store.Batches);
        Assert.Contains(await rig.Store.QueryAsync(new ArticleQuery(Limit: 10)), a => a.Title == "Written in full");
    }

    /// <summary>The app (its own watcher off) for its SQLite services, and a watcher over a folder of its own on a fake clock.</summary>
    private sealed class Rig : IDisposable
    {
        private readonly FeedRelayApp _app = new();
        private readonly WebApplicationFactory<Program> _factory;
        private readonly TempFolder _folder = TestPaths.NewTempFolder();
        private readonly SeedFolderWatcher _watcher;

        public Rig()
        {
            _app.Settings["FeedRelay:SeedsPath"] = "";
            // The registered store (SQLite) wrapped in one that counts its writes.
            _factory = _app.WithStore(store => new CountingStore(store));
            var services = _factory.Services;
            Store = (CountingStore)services.GetRequiredService<IArticleStore>();
            Ledger = services.GetRequiredService<ISeedLedger>();
            Quarantine = services.GetRequiredService<IQuarantine>();
            var options = Options.Create(new FeedRelayOptions { SeedsPath = Folder, SettleDelayMs = SettleMs, RescanIntervalMs = 0 });
            _watcher = new SeedFolderWatcher(options, services.GetRequiredService<IngestionService>(), Counters, Ledger,
                new BackgroundHealth(Clock), Clock, NullLogger<SeedFolderWatcher>.Instance);
        }

        public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

        public string Folder => _folder.Path;

        public IngestionCounters Counters { get; } = new();

        public CountingStore Store { get; }

        public ISeedLedger Ledger { get; }

        public IQuarantine Quarantine { get; }

        /// <summary>One watcher round (a rescan every round: the rescan interval is 0).</summary>
        public Task<TimeSpan> WatcherRoundAsync() => _watcher.RunRoundAsync(CancellationToken.None);

        /// <summary>A round that finds the files, the settle delay on the clock, and a round that ingests them.</summary>
        public async Task SettleAndIngestAsync()
        {
            await WatcherRoundAsync();
            Clock.Advance(TimeSpan.FromMilliseconds(SettleMs));
            await WatcherRoundAsync();
        }

        public void Dispose()
        {
            _watcher.Dispose();
            _factory.Dispose();
            _app.Dispose();
            _folder.Dispose();
        }
    }

    /// <summary>Counts the writes that reach <paramref name="inner"/> and can fail the n-th batch write once.</summary>
    private sealed class CountingStore(IArticleStore inner) : ForwardingArticleStore(inner)
    {
        private readonly List<int> _batches = [];
        private int _batchCalls;
        private int _singleUpserts;

        /// <summary>The 1-based batch write that throws once (0: none).</summary>
        public int FailBatch { get; set; }

        /// <summary>The size of every batch write that succeeded, in order.</summary>
        public IReadOnlyList<int> Batches
        {
            get
            {
                lock (_batches)
                {
                    return [.. _batches];
                }
            }
        }

        public int SingleUpserts => Volatile.Read(ref _singleUpserts);

        public override async Task<IReadOnlyList<StoredOutcome>> UpsertIngestedManyAsync(IReadOnlyList<Article> articles, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _batchCalls) == FailBatch)
            {
                throw new IOException("storage unavailable");
            }

            var stored = await Inner.UpsertIngestedManyAsync(articles, cancellationToken);
            lock (_batches)
            {
                _batches.Add(articles.Count);
            }

            return stored;
        }

        public override Task<UpsertOutcome> UpsertAsync(Article article, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _singleUpserts);
            return Inner.UpsertAsync(article, cancellationToken);
        }
    }
}
