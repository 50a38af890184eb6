using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using FeedRelay.Storage;
using FeedRelay.Storage.Azure;

namespace FeedRelay.Tests.Functions;

/// <summary>
/// The built FeedRelay executable as the Functions host runs it (custom handler on Azurite storage), driven by
/// host-shaped invocations and read back through the forwarded HTTP routes.
/// </summary>
public sealed class CustomHandlerTests
{
    private const string HexoSeed = "bbc-1048033.md";
    private const string LinkHeaderSeed = "000_e32e7bf9eae6693a.txt";

    [Fact]
    public async Task Seeds_of_both_formats_bad_and_repeated_seeds_end_up_in_the_feed_or_the_quarantine()
    {
        var azurite = await AzuriteServer.Shared;
        var settings = AppSettings(azurite);
        settings["WEBSITE_HOSTNAME"] = "feedrelay-test.azurewebsites.net"; // Set by the platform.
        await using var app = await CustomHandlerProcess.StartAsync(settings);
        var invocationId = Guid.NewGuid().ToString();

        var (hexo, hexoReply) = await HostPayloads.InvokeAsync(app.Client, "NormaliseSeed",
            HostPayloads.Blob(HexoSeed, SeedBytes(HexoSeed), azurite.BlobPort), invocationId);
        var (linkHeader, linkHeaderReply) = await HostPayloads.InvokeAsync(app.Client, "NormaliseSeed",
            HostPayloads.BlobAsJsonString(LinkHeaderSeed, Encoding.UTF8.GetString(SeedBytes(LinkHeaderSeed)), azurite.BlobPort));
        var (again, againReply) = await HostPayloads.InvokeAsync(app.Client, "NormaliseSeed",
            HostPayloads.Blob(HexoSeed, SeedBytes(HexoSeed), azurite.BlobPort));
        var (bad, badReply) = await HostPayloads.InvokeAsync(app.Client, "NormaliseSeed",
            HostPayloads.Blob("broken.txt", Encoding.UTF8.GetBytes("hello\n"), azurite.BlobPort));

        Assert.Equal(HttpStatusCode.OK, hexo.StatusCode);
        Assert.Contains(": Created", HostPayloads.Logs(hexoReply));
        Assert.Equal(HttpStatusCode.OK, linkHeader.StatusCode);
        Assert.Contains(": Created", HostPayloads.Logs(linkHeaderReply));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains(": Unchanged", HostPayloads.Logs(againReply));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode); // A bad seed is kept aside, not retried.
        Assert.Contains("Quarantined seed broken.txt", HostPayloads.Logs(badReply));
        Assert.True(hexoReply.ContainsKey("Outputs") && hexoReply.ContainsKey("ReturnValue"));

        // Read back through the routes the host forwards as-is.
        var rss = XDocument.Parse(await app.Client.GetStringAsync("api/feeds/all.rss"));
        var items = rss.Descendants("item").ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal(2, items.Select(i => i.Element("guid")!.Value).Distinct().Count());
        // Forwarded requests arrive at 127.0.0.1; links must name the public host.
        Assert.StartsWith("https://feedrelay-test.azurewebsites.net/", rss.Root!.Element("channel")!.Element("link")!.Value, StringComparison.Ordinal);
        var atom = XDocument.Parse(await app.Client.GetStringAsync("api/feeds/all.atom"));
        Assert.Equal(2, atom.Descendants(XName.Get("entry", "http://www.w3.org/2005/Atom")).Count());
        var rejections = JsonNode.Parse(await app.Client.GetStringAsync("api/ingest/rejections"))!.AsArray();
        Assert.Equal("broken.txt", Assert.Single(rejections)!["name"]!.GetValue<string>());
        var health = JsonNode.Parse(await app.Client.GetStringAsync("api/health"))!;
        Assert.Equal(2, health["articles"]!.GetValue<int>());

