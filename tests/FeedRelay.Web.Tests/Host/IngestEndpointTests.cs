using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using FeedRelay.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FeedRelay.Tests.Host;

public sealed class IngestEndpointTests
{
    private const string VoaTitle = "乌俄准备第二轮和谈 俄军攻势遇挫损失惨重";

    /// <summary>Puts <paramref name="bytes"/> in the quarantine as if an older version had rejected them.</summary>
    private static async Task<string> QuarantineAsync(FeedRelayApp app, string name, byte[] bytes)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var quarantine = app.Services.GetRequiredService<IQuarantine>();
        await quarantine.AddAsync(new Rejection(name, "parse", "seed.unknown-format", "rejected by an older parser",
            DateTimeOffset.UnixEpoch, bytes.Length, sha), bytes);
        return sha;
    }

    [Fact]
    public async Task Rejections_are_listed_with_their_reason_and_can_be_fetched_one_by_one()
    {
        using var app = new FeedRelayApp();
        await File.WriteAllTextAsync(Path.Combine(app.SeedsPath, "prose.txt"), "just prose, not a seed");

        var json = await app.WaitForAsync("/api/ingest/rejections", body => JsonDocument.Parse(body).RootElement.GetArrayLength() == 1);
        var rejection = JsonDocument.Parse(json).RootElement[0];
        using var client = app.CreateClient();
        var sha = rejection.GetProperty("sha256").GetString()!;
        var one = JsonDocument.Parse(await client.GetStringAsync($"/api/ingest/rejections/{sha}")).RootElement;

        Assert.Equal("prose.txt", rejection.GetProperty("name").GetString());
        Assert.Equal("parse", rejection.GetProperty("stage").GetString());
        Assert.Equal("seed.unknown-format", rejection.GetProperty("code").GetString());
        Assert.Equal(22, rejection.GetProperty("size").GetInt64());
        Assert.True(rejection.TryGetProperty("at", out _));
        Assert.True(rejection.TryGetProperty("error", out _));
        Assert.Equal("prose.txt", one.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/ingest/rejections/{new string('a', 64)}")).StatusCode);
    }

    [Fact]
    public async Task Retrying_a_rejection_that_now_parses_ingests_it_and_removes_the_rejection()
    {
        using var app = new FeedRelayApp();
        using var client = app.CreateClient();
        var sha = await QuarantineAsync(app, "voa.txt", await File.ReadAllBytesAsync(Path.Combine(TestPaths.Seeds, "004_8d4ffb861fbb6860.txt")));

        var response = await client.PostAsync($"/api/ingest/rejections/{sha}/retry", null);
        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Created", result.GetProperty("status").GetString());
        Assert.Equal(0, JsonDocument.Parse(await client.GetStringAsync("/api/ingest/rejections")).RootElement.GetArrayLength());
        Assert.Contains(VoaTitle, await client.GetStringAsync("/api/feeds/all.rss"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/ingest/rejections/{sha}/retry", null)).StatusCode);
    }

    [Fact]
    public async Task Retry_all_works_a_page_at_a_time_and_names_the_next_page_until_every_rejection_was_retried()
    {
        using var app = new FeedRelayApp();
        using var client = app.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await QuarantineAsync(app, $"bad-{i}.txt", System.Text.Encoding.UTF8.GetBytes($"---\ntitle: 'never closed {i}'\n"));
        }

        var retried = new List<string>();
        string? continuation = null;
        var requests = 0;
        do
        {
            var url = "/api/ingest/rejections/retry?limit=2" + (continuation is null ? "" : "&continuation=" + Uri.EscapeDataString(continuation));
            using var response = await client.PostAsync(url, null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.True(page.GetProperty("retried").GetInt32() <= 2);
            retried.AddRange(page.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("name").GetString()!));
            continuation = page.GetProperty("continuation").GetString();
            Assert.Equal(continuation is not null, response.Headers.Contains("Link"));
            requests++;
        }
        while (continuation is not null && requests < 10);

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"bad-{i}.txt").Order(), retried.Order()); // each once, every one
        Assert.Equal(5, JsonDocument.Parse(await client.GetStringAsync("/api/ingest/rejections")).RootElement.GetArrayLength());
    }

    [Theory]
    [InlineData("/api/ingest/rejections?limit=abc", "limit")]
    [InlineData("/api/ingest/rejections?limit=0", "limit")]
    [InlineData("/api/ingest/rejections?limit=99999999999", "limit")]
    [InlineData("/api/ingest/rejections?continuation=garbage", "continuation")]
    public async Task A_page_size_or_continuation_that_is_not_one_is_a_400_naming_it(string url, string parameter)
    {
        using var app = new FeedRelayApp();
        using var client = app.CreateClient();
        await QuarantineAsync(app, "bad.txt", "---\ntitle: 'never closed'\n"u8.ToArray());

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _));
        using var retry = await client.PostAsync(url.Replace("rejections?", "rejections/retry?", StringComparison.Ordinal), null);
        Assert.Equal(HttpStatusCode.BadRequest, retry.StatusCode);
    }

    [Fact]
    public async Task Retry_all_ingests_what_parses_now_and_keeps_the_rest_with_a_fresh_reason()
    {
        using var app = new FeedRelayApp();
        using var client = app.CreateClient();
        await QuarantineAsync(app, "hexo.txt", await File.ReadAllBytesAsync(Path.Combine(TestPaths.Seeds, "000_e32e7bf9eae6693a.txt")));
        var stillBad = await QuarantineAsync(app, "bad.txt", "---\ntitle: 'never closed'\n"u8.ToArray());

        var response = await client.PostAsync("/api/ingest/rejections/retry", null);
        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var left = JsonDocument.Parse(await client.GetStringAsync("/api/ingest/rejections")).RootElement;

        Assert.Equal((2, 1), (result.GetProperty("retried").GetInt32(), result.GetProperty("ingested").GetInt32()));
        var kept = Assert.Single(left.EnumerateArray());
        Assert.Equal(stillBad, kept.GetProperty("sha256").GetString());
        Assert.Equal("front-matter.unterminated", kept.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Every_corpus_seed_is_accounted_for_and_the_rejections_are_exactly_the_bad_files()
    {
        using var app = new FeedRelayApp();
        using var client = app.CreateClient();
        var corpus = Directory.EnumerateFiles(TestPaths.Fixtures, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f) is ".md" or ".txt" && !Path.GetFileName(f).Equals("SOURCES.md", StringComparison.OrdinalIgnoreCase))
            .ToArray();
        foreach (var file in corpus)
        {
            var name = Path.GetRelativePath(TestPaths.Fixtures, file);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(app.SeedsPath, name))!);
            File.Copy(file, Path.Combine(app.SeedsPath, name));
        }

        await File.WriteAllBytesAsync(Path.Combine(app.SeedsPath, "empty.md"), []);
        await File.WriteAllBytesAsync(Path.Combine(app.SeedsPath, "photo.jpg"), [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46]);
        await File.WriteAllTextAsync(Path.Combine(app.SeedsPath, "notes.md"), "just some notes, not a seed");
        var seen = corpus.Length + 3;

        var health = await Eventually.WaitAsync(async () => JsonDocument.Parse(await client.GetStringAsync("/api/health")).RootElement.Clone(),
            body => body.GetProperty("ingestion").GetProperty("seen").GetInt64() == seen, $"{seen} seeds seen", TimeSpan.FromSeconds(60));
        var ingestion = health.GetProperty("ingestion");
        Assert.Equal(corpus.Length, ingestion.GetProperty("ingested").GetInt64());
        Assert.Equal(3, ingestion.GetProperty("rejected").GetInt64());
        var rejections = JsonDocument.Parse(await client.GetStringAsync("/api/ingest/rejections")).RootElement.EnumerateArray()
            .ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("code").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["empty.md"] = "seed.empty", ["photo.jpg"] = "seed.binary", ["notes.md"] = "seed.unknown-format" },
            rejections);
    }
}
