using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using FeedRelay.Feeds;
using FeedRelay.Functions.Feeds;
using FeedRelay.Functions.Ingestion;
using FeedRelay.Storage;
using FeedRelay.Storage.Azure;
using FeedRelay.Web;
using FeedRelay.Web.Feeds;
using FeedRelay.Web.Ingestion;
using FeedRelay.Web.Operations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FeedRelay.Tests;

/// <summary>Feed documents materialised in the <c>feeds</c> container (issue 14), on Azurite: server instances and the Functions trigger.</summary>
public sealed class MaterialisedFeedTests
{
    private static readonly Dictionary<string, string?> OnDemand = new() { ["FeedRelay:Feeds:Materialise"] = "false" };

    [Fact]
    public async Task Materialised_documents_appear_after_ingest_and_equal_what_is_built_on_demand()
    {
        var account = await MaterialisingServer.Account();
        await using var server = await MaterialisingServer.StartAsync(account);
        await using var reference = await MaterialisingServer.StartAsync(account, OnDemand);
        await server.IngestAsync(MaterialisingServer.SeedNames());
        var feeds = await FeedNamesAsync(server);

        // Every default document of every feed is stored, with the bytes and ETag that an instance building on demand serves.
        await Eventually.WaitAsync(() => MismatchesAsync(server, reference, feeds), m => m.Count == 0, "materialised documents equal to the on-demand ones");
        Assert.Equal(FeedDocumentNames.Formats.Count * FeedViews.All.Count * feeds.Count, feeds.SelectMany(Names).Count());
        foreach (var path in new[] { "api/feeds/all.rss", "api/feeds/dw.atom?lang=en", "api/feeds/all.json?lang=both" })
        {
            var served = await server.GetAsync(path);
            var built = await reference.GetAsync(path);
            Assert.Equal(200, served.Status);
            Assert.Equal(built.ETag, served.ETag);
            Assert.Equal(built.Body, served.Body);
        }

        // A filtered variant is not materialised and is still served, built on demand.
        var filtered = await server.GetAsync("api/feeds/all.rss?limit=3");
        Assert.Equal(200, filtered.Status);
        Assert.Equal((await reference.GetAsync("api/feeds/all.rss?limit=3")).Body, filtered.Body);
    }

    [Fact]
    public async Task The_stored_documents_of_a_feed_that_no_longer_exists_are_removed_by_its_rebuild()
    {
        var account = await MaterialisingServer.Account();
        await using var server = await MaterialisingServer.StartAsync(account);
        await server.IngestAsync(MaterialisingServer.SeedNames());
        var documents = server.Services.GetRequiredService<IFeedDocumentStore>();
        var all = await Eventually.WaitAsync(() => documents.ReadAsync("original/all.rss", null), r => r.Status == FeedDocumentReadStatus.Found, "all.rss materialised");
        // Documents of a source whose articles have all gone (moved to another source), as an earlier rebuild left them.
        foreach (var name in new[] { "original/gone.rss", "en/gone.atom", "both/gone.json" })
        {
            Assert.Equal(FeedDocumentWriteResult.Written, await documents.WriteAsync(name, all.Document!, overwriteSameVersion: true));
        }

        await server.Services.GetRequiredService<FeedMaterialiser>().RebuildAsync("gone", CancellationToken.None);

        foreach (var name in new[] { "original/gone.rss", "en/gone.atom", "both/gone.json" })
        {
            Assert.Equal(FeedDocumentReadStatus.Missing, (await documents.ReadAsync(name, null)).Status);
        }

        Assert.Equal(404, (await server.GetAsync("api/feeds/gone.rss")).Status);
    }

