using System.Net;
using System.Text.Json;
using Azure.Storage.Queues;
using FeedRelay.Host.Functions;
using FeedRelay.Storage;
using FeedRelay.Storage.Azure;
using FeedRelay.Tests.Host;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace FeedRelay.Tests.Functions;

/// <summary>The <c>TranslateArticle</c> queue trigger answers by the translation's outcome, on Azurite with a fake Translator.</summary>
public sealed class TranslateArticleTests
{
    private const string ChineseSeed = "000_e32e7bf9eae6693a.txt";

    [Fact]
    public async Task A_budget_limited_article_is_acknowledged_and_queued_again_invisible_until_the_budget_resets()
    {
        var azurite = await AzuriteServer.Shared;
        await using var fake = await FakeTranslator.StartAsync();
        var settings = TranslatingSettings(azurite, fake);
        settings["FeedRelay__Translation__DailyCharacterBudget"] = "1";
        await using var app = await CustomHandlerProcess.StartAsync(settings);
        var articleId = await IngestAsync(app, azurite);
        var queue = await EmptyQueueAsync(azurite, settings);

        var (response, reply) = await HostPayloads.InvokeAsync(app.Client, TranslateArticleFunction.Name, Request(articleId, dequeueCount: 1));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("queued again", HostPayloads.Logs(reply), StringComparison.Ordinal);
        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Empty((await queue.PeekMessagesAsync()).Value); // Invisible until the budget resets.
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task A_translator_failure_fails_the_invocation_so_that_the_host_retries()
    {
        var azurite = await AzuriteServer.Shared;
        await using var fake = await FakeTranslator.StartAsync();
        var settings = TranslatingSettings(azurite, fake);
        await using var app = await CustomHandlerProcess.StartAsync(settings);
        var articleId = await IngestAsync(app, azurite);
        var queue = await EmptyQueueAsync(azurite, settings);
        fake.Down = true;

        var (response, reply) = await HostPayloads.InvokeAsync(app.Client, TranslateArticleFunction.Name, Request(articleId, dequeueCount: 2));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("retried later", HostPayloads.Logs(reply), StringComparison.Ordinal);
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount); // The host's own retry, not a copy.

        fake.Down = false;
        var (again, againReply) = await HostPayloads.InvokeAsync(app.Client, TranslateArticleFunction.Name, Request(articleId, dequeueCount: 3));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("Translated", HostPayloads.Logs(againReply), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_processor_is_registered_only_when_translation_is_enabled_and_the_budget_is_shared_on_azure()
    {
        var azurite = await AzuriteServer.Shared;
        await using var fake = await FakeTranslator.StartAsync();
        using var off = new FeedRelayApp();
        using var on = off.WithWebHostBuilder(b => b
            .UseSetting("FeedRelay:Translation:Endpoint", fake.Endpoint.AbsoluteUri)
            .UseSetting("FeedRelay:Translation:Key", "test-key")
            .UseSetting("FeedRelay:Storage:ConnectionString", azurite.ConnectionString)
            .UseSetting("FeedRelay:Storage:TranslationCacheTable", AzuriteServer.UniqueName("cache")));

        Assert.Null(off.Services.GetService<ITranslationProcessor>());
        Assert.NotNull(on.Services.GetService<ITranslationProcessor>());
        Assert.IsType<FileTranslationUsage>(off.Services.GetRequiredService<ITranslationUsage>());
        Assert.IsType<AzureTranslationUsage>(on.Services.GetRequiredService<ITranslationUsage>());
    }

    private static Dictionary<string, string> TranslatingSettings(AzuriteServer azurite, FakeTranslator fake)
    {
        var settings = CustomHandlerTests.AppSettings(azurite);
        settings["FeedRelay__Translation__Endpoint"] = fake.Endpoint.AbsoluteUri;
        settings["FeedRelay__Translation__Key"] = "test-key";
        settings["FeedRelay__Translation__MaxRetries"] = "0";
        settings["FeedRelay__Translation__RetryDelayMs"] = "1";
        settings["FeedRelay__Translation__MaxRetryDelayMs"] = "10";
        return settings;
    }

    private static async Task<string> IngestAsync(CustomHandlerProcess app, AzuriteServer azurite)
    {
        var (_, ingested) = await HostPayloads.InvokeAsync(app.Client, "NormaliseSeed",
            HostPayloads.Blob(ChineseSeed, File.ReadAllBytes(Path.Combine(TestPaths.Seeds, ChineseSeed)), azurite.BlobPort));
        return HostPayloads.Logs(ingested).Split("→ article ")[1].Split(':')[0];
    }

    /// <summary>The translate queue with what ingestion queued removed, so that only the trigger's own sends remain.</summary>
    private static async Task<QueueClient> EmptyQueueAsync(AzuriteServer azurite, Dictionary<string, string> settings)
    {
        var queue = new QueueClient(azurite.ConnectionString, settings["FeedRelay__Storage__TranslateQueue"]);
        await queue.CreateIfNotExistsAsync();
        await queue.ClearMessagesAsync();
        return queue;
    }

    private static System.Text.Json.Nodes.JsonObject Request(string articleId, int dequeueCount) =>
        HostPayloads.Queue(TranslateArticleFunction.Binding, JsonSerializer.Serialize(new TranslationRequest(articleId), JsonSerializerOptions.Web), dequeueCount);
}
