using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using FeedRelay.Functions.Feeds;
using FeedRelay.Functions.Ingestion;
using FeedRelay.Functions.Operations;
using FeedRelay.Functions.Translation;
using FeedRelay.Ingestion;
using FeedRelay.Storage;
using FeedRelay.Storage.Azure;
using FeedRelay.Translation;
using FeedRelay.Web.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FeedRelay.Tests;

/// <summary>The blob and queue trigger functions, built by the Functions app's container and run on Azurite.</summary>
public sealed class TriggerFunctionTests
{
    private const string HexoSeed = "bbc-1048033.md";
    private const string LinkHeaderSeed = "000_e32e7bf9eae6693a.txt";

    [Fact]
    public async Task NormaliseSeed_stores_both_formats_quarantines_junk_and_ignores_a_repeated_blob()
    {
        await using var app = await FunctionsApp.StartAsync();
        var function = app.Create<NormaliseSeedFunction>();
        var store = app.Services.GetRequiredService<IArticleStore>();
        var quarantine = app.Services.GetRequiredService<IQuarantine>();

        await function.RunAsync(await app.SeedBlobAsync(HexoSeed, Seed(HexoSeed)), HexoSeed, CancellationToken.None);
        await function.RunAsync(await app.SeedBlobAsync(LinkHeaderSeed, Seed(LinkHeaderSeed)), LinkHeaderSeed, CancellationToken.None);
        var stored = await store.QueryAsync(new ArticleQuery());
        await function.RunAsync(await app.SeedBlobAsync(HexoSeed, Seed(HexoSeed)), HexoSeed, CancellationToken.None);
        await function.RunAsync(await app.SeedBlobAsync("junk.txt", Encoding.UTF8.GetBytes("\u0001\u0002 not a seed")), "junk.txt", CancellationToken.None);

        Assert.Equal(2, stored.Count);
        Assert.All(stored, a => Assert.False(string.IsNullOrWhiteSpace(a.Title)));
        var again = await store.QueryAsync(new ArticleQuery());
        Assert.Equal(stored.Select(a => (a.Id, a.Updated)), again.Select(a => (a.Id, a.Updated))); // The repeat changed nothing.
        var rejection = Assert.Single(await quarantine.ListAsync());
        Assert.Equal("junk.txt", rejection.Name);
        Assert.False(string.IsNullOrWhiteSpace(rejection.Code));
        Assert.False(string.IsNullOrWhiteSpace(rejection.Error));
    }