    [Fact]
    public async Task A_request_revalidates_with_one_conditional_read_and_picks_up_what_another_instance_wrote()
    {
        var account = await MaterialisingServer.Account();
        await using var writer = await MaterialisingServer.StartAsync(account);
        await using var reader = await MaterialisingServer.StartAsync(account);
        var seeds = MaterialisingServer.SeedNames();
        await writer.IngestAsync(seeds.Where(s => s != "voa-1035001.md"));
        var documents = writer.Services.GetRequiredService<IFeedDocumentStore>();
        var store = writer.Services.GetRequiredService<IArticleStore>();
        // Materialised at the store's current version: no rebuild of an earlier state is still on its way.
        var before = (await Eventually.WaitAsync(
            async () => (Read: await documents.ReadAsync("original/all.rss", null), Version: await store.GetVersionAsync(null)),
            r => r.Read.Status == FeedDocumentReadStatus.Found && r.Read.Document!.Version == r.Version, "all.rss materialised")).Read;

        var first = await reader.GetAsync("api/feeds/all.rss");
        Assert.Equal(before.Document!.Hash, first.ETag!.Trim('"'));
        var requests = reader.StorageRequests;
        var again = await reader.GetAsync("api/feeds/all.rss");
        Assert.Equal(1, reader.StorageRequests - requests); // One conditional GET, answered 304: the copy held is served.
        Assert.Equal(first.ETag, again.ETag);
        Assert.Equal(first.Body, again.Body);

        await writer.IngestAsync(["voa-1035001.md"]);
        var after = (await Eventually.WaitAsync(
            async () => (Read: await documents.ReadAsync("original/all.rss", null), Version: await store.GetVersionAsync(null)),
            r => r.Read.Document is { } d && d.Hash != before.Document.Hash && d.Version == r.Version, "all.rss rebuilt")).Read;
        requests = reader.StorageRequests;
        var changed = await reader.GetAsync("api/feeds/all.rss");
        Assert.Equal(1, reader.StorageRequests - requests); // The same one read, this time with the new body.
        Assert.Equal(after.Document!.Hash, changed.ETag!.Trim('"'));
        Assert.Equal(after.Document.Identity, changed.Body);
        Assert.Equal(304, (await reader.GetAsync("api/feeds/all.rss", changed.ETag)).Status);
    }

    [Fact]
    public async Task Two_instances_ingesting_the_same_and_different_seeds_at_once_end_with_what_one_instance_alone_writes()
    {
        var seeds = MaterialisingServer.SeedNames();
        var shared = await MaterialisingServer.Account();
        var alone = await MaterialisingServer.Account();
        await using var first = await MaterialisingServer.StartAsync(shared);
        await using var second = await MaterialisingServer.StartAsync(shared);
        await using var single = await MaterialisingServer.StartAsync(alone);

        // Both take the common half, each one of the other halves, concurrently.
        var common = seeds.Where((_, i) => i % 2 == 0).ToList();
        var own = seeds.Where((_, i) => i % 2 == 1).ToList();
        await Task.WhenAll(
            first.IngestAsync(common.Concat(own.Where((_, i) => i % 2 == 0))),
            second.IngestAsync(common.AsEnumerable().Reverse().Concat(own.Where((_, i) => i % 2 == 1))),
            single.IngestAsync(seeds));
        var feeds = await FeedNamesAsync(single);
        Assert.Equal(feeds, await FeedNamesAsync(first));

        await Eventually.WaitAsync(async () =>
        {
            var differences = new List<string>();
            foreach (var name in feeds.SelectMany(Names))
            {
                var a = await first.Services.GetRequiredService<IFeedDocumentStore>().ReadAsync(name, null);
                var b = await single.Services.GetRequiredService<IFeedDocumentStore>().ReadAsync(name, null);
                // The bytes, not Last-Modified: that includes when each account's articles last changed, which differs.
                if (a.Document is null || b.Document is null || a.Document.Hash != b.Document.Hash
                    || !a.Document.Identity.AsSpan().SequenceEqual(b.Document.Identity))
                {
                    differences.Add(name);
                }
            }

            return differences;
        }, d => d.Count == 0, "the two instances' documents to equal the single instance's");
        var served = await Task.WhenAll(first.GetAsync("api/feeds/all.atom"), second.GetAsync("api/feeds/all.atom"), single.GetAsync("api/feeds/all.atom"));
        Assert.Single(served.Select(s => s.ETag).Distinct());
    }