        // Loopback only, on the host's port; the invocation id is in the log output, which the host collects.
        Assert.Contains($"Now listening on: http://127.0.0.1:{app.Port}", app.Output, StringComparison.Ordinal);
        Assert.Contains(invocationId, app.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_translation_request_from_the_queue_reaches_the_handler_and_is_acknowledged()
    {
        var azurite = await AzuriteServer.Shared;
        var settings = AppSettings(azurite);
        await using var app = await CustomHandlerProcess.StartAsync(settings);
        var (_, ingested) = await HostPayloads.InvokeAsync(app.Client, "NormaliseSeed", HostPayloads.Blob(HexoSeed, SeedBytes(HexoSeed), azurite.BlobPort));
        var articleId = ArticleId(HostPayloads.Logs(ingested));
        var queueName = settings["FeedRelay__Storage__TranslateQueue"];
        await new AzureTranslationQueue(new AzureStorageClients(new AzureStorageOptions
        {
            ConnectionString = azurite.ConnectionString,
            TranslateQueue = queueName,
        })).EnqueueAsync(new TranslationRequest(articleId));

        // What the queue extension hands to the host: the message decoded from base64.
        var queue = new QueueClient(azurite.ConnectionString, queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var message = (await queue.ReceiveMessageAsync()).Value;
        var (response, reply) = await HostPayloads.InvokeAsync(app.Client, "TranslateArticle",
            HostPayloads.Queue("request", message.Body.ToString(), (int)message.DequeueCount));
        var (malformed, _) = await HostPayloads.InvokeAsync(app.Client, "TranslateArticle", HostPayloads.Queue("request", "not json", 1));

        // Without a Translator configured the request is acknowledged (untranslated), never retried forever.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(articleId, HostPayloads.Logs(reply));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode); // Retried by the host, then parked in translate-poison.
    }

    [Fact]
    public async Task A_seed_the_blob_trigger_gave_up_on_is_quarantined_from_the_poison_queue()
    {
        var azurite = await AzuriteServer.Shared;
        var settings = AppSettings(azurite);
        await using var app = await CustomHandlerProcess.StartAsync(settings);
        var container = new BlobContainerClient(azurite.ConnectionString, settings["FeedRelay__Storage__SeedsContainer"]);
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient("dir/stuck.md").UploadAsync(BinaryData.FromBytes(SeedBytes(HexoSeed)));
        var poison = $$"""{"Type":"BlobTrigger","FunctionId":"Host.Functions.NormaliseSeed","BlobType":"BlockBlob","ContainerName":"{{container.Name}}","BlobName":"dir/stuck.md","ETag":"\"0x8DC\""}""";

        var (response, reply) = await HostPayloads.InvokeAsync(app.Client, "QuarantinePoisonSeed", HostPayloads.Queue("poison", poison, 1));
        var (gone, goneReply) = await HostPayloads.InvokeAsync(app.Client, "QuarantinePoisonSeed",
            HostPayloads.Queue("poison", poison.Replace("dir/stuck.md", "dir/deleted.md", StringComparison.Ordinal), 1));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Quarantined seed dir/stuck.md", HostPayloads.Logs(reply));
        Assert.Equal(HttpStatusCode.OK, gone.StatusCode);
        Assert.Contains("no longer exists", HostPayloads.Logs(goneReply));
        var rejection = Assert.Single(JsonNode.Parse(await app.Client.GetStringAsync("api/ingest/rejections"))!.AsArray())!;
        Assert.Equal("dir/stuck.md", rejection["name"]!.GetValue<string>());
        Assert.Equal("ingest.retries-exhausted", rejection["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_storage_outage_fails_the_invocation_so_that_the_host_retries()
    {
        await using var app = await CustomHandlerProcess.StartAsync(new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = AzuriteServer.UnreachableConnectionString(),
        });

        var (response, reply) = await HostPayloads.InvokeAsync(app.Client, "NormaliseSeed", HostPayloads.Blob(HexoSeed, SeedBytes(HexoSeed), 1));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("failed", HostPayloads.Logs(reply));
    }

    [Fact]
    public async Task Two_instances_ingesting_every_sample_seed_at_once_store_each_article_once()
    {
        var azurite = await AzuriteServer.Shared;
        var settings = AppSettings(azurite);
        await using var first = await CustomHandlerProcess.StartAsync(settings);
        await using var second = await CustomHandlerProcess.StartAsync(settings);
        var seeds = Directory.EnumerateFiles(TestPaths.Seeds).Select(Path.GetFileName).Where(n => n != "PROVENANCE.md").Order().ToList();

        // Every seed delivered to both instances at once (at-least-once delivery, two workers).
        var replies = await Task.WhenAll(seeds.SelectMany(name => new[] { first, second }.Select(app =>
            HostPayloads.InvokeAsync(app.Client, "NormaliseSeed", HostPayloads.Blob(name!, SeedBytes(name!), azurite.BlobPort)))));

        Assert.All(replies, r => Assert.Equal(HttpStatusCode.OK, r.Response.StatusCode));
        var logs = replies.Select(r => HostPayloads.Logs(r.Body)).ToList();
        var created = logs.Where(l => l.EndsWith(": Created", StringComparison.Ordinal)).Select(ArticleId).ToList();
        var articleIds = logs.Where(l => l.Contains("→ article", StringComparison.Ordinal)).Select(ArticleId).Distinct().ToList();
        Assert.True(articleIds.Count >= seeds.Count - 2, "most sample seeds are good:\n" + string.Join('\n', logs));
        Assert.Equal(articleIds.Order(), created.Order()); // Each article created exactly once, none lost.

        var blobs = new BlobContainerClient(azurite.ConnectionString, settings["FeedRelay__Storage__ArticlesContainer"]);
        var stored = new List<string>();
        await foreach (var blob in blobs.GetBlobsAsync())
        {
            stored.Add(blob.Name);
        }

        Assert.Equal(articleIds.Select(id => id + ".json").Order(), stored.Order());
        foreach (var app in new[] { first, second })
        {
            await WaitForArticleCountAsync(app, articleIds.Count);
        }
    }

    private static string ArticleId(string log) => log.Split("→ article ")[1].Split(':')[0];

    /// <summary>Each instance's index catches up with the other's writes within a few refresh intervals.</summary>
    private static async Task WaitForArticleCountAsync(CustomHandlerProcess app, int expected)
    {
        var count = -1;
        for (var attempt = 0; attempt < 100 && count != expected; attempt++)
        {
            count = JsonNode.Parse(await app.Client.GetStringAsync("api/health"))!["articles"]!.GetValue<int>();
            if (count != expected)
            {
                await Task.Delay(200);
            }
        }

        Assert.Equal(expected, count);
    }

    /// <summary>App settings as the host passes them: the storage account, plus names unique to this test.</summary>
    internal static Dictionary<string, string> AppSettings(AzuriteServer azurite) => new()
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["FeedRelay__Storage__SeedsContainer"] = AzuriteServer.UniqueName("seeds-"),
        ["FeedRelay__Storage__ArticlesContainer"] = AzuriteServer.UniqueName("articles-"),
        ["FeedRelay__Storage__QuarantineContainer"] = AzuriteServer.UniqueName("quarantine-"),
        ["FeedRelay__Storage__TranslateQueue"] = AzuriteServer.UniqueName("translate-"),
        ["FeedRelay__Storage__TranslationCacheTable"] = AzuriteServer.UniqueName("cache"),
        ["FeedRelay__Storage__IndexRefreshSeconds"] = "1",
    };

    private static byte[] SeedBytes(string name) => File.ReadAllBytes(Path.Combine(TestPaths.Seeds, name));
}
