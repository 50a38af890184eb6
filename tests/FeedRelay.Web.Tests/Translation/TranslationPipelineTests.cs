using System.Text.Json;
using FeedRelay.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FeedRelay.Tests.Translation;

public sealed class TranslationPipelineTests
{
    private static readonly string[] Seeds = ["004_8d4ffb861fbb6860.txt", "voa-1035001.md", "dw-1030000.md", "rfi-1020000.md", "cdt-399830.md"];

    [Fact]
    public async Task An_outage_during_ingestion_loses_nothing_and_re_ingesting_or_a_second_source_bills_nothing()
    {
        await using var fake = await FakeTranslator.StartAsync();
        fake.RequiredKey = "test-key";
        using var root = TestPaths.NewTempFolder();
        fake.Down = true;
        using (var app = new TranslationApp(fake, root.Path))
        {
            foreach (var seed in Seeds)
            {
                File.Copy(Path.Combine(TestPaths.Seeds, seed), Path.Combine(app.SeedsPath, seed));
            }

            // Published at once, untranslated, while the Translator is down; the work is parked with its reason.
            var down = await app.WaitForJsonAsync("/api/translation/status", s =>
                s.GetProperty("articles").GetProperty("total").GetInt32() == Seeds.Length
                && s.GetProperty("queue").GetProperty("parked").GetInt32() == Seeds.Length);
            Assert.Equal(Seeds.Length, TranslationApp.Level(down, "untranslated"));
            Assert.All(down.GetProperty("queue").GetProperty("parkedItems").EnumerateArray(),
                item => Assert.Contains("503", item.GetProperty("reason").GetString(), StringComparison.Ordinal));
            using var client = app.CreateClient();
            Assert.Contains("俄罗斯入侵乌克兰", await client.GetStringAsync("/api/feeds/all.rss"), StringComparison.Ordinal);
            var health = await app.WaitForJsonAsync("/api/health", h => h.GetProperty("parts").TryGetProperty("translator", out _));
            Assert.Equal("degraded", health.GetProperty("status").GetString());
            Assert.StartsWith("failing since ", health.GetProperty("parts").GetProperty("translator").GetString(), StringComparison.Ordinal);
            Assert.Contains("unavailable", health.GetProperty("parts").GetProperty("translator").GetString(), StringComparison.Ordinal);
            var store = app.Services.GetRequiredService<IArticleStore>();
            var before = (await store.QueryAsync(new ArticleQuery(Limit: 100))).ToDictionary(a => a.Id);
            Assert.Equal(0, fake.CharactersBilled);

            // The Translator recovers: every article gets its translation, in place.
            fake.Down = false;
            // The worker stores an article's translation before it takes the work item off the queue (so a crash between the
            // two repeats the work, from the cache, instead of losing it): wait for both.
            var recovered = await app.WaitForJsonAsync("/api/translation/status", s =>
                TranslationApp.Level(s, "full") == Seeds.Length && s.GetProperty("queue").GetProperty("parked").GetInt32() == 0);
            var after = await store.QueryAsync(new ArticleQuery(Limit: 100));
            Assert.Equal(before.Keys.Order(), after.Select(a => a.Id).Order());
            Assert.All(after, a =>
            {
                Assert.Equal("full", a.Translation?.Level);
                Assert.StartsWith("EN[", a.Translation!.Title, StringComparison.Ordinal);
                Assert.Contains("EN[", a.Translation.ContentHtml, StringComparison.Ordinal);
                Assert.True(a.Updated > before[a.Id].Updated);
                Assert.Equal(before[a.Id].Title, a.Title);
            });
            Assert.True(recovered.GetProperty("usage").GetProperty("charactersBilled").GetInt64() > 0);
            var healthy = await app.WaitForJsonAsync("/api/health", h => h.GetProperty("parts").GetProperty("translator").GetString() == "ok");
            Assert.Equal("ok", healthy.GetProperty("status").GetString());
        }

        var billed = fake.CharactersBilled;
        var requests = fake.Requests.Count;

        // Restart on the same data (the seeds ledger says no seed changed, so none is read again) with the VOA story also
        // under another outlet's link; then rewrite every seed so that it is ingested a second time.
        using (var app = new TranslationApp(fake, root.Path))
        {
            using var client = app.CreateClient();
            var voa = await File.ReadAllTextAsync(Path.Combine(TestPaths.Seeds, "voa-1035001.md"));
            await File.WriteAllTextAsync(Path.Combine(app.SeedsPath, "rfa-copy.md"), voa.Replace("https://www.voachinese.com/", "https://www.rfa.org/", StringComparison.Ordinal));
            await app.WaitForJsonAsync("/api/translation/status", s => TranslationApp.Level(s, "full") == Seeds.Length + 1);
            foreach (var seed in Seeds)
            {
                var path = Path.Combine(app.SeedsPath, seed);
                await File.WriteAllBytesAsync(path, await File.ReadAllBytesAsync(path));
                File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
            }

            await app.WaitForJsonAsync("/api/health", h => h.GetProperty("ingestion").GetProperty("seen").GetInt64() >= Seeds.Length + 1);
            var status = await app.WaitForJsonAsync("/api/translation/status", s =>
                TranslationApp.Level(s, "full") == Seeds.Length + 1 && s.GetProperty("queue").GetProperty("pending").GetInt32() == 0);

            Assert.Equal(billed, fake.CharactersBilled);
            Assert.Equal(requests, fake.Requests.Count);
            Assert.Equal(0, status.GetProperty("usage").GetProperty("charactersBilled").GetInt64());
            Assert.True(status.GetProperty("usage").GetProperty("cacheHits").GetInt64() > 0);
        }
    }