    [Fact]
    public async Task The_server_rebuilds_a_burst_of_changes_once_after_the_delay()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-29T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var account = await MaterialisingServer.Account();
        await using var server = await MaterialisingServer.StartAsync(account, new Dictionary<string, string?> { ["FeedRelay:Feeds:RebuildDelayMs"] = "60000" },
            services => services.AddSingleton<TimeProvider>(clock));
        var health = server.Services.GetRequiredService<BackgroundHealth>();
        var rebuilds = server.Services.GetRequiredService<FeedRebuildService>();
        var documents = server.Services.GetRequiredService<IFeedDocumentStore>();
        // The idle first round at start; from then on a round runs only when a change woke it and the delay passed.
        var rounds = await Eventually.WaitAsync(() => Task.FromResult(health.Rounds(FeedRebuildService.PartName)), r => r >= 1, "the first, idle round");

        await server.IngestAsync(MaterialisingServer.SeedNames());
        var feeds = await FeedNamesAsync(server);
        Assert.Equal(feeds.Count, rebuilds.Pending);
        Assert.Equal(rounds, health.Rounds(FeedRebuildService.PartName));
        Assert.Equal(FeedDocumentReadStatus.Missing, (await documents.ReadAsync("original/all.rss", null)).Status);

        // The minute passes: one round rebuilds every changed feed once.
        await Eventually.WaitAsync(() =>
        {
            clock.Advance(TimeSpan.FromSeconds(61));
            return health.Rounds(FeedRebuildService.PartName) > rounds;
        }, "one rebuild round");
        Assert.Equal(rounds + 1, health.Rounds(FeedRebuildService.PartName));
        Assert.Equal(0, rebuilds.Pending);
        foreach (var name in feeds.SelectMany(Names))
        {
            Assert.Equal(FeedDocumentReadStatus.Found, (await documents.ReadAsync(name, null)).Status);
        }

