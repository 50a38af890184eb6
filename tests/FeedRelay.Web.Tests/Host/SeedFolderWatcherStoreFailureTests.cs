using Azure;
using FeedRelay.Storage;

namespace FeedRelay.Tests.Host;

public sealed class SeedFolderWatcherStoreFailureTests
{
    private const string VoaTitle = "乌俄准备第二轮和谈 俄军攻势遇挫损失惨重";

    [Fact]
    public async Task A_storage_outage_is_retried_on_the_next_scan_and_the_host_keeps_running()
    {
        using var app = new FeedRelayApp();
        var outage = new Queue<Exception>([
            new RequestFailedException(503, "Server Busy"),
            new HttpRequestException("connection refused"),
            new TaskCanceledException("the request timed out"),
        ]);
        // The registered store (SQLite) wrapped in one that fails first.
        using var configured = app.WithStore(store => new FailingStore(store, outage));
        File.Copy(Path.Combine(TestPaths.Seeds, "004_8d4ffb861fbb6860.txt"), Path.Combine(app.SeedsPath, "voa.txt"));

        using var client = configured.CreateClient();
        var rss = await Eventually.WaitAsync(() => client.GetStringAsync("/api/feeds/all.rss"),
            body => body.Contains(VoaTitle, StringComparison.Ordinal), "the VOA seed in the feed once the store works again");

        Assert.Contains(VoaTitle, rss, StringComparison.Ordinal);
        Assert.Empty(outage);
    }

    /// <summary>
    /// Throws the queued outage exceptions from its writes (the watcher's batch write, or one by one), one per call, then
    /// behaves like <paramref name="inner"/>.
    /// </summary>
    private sealed class FailingStore(IArticleStore inner, Queue<Exception> outage) : ForwardingArticleStore(inner)
    {
        public override Task<UpsertOutcome> UpsertAsync(Article article, CancellationToken cancellationToken = default)
        {
            FailIfDown();
            return Inner.UpsertAsync(article, cancellationToken);
        }

        public override Task<IReadOnlyList<StoredOutcome>> UpsertIngestedManyAsync(IReadOnlyList<Article> articles, CancellationToken cancellationToken = default)
        {
            FailIfDown();
            return Inner.UpsertIngestedManyAsync(articles, cancellationToken);
        }

        private void FailIfDown()
        {
            lock (outage)
            {
                if (outage.TryDequeue(out var failure))
                {
                    throw failure;
                }
            }
        }
    }
}