    [Fact]
    public async Task A_seed_over_the_limit_is_quarantined_as_too_large_without_its_bytes_and_a_deleted_one_is_acknowledged()
    {
        await using var app = await FunctionsApp.StartAsync(new Dictionary<string, string?> { ["FeedRelay:MaxSeedBytes"] = "4096" });
        var function = app.Create<NormaliseSeedFunction>();
        var big = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("<p>过大的种子文件。</p>", 2_000)));
        var missing = app.Create<NormaliseSeedFunction>();

        await function.RunAsync(await app.SeedBlobAsync("big.md", big), "big.md", CancellationToken.None);
        var gone = await app.SeedBlobAsync("gone.md", Seed(HexoSeed));
        await gone.DeleteAsync();
        await missing.RunAsync(gone, "gone.md", CancellationToken.None);

        var quarantine = app.Services.GetRequiredService<IQuarantine>();
        var rejection = Assert.Single(await quarantine.ListAsync());
        Assert.Equal(("big.md", IngestionService.TooLargeCode, (long)big.Length), (rejection.Name, rejection.Code, rejection.Size));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(big)), rejection.Sha256);
        Assert.Empty(await quarantine.GetContentAsync(rejection.Sha256) ?? [0]);

        // Its bytes are not kept: a retry from the quarantine leaves the rejection as it is and adds none.
        var retried = await app.Services.GetRequiredService<IngestionService>().RetryAsync(rejection.Sha256);
        Assert.Equal((IngestStatus.Rejected, rejection), (retried!.Status, retried.Rejection));
        Assert.Equal(rejection, Assert.Single(await quarantine.ListAsync()));
        Assert.Empty(await app.Services.GetRequiredService<IArticleStore>().QueryAsync(new ArticleQuery()));
    }

    [Fact]
    public async Task A_poison_seed_over_the_limit_is_quarantined_as_too_large()
    {
        await using var app = await FunctionsApp.StartAsync(new Dictionary<string, string?> { ["FeedRelay:MaxSeedBytes"] = "1024" });
        var blob = await app.SeedBlobAsync("stuck.md", Seed(HexoSeed));

        await app.Create<QuarantinePoisonSeedFunction>().RunAsync(new QuarantinePoisonSeedFunction.PoisonBlobMessage("BlobTrigger", null, "BlockBlob",
            blob.BlobContainerName, "stuck.md", null), CancellationToken.None);

        var rejection = Assert.Single(await app.Services.GetRequiredService<IQuarantine>().ListAsync());
        Assert.Equal(("stuck.md", IngestionService.TooLargeCode, (long)Seed(HexoSeed).Length), (rejection.Name, rejection.Code, rejection.Size));
    }

    [Fact]
    public async Task Seeds_whose_events_were_dead_lettered_are_ingested_and_their_dead_letters_removed()
    {
        await using var app = await FunctionsApp.StartAsync(new Dictionary<string, string?>
        {
            ["FeedRelay:Storage:SeedsDeadLetterContainer"] = AzuriteServer.UniqueName("deadletter-"),
        });
        var seed = await app.SeedBlobAsync("2020/voa.txt", Seed(LinkHeaderSeed));
        var deadLetters = new BlobContainerClient((await AzuriteServer.Shared).ConnectionString, app.Settings["FeedRelay:Storage:SeedsDeadLetterContainer"]);
        await deadLetters.CreateIfNotExistsAsync();
        var events = $$"""
            [{"id":"1","topic":"/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st",
              "subject":"/blobServices/default/containers/{{seed.BlobContainerName}}/blobs/2020/voa.txt","eventType":"Microsoft.Storage.BlobCreated",
              "eventTime":"2026-12-07T18:00:00Z","data":{"url":"{{seed.Uri}}"},"dataVersion":"","metadataVersion":"1",
              "deadLetterReason":"MaxDeliveryAttemptsExceeded","deliveryAttempts":30,"lastDeliveryOutcome":"Unauthorized"}]
            """;
        await deadLetters.UploadBlobAsync("evgt/seeds-blob-created/2026/12/07/18/a.json", BinaryData.FromString(events));
        await deadLetters.UploadBlobAsync("evgt/seeds-blob-created/2026/12/07/18/junk.json", BinaryData.FromString("not events"));
        var function = app.Create<ReplayDeadLetteredSeedsFunction>();

        var (blobs, seeds) = await function.ReplayAsync(CancellationToken.None);
        var again = await function.ReplayAsync(CancellationToken.None);

        Assert.Equal((1, 1), (blobs, seeds));
        Assert.Equal((0, 0), again); // done once; the junk blob was moved aside, not read again
        Assert.Single(await app.Services.GetRequiredService<IArticleStore>().QueryAsync(new ArticleQuery()));
        var left = new List<string>();
        await foreach (var blob in deadLetters.GetBlobsAsync())
        {
            left.Add(blob.Name);
        }

        Assert.Equal([ReplayDeadLetteredSeedsFunction.UnreadablePrefix + "evgt/seeds-blob-created/2026/12/07/18/junk.json"], left);
    }

    [Fact]
    public async Task A_dead_letter_whose_seed_keeps_failing_is_set_aside_after_five_runs_and_never_holds_up_the_others()
    {
        await using var app = await FunctionsApp.StartAsync(new Dictionary<string, string?>
        {
            ["FeedRelay:Storage:SeedsDeadLetterContainer"] = AzuriteServer.UniqueName("deadletter-"),
            ["FeedRelay:Storage:ArticlesContainer"] = "no--such--name", // storage refuses the name: storing any article fails
        });
        var seedsContainer = app.Settings["FeedRelay:Storage:SeedsContainer"];
        var deadLetters = new BlobContainerClient((await AzuriteServer.Shared).ConnectionString, app.Settings["FeedRelay:Storage:SeedsDeadLetterContainer"]);
        await deadLetters.CreateIfNotExistsAsync();
        static string Events(string container, string name) =>
            $$$"""[{"id":"1","subject":"/blobServices/default/containers/{{{container}}}/blobs/{{{name}}}","eventType":"Microsoft.Storage.BlobCreated","data":{}}]""";
        // A real seed: storing its article fails on every run. The others are junk, quarantined without touching articles.
        await app.SeedBlobAsync("real.txt", Seed(LinkHeaderSeed));
        await deadLetters.UploadBlobAsync("evgt/a-broken.json", BinaryData.FromString(Events(seedsContainer!, "real.txt")));
        var function = app.Create<ReplayDeadLetteredSeedsFunction>();

        for (var run = 1; run <= ReplayDeadLetteredSeedsFunction.MaxAttempts; run++)
        {
            await app.SeedBlobAsync($"good-{run}.txt", Encoding.UTF8.GetBytes($"\u0001\u0002 junk {run}"));
            await deadLetters.UploadBlobAsync($"evgt/b-good-{run}.json", BinaryData.FromString(Events(seedsContainer!, $"good-{run}.txt")));
            Assert.Equal((1, 1), await function.ReplayAsync(CancellationToken.None)); // the good one, whatever the broken one does
        }

        var left = new List<string>();
        await foreach (var blob in deadLetters.GetBlobsAsync())
        {
            left.Add(blob.Name);
        }

        Assert.Equal([ReplayDeadLetteredSeedsFunction.FailedPrefix + "evgt/a-broken.json"], left);
        Assert.Equal((0, 0), await function.ReplayAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Health_names_work_that_nothing_will_process_in_the_shared_storage()
    {
        await using var app = await FunctionsApp.StartAsync();
        var clean = await app.CallAsync<HealthFunction>("GET", "/api/health", (f, r) => f.Health(r));
        Assert.Equal("ok", JsonDocument.Parse(clean.Text).RootElement.GetProperty("parts").GetProperty("backlog").GetString());

        await using var stranded = await FunctionsApp.StartAsync();
        var queue = new QueueClient((await AzuriteServer.Shared).ConnectionString, stranded.Settings["FeedRelay:Storage:TranslateQueue"] + "-poison-poison");
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("{\"articleId\":\"a1\",\"attempt\":9}");

        var health = JsonDocument.Parse((await stranded.CallAsync<HealthFunction>("GET", "/api/health", (f, r) => f.Health(r))).Text).RootElement;

        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.Contains(queue.Name, health.GetProperty("parts").GetProperty("backlog").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NormaliseSeed_throws_when_storage_fails_so_that_the_host_retries()
    {
        await using var app = await FunctionsApp.StartAsync(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = AzuriteServer.UnreachableConnectionString() });
        var function = app.Create<NormaliseSeedFunction>();
        // The seed itself is readable (the trigger read it); storing its article is what fails.
        var seeds = new BlobContainerClient((await AzuriteServer.Shared).ConnectionString, AzuriteServer.UniqueName("seeds-"));
        await seeds.CreateIfNotExistsAsync();
        await seeds.UploadBlobAsync(HexoSeed, BinaryData.FromBytes(Seed(HexoSeed)));

        await Assert.ThrowsAnyAsync<Exception>(() => function.RunAsync(seeds.GetBlobClient(HexoSeed), HexoSeed, CancellationToken.None));
    }

    [Fact]
    public async Task A_poison_queue_message_quarantines_its_seed_blob()
    {
        await using var app = await FunctionsApp.StartAsync();
        var azurite = await AzuriteServer.Shared;
        var container = new BlobContainerClient(azurite.ConnectionString, app.Settings["FeedRelay:Storage:SeedsContainer"]);
        await container.CreateIfNotExistsAsync();
        await container.UploadBlobAsync("dir/stuck.md", BinaryData.FromBytes(Seed(HexoSeed)));
        var function = app.Create<QuarantinePoisonSeedFunction>();

        await function.RunAsync(new QuarantinePoisonSeedFunction.PoisonBlobMessage("BlobTrigger", "Host.Functions.NormaliseSeed", "BlockBlob",
            container.Name, "dir/stuck.md", "\"0x1\""), CancellationToken.None);
        await function.RunAsync(new QuarantinePoisonSeedFunction.PoisonBlobMessage("BlobTrigger", null, "BlockBlob", "other", "x.md", null), CancellationToken.None);

        var quarantine = app.Services.GetRequiredService<IQuarantine>();
        var rejection = Assert.Single(await quarantine.ListAsync());
        Assert.Equal("dir/stuck.md", rejection.Name);
        Assert.Equal(QuarantinePoisonSeedFunction.Code, rejection.Code);
        Assert.Equal(Seed(HexoSeed), await quarantine.GetContentAsync(rejection.Sha256));
    }

    [Fact]
    public async Task TranslateArticle_acknowledges_when_translation_is_off()
    {
        await using var app = await FunctionsApp.StartAsync();
        var queue = new QueueClient((await AzuriteServer.Shared).ConnectionString, app.Settings["FeedRelay:Storage:TranslateQueue"]);
        await queue.CreateIfNotExistsAsync();

        await app.Create<TranslateArticleFunction>().RunAsync(new TranslationRequest("any"), CancellationToken.None);

        // Acknowledged: not thrown (the host would deliver it again) and not queued again for later.
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task TranslateArticle_queues_an_article_the_Translator_failed_again_later_and_succeeds_once_it_is_back()
    {
        await using var fake = await FakeTranslator.StartAsync();
        await using var app = await FunctionsApp.StartAsync(Translating(fake));
        var id = await IngestAsync(app);
        var queue = new QueueClient((await AzuriteServer.Shared).ConnectionString, app.Settings["FeedRelay:Storage:TranslateQueue"]);
        await queue.CreateIfNotExistsAsync();
        await queue.ClearMessagesAsync();
        fake.Down = true;

        // Not thrown: an outage of any length must use up no deliveries (after maxDequeueCount the message would be poison).
        await app.Create<TranslateArticleFunction>().RunAsync(new TranslationRequest(id), CancellationToken.None);

        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Empty((await queue.PeekMessagesAsync()).Value); // invisible for the parked delay
        fake.Down = false;
        await app.Create<TranslateArticleFunction>().RunAsync(new TranslationRequest(id, 1), CancellationToken.None);
        var article = await app.Services.GetRequiredService<IArticleStore>().GetAsync(id);
        Assert.NotNull(article!.Translation);
    }

    [Fact]
    public async Task TranslateArticlePoison_queues_a_request_that_threw_on_every_delivery_again_later()
    {
        await using var app = await FunctionsApp.StartAsync();
        var queue = new QueueClient((await AzuriteServer.Shared).ConnectionString, app.Settings["FeedRelay:Storage:TranslateQueue"]);
        await queue.CreateIfNotExistsAsync();
        await queue.ClearMessagesAsync();

        await app.Create<TranslateArticlePoisonFunction>().RunAsync(new TranslationRequest("a1", 4), CancellationToken.None);

        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Empty((await queue.PeekMessagesAsync()).Value); // invisible for the longest parked delay
    }

    [Fact]
    public async Task TranslateArticle_queues_a_budget_limited_article_again_invisible_until_the_budget_resets()
    {
        await using var fake = await FakeTranslator.StartAsync();
        var settings = Translating(fake);
        settings["FeedRelay:Translation:DailyCharacterBudget"] = "1";
        // Noon: the budget resets twelve hours later, whatever the time of the run.
        await using var app = await FunctionsApp.StartAsync(settings, new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero)));
        var id = await IngestAsync(app);
        var azurite = await AzuriteServer.Shared;
        var queue = new QueueClient(azurite.ConnectionString, app.Settings["FeedRelay:Storage:TranslateQueue"]);
        await queue.CreateIfNotExistsAsync();
        await queue.ClearMessagesAsync();

        await app.Create<TranslateArticleFunction>().RunAsync(new TranslationRequest(id), CancellationToken.None);

        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Empty((await queue.PeekMessagesAsync()).Value); // Invisible until the budget resets.
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task TranslateArticle_queues_an_article_whose_texts_another_instance_is_sending_again_shortly_without_sending_them()
    {
        await using var fake = await FakeTranslator.StartAsync();
        await using var app = await FunctionsApp.StartAsync(Translating(fake));
        var id = await IngestAsync(app);
        var queue = new QueueClient((await AzuriteServer.Shared).ConnectionString, app.Settings["FeedRelay:Storage:TranslateQueue"]);
        await queue.CreateIfNotExistsAsync();
        await queue.ClearMessagesAsync();

        // Another instance has claimed every text of the article and is sending them now.
        var settings = app.Services.GetRequiredService<TranslationSettings>();
        var text = ArticleText.Of((await app.Services.GetRequiredService<IArticleStore>().GetAsync(id))!, settings);
        var keys = text.Headline.Concat(text.Content).Select(s => s.KeyFor(settings.TargetLanguage)).ToList();
        var other = new AzureTranslationLeases(app.Services.GetRequiredService<AzureStorageClients>(), TimeProvider.System);
        Assert.Empty(await other.ClaimAsync(keys, settings.ClaimLease));

        await app.Create<TranslateArticleFunction>().RunAsync(new TranslationRequest(id), CancellationToken.None);

        Assert.Empty(fake.Requests); // nothing paid twice
        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount); // asked again, not thrown (no delivery used up)
        Assert.Empty((await queue.PeekMessagesAsync()).Value); // invisible for a few seconds
        Assert.False(app.Services.GetRequiredService<BackgroundHealth>().IsDegraded); // not the Translator's failure
    }

    [Fact]
    public async Task The_functions_app_names_no_WebSub_hub_since_nothing_in_it_publishes_to_one()
    {
        await using var app = await FunctionsApp.StartAsync(new Dictionary<string, string?> { ["FeedRelay:Feeds:WebSubHubUrl"] = "https://hub.example/" });
        await IngestAsync(app);

        var reply = await app.CallAsync("GET", "/api/feeds/all.json", (FeedFunctions f, HttpRequest r) => f.Feed(r, "all", "json"));

        Assert.Equal(200, reply.Status);
        Assert.DoesNotContain("hub.example", System.Text.Encoding.UTF8.GetString(reply.Body), StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Translating(FakeTranslator fake) => new()
    {
        ["FeedRelay:Translation:Endpoint"] = fake.Endpoint.AbsoluteUri,
        ["FeedRelay:Translation:Key"] = "test-key",
        ["FeedRelay:Translation:MaxRetries"] = "0",
        ["FeedRelay:Translation:RetryDelayMs"] = "1",
        ["FeedRelay:Translation:MaxRetryDelayMs"] = "10",
    };

    private static async Task<string> IngestAsync(FunctionsApp app)
    {
        await app.Create<NormaliseSeedFunction>().RunAsync(await app.SeedBlobAsync(LinkHeaderSeed, Seed(LinkHeaderSeed)), LinkHeaderSeed, CancellationToken.None);
        return Assert.Single(await app.Services.GetRequiredService<IArticleStore>().QueryAsync(new ArticleQuery())).Id;
    }

    private static byte[] Seed(string name) => File.ReadAllBytes(Path.Combine(TestPaths.Seeds, name));
}
