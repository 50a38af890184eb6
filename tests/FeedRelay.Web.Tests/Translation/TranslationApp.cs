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
        return await Eventually.WaitAsync(async () => JsonDocument.Parse(await client.GetStringAsync(path)).RootElement.Clone(), condition,
            $"{path} to satisfy the condition");
    }

    public static int Level(JsonElement status, string level) =>
        status.GetProperty("articles").GetProperty("byLevel").TryGetProperty(level, out var count) ? count.GetInt32() : 0;
}