        Assert.Equal("ok", health.Report()[FeedRebuildService.PartName]);
    }

    [Fact]
    public async Task The_server_announces_a_feed_to_the_hub_only_once_its_stored_documents_hold_the_change()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-29T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var hub = await FakeHub.StartAsync();
        var account = await MaterialisingServer.Account();
        await using var server = await MaterialisingServer.StartAsync(account, new Dictionary<string, string?>
        {
            ["FeedRelay:Feeds:RebuildDelayMs"] = "60000",
            ["FeedRelay:Feeds:WebSubHubUrl"] = hub.Url.AbsoluteUri,
            ["FeedRelay:Feeds:WebSubPollMs"] = "1000",
        }, services => services.AddSingleton<TimeProvider>(clock));
        var health = server.Services.GetRequiredService<BackgroundHealth>();
        await Eventually.WaitAsync(() => Task.FromResult(health.Rounds("websub")), r => r >= 1, "the first WebSub round");

        await server.IngestAsync(MaterialisingServer.SeedNames());
        // Polls pass: the store changed, but its documents are rebuilt only after a minute, so nothing is announced (the hub
        // would fetch the documents from before the change).
        var rounds = health.Rounds("websub");
        await Eventually.WaitAsync(() =>
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            return health.Rounds("websub") >= rounds + 3;
        }, "three WebSub polls");
        Assert.Empty(hub.Published);

        // The rebuild round, then the next poll announces every rebuilt feed.
        var feeds = await FeedNamesAsync(server);
        await Eventually.WaitAsync(() =>
        {
            clock.Advance(TimeSpan.FromSeconds(61));
            return feeds.All(feed => hub.Published.Any(p => p.Topic == $"{MaterialisingServer.BaseUrl}api/feeds/{feed}.rss"));
        }, "every rebuilt feed announced");
        var documents = server.Services.GetRequiredService<IFeedDocumentStore>();
        Assert.Equal(FeedDocumentReadStatus.Found, (await documents.ReadAsync("original/all.rss", null)).Status);
    }

    [Fact]
    public async Task The_import_command_rebuilds_the_documents_of_the_feeds_it_changed()
    {
        var account = await MaterialisingServer.Account();
        var seeds = MaterialisingServer.SeedNames();
        await using (var server = await MaterialisingServer.StartAsync(account))
        {
            await server.IngestAsync(seeds.Where(s => s != "voa-1035001.md"));
            await Eventually.WaitAsync(() => server.Services.GetRequiredService<IFeedDocumentStore>().ReadAsync("original/all.rss", null),
                r => r.Status == FeedDocumentReadStatus.Found, "all.rss materialised");
        }

        // The import runs as a command (no server, no trigger): its own rebuilds at the end bring the stored documents up to date.
        using var folder = TestPaths.NewTempFolder();
        File.Copy(Path.Combine(TestPaths.Seeds, "voa-1035001.md"), Path.Combine(folder.Path, "voa-1035001.md"));
        using var data = TestPaths.NewTempFolder();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(account);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["FeedRelay:DataPath"] = data.Path });
        builder.AddFeedRelay(FeedRelayHosting.Command);
        using var command = builder.Build();
        await command.Services.GetRequiredService<SeedImporter>().ImportAsync(folder.Path, null, CancellationToken.None);
        var rebuilds = command.Services.GetRequiredService<DeferredFeedRebuilds>();
        Assert.Equal(2, rebuilds.Pending);
        Assert.Equal(2, await rebuilds.FlushAsync(CancellationToken.None));

        await using var reference = await MaterialisingServer.StartAsync(account, OnDemand);
        var stored = await command.Services.GetRequiredService<IFeedDocumentStore>().ReadAsync("original/all.rss", null);
        var built = await reference.GetAsync("api/feeds/all.rss");
        Assert.Equal(built.Body, stored.Document!.Identity);
        Assert.Contains("voachinese.com", Encoding.UTF8.GetString(stored.Document.Identity), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_document_is_built_on_demand_and_then_materialised()
    {
        var account = await MaterialisingServer.Account();
        await using (var writer = await MaterialisingServer.StartAsync(account, OnDemand))
        {
            // Written by an instance that does not materialise (like the bench generator): nothing is in the feeds container.
            await writer.IngestAsync(MaterialisingServer.SeedNames().Take(4));
        }

        await using var server = await MaterialisingServer.StartAsync(account);
        var documents = server.Services.GetRequiredService<IFeedDocumentStore>();
        Assert.Equal(FeedDocumentReadStatus.Missing, (await documents.ReadAsync("original/all.rss", null)).Status);

        var served = await server.GetAsync("api/feeds/all.rss");
        Assert.Equal(200, served.Status);
        var stored = await Eventually.WaitAsync(() => documents.ReadAsync("original/all.rss", null), r => r.Status == FeedDocumentReadStatus.Found, "all.rss materialised");
        Assert.Equal(served.Body, stored.Document!.Identity);
        Assert.Equal(served.ETag!.Trim('"'), stored.Document.Hash);
    }

    [Fact]
    public async Task RebuildFeeds_coalesces_a_burst_into_one_message_per_feed_and_materialises_it()
    {
        var feedsContainer = AzuriteServer.UniqueName("feeds-");
        var queueName = AzuriteServer.UniqueName("feed-rebuilds-");
        await using var app = await FunctionsApp.StartAsync(new Dictionary<string, string?>
        {
            ["FeedRelay:PublicBaseUrl"] = MaterialisingServer.BaseUrl,
            ["FeedRelay:Storage:FeedsContainer"] = feedsContainer,
            ["FeedRelay:Storage:FeedRebuildQueue"] = queueName,
            ["FeedRelay:Storage:FeedRebuildDelaySeconds"] = "0",
            ["FeedRelay:Storage:IndexTable"] = AzuriteServer.UniqueName("index"),
        });
        var azurite = await AzuriteServer.Shared;
        var queue = new QueueClient(azurite.ConnectionString, queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var container = new BlobContainerClient(azurite.ConnectionString, feedsContainer);
        var normalise = app.Create<NormaliseSeedFunction>();
        var seeds = MaterialisingServer.SeedNames();

        // A burst: every seed, and every seed again (unchanged, so no new requests), with the trigger not yet run.
        foreach (var name in seeds.Concat(seeds))
        {
            await normalise.RunAsync(await app.SeedBlobAsync(name, await File.ReadAllBytesAsync(Path.Combine(TestPaths.Seeds, name))), name, CancellationToken.None);
        }

        var sources = (await app.Services.GetRequiredService<IArticleStore>().ListSourcesAsync()).Select(s => s.Slug).ToList();
        var messages = (await queue.ReceiveMessagesAsync(32)).Value;
        var requested = messages.Select(m => System.Text.Json.JsonSerializer.Deserialize<FeedRebuildRequest>(m.Body.ToString(), System.Text.Json.JsonSerializerOptions.Web)!.Feed).ToList();
        Assert.Equal(sources.Append("all").Order(StringComparer.Ordinal), requested.Order(StringComparer.Ordinal)); // One message per feed.

        var rebuild = app.Create<RebuildFeedsFunction>();
        foreach (var feed in requested)
        {
            await rebuild.RunAsync(new FeedRebuildRequest(feed), CancellationToken.None);
        }

        var documents = app.Services.GetRequiredService<IFeedDocumentStore>();
        foreach (var name in requested.SelectMany(Names))
        {
            Assert.Equal(FeedDocumentReadStatus.Found, (await documents.ReadAsync(name, null)).Status);
        }

        var markers = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None,
            AzureFeedRebuildQueue.MarkerFolder, CancellationToken.None))
        {
            markers.Add(blob.Name);
        }

        Assert.Empty(markers); // Cleared, so that the next change asks again.
        var served = await app.CallAsync<FeedFunctions>("GET", "/api/feeds/all.rss", (f, r) => f.Feed(r, "all", "rss"));
        Assert.Equal((await documents.ReadAsync("original/all.rss", null)).Document!.Hash, served.Header("ETag")!.Trim('"'));

        // The poison handler asks again, later, for a rebuild that never succeeded: a new marker and a new delayed message.
        var rebuilds = app.Services.GetRequiredService<AzureFeedRebuildQueue>();
        await rebuilds.RequestAsync(["all"]);
        var marker = container.GetBlobClient(AzureFeedRebuildQueue.MarkerFolder + "all");
        var failed = (await marker.GetPropertiesAsync()).Value.ETag;
        var queued = (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        await app.Create<RebuildFeedsPoisonFunction>().RunAsync(new FeedRebuildRequest("all"), CancellationToken.None);
        Assert.NotEqual(failed, (await marker.GetPropertiesAsync()).Value.ETag);
        Assert.Equal(queued + 1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.True(rebuilds.RetryDelay >= TimeSpan.FromMinutes(5) && rebuilds.RetryDelay < rebuilds.StaleAfter);
    }

    private static IEnumerable<string> Names(string feed) =>
        FeedViews.All.SelectMany(view => FeedDocumentNames.Formats.Select(format => FeedDocumentNames.Of(feed, format, view)));

    private static async Task<List<string>> FeedNamesAsync(MaterialisingServer server) =>
        (await server.Services.GetRequiredService<IArticleStore>().ListSourcesAsync()).Select(s => s.Slug).Prepend("all").ToList();

    private static async Task<List<string>> MismatchesAsync(MaterialisingServer server, MaterialisingServer reference, IReadOnlyList<string> feeds)
    {
        var documents = server.Services.GetRequiredService<IFeedDocumentStore>();
        var mismatches = new List<string>();
        foreach (var feed in feeds)
        {
            foreach (var view in FeedViews.All)
            {
                foreach (var format in FeedDocumentNames.Formats)
                {
                    var name = FeedDocumentNames.Of(feed, format, view);
                    var stored = await documents.ReadAsync(name, null);
                    var built = await reference.GetAsync($"api/feeds/{feed}.{format.Extension()}" + (view == FeedView.Original ? "" : "?lang=" + view.QueryValue()));
                    if (stored.Document is null || stored.Document.Hash != built.ETag?.Trim('"') || !stored.Document.Identity.AsSpan().SequenceEqual(built.Body))
                    {
                        mismatches.Add(name);
                    }
                }
            }
        }

        return mismatches;
    }
}