    [Fact]
    public async Task A_budget_limits_what_is_billed_and_the_articles_say_how_far_they_got()
    {
        await using var fake = await FakeTranslator.StartAsync();
        using var root = TestPaths.NewTempFolder();
        using var app = new TranslationApp(fake, root.Path, new Dictionary<string, string> { ["FeedRelay:Translation:DailyCharacterBudget"] = "300" });
        foreach (var seed in Seeds)
        {
            File.Copy(Path.Combine(TestPaths.Seeds, seed), Path.Combine(app.SeedsPath, seed));
        }

        var status = await app.WaitForJsonAsync("/api/translation/status", s =>
            s.GetProperty("articles").GetProperty("total").GetInt32() == Seeds.Length
            && TranslationApp.Level(s, "untranslated") == 0
            && s.GetProperty("queue").GetProperty("parked").GetInt32() + TranslationApp.Level(s, "full") == Seeds.Length);

        Assert.True(TranslationApp.Level(status, "full") < Seeds.Length);
        Assert.True(TranslationApp.Level(status, "title-summary") >= 1);
        Assert.True(fake.CharactersBilled <= 300);
        Assert.Equal(fake.CharactersBilled, status.GetProperty("budget").GetProperty("charactersUsed").GetInt64());
        Assert.All(status.GetProperty("queue").GetProperty("parkedItems").EnumerateArray(),
            item => Assert.Contains("budget", item.GetProperty("reason").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_an_endpoint_translation_is_off()
    {
        using var app = new FeedRelay.Tests.Host.FeedRelayApp();
        using var client = app.CreateClient();

        var status = JsonDocument.Parse(await client.GetStringAsync("/api/translation/status")).RootElement;

        Assert.False(status.GetProperty("enabled").GetBoolean());
        Assert.Equal("en", status.GetProperty("targetLanguage").GetString());
    }

    [Fact]
    public async Task An_endpoint_without_key_or_managed_identity_fails_at_start()
    {
        await using var fake = await FakeTranslator.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["FeedRelay:Translation:Endpoint"] = fake.Endpoint.AbsoluteUri,
            ["FeedRelay:Translation:Key"] = "",
        };

        // Started directly: WebApplicationFactory's deferred host can surface a failed start as ObjectDisposedException.
        var error = await Assert.ThrowsAnyAsync<Exception>(() => FeedRelay.Tests.Host.FeedRelayServer.StartAsync([], settings));

        Assert.Contains("Key or UseManagedIdentity", error.ToString(), StringComparison.Ordinal);
    }
}
