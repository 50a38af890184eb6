using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FeedRelay.Tests.Translation;

/// <summary>The whole app in memory, translating through a fake Translator with short delays; a new app on the same root is a restart.</summary>
internal sealed class TranslationApp : WebApplicationFactory<Program>
{
    private readonly FakeTranslator fake;
    private readonly string root;
    private readonly IReadOnlyDictionary<string, string>? extra;

    public TranslationApp(FakeTranslator fake, string root, IReadOnlyDictionary<string, string>? extra = null)
    {
        this.fake = fake;
        this.root = root;
        this.extra = extra;
        Directory.CreateDirectory(SeedsPath);
    }

    public string SeedsPath => Path.Combine(root, "seeds");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("FeedRelay:SeedsPath", SeedsPath);
        builder.UseSetting("FeedRelay:DataPath", Path.Combine(root, "data"));
        builder.UseSetting("FeedRelay:RescanIntervalMs", "200");
        builder.UseSetting("FeedRelay:SettleDelayMs", "20");
        builder.UseSetting("FeedRelay:Translation:Endpoint", fake.Endpoint.AbsoluteUri);
        builder.UseSetting("FeedRelay:Translation:Key", "test-key");
        builder.UseSetting("FeedRelay:Translation:Region", "westeurope");
        builder.UseSetting("FeedRelay:Translation:MaxRetries", "1");
        builder.UseSetting("FeedRelay:Translation:RetryDelayMs", "1");
        builder.UseSetting("FeedRelay:Translation:MaxRetryDelayMs", "10");
        builder.UseSetting("FeedRelay:Translation:ParkedRetryMs", "50");
        builder.UseSetting("FeedRelay:Translation:MaxParkedRetryMs", "200");
        builder.UseSetting("FeedRelay:Translation:PollIntervalMs", "50");
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Polls <paramref name="path"/> until its JSON satisfies <paramref name="condition"/>; fails after a generous bound.</summary>
    public async Task<JsonElement> WaitForJsonAsync(string path, Func<JsonElement, bool> condition)
    {
        using var client = CreateClient();
        var body = "";
        for (var attempt = 0; attempt < 300; attempt++)
        {
            body = await client.GetStringAsync(path);
            var json = JsonDocument.Parse(body).RootElement.Clone();
            if (condition(json))
            {
                return json;
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"{path} never satisfied the condition; last body:\n{body}");
    }

    public static int Level(JsonElement status, string level) =>
        status.GetProperty("articles").GetProperty("byLevel").TryGetProperty(level, out var count) ? count.GetInt32() : 0;
}
