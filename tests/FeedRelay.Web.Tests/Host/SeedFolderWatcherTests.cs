using System.Text.Json;
using FeedRelay.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FeedRelay.Tests.Host;

public sealed class SeedFolderWatcherTests
{
    private const string VoaTitle = "乌俄准备第二轮和谈 俄军攻势遇挫损失惨重";

    private static string Sample(string name) => Path.Combine(TestPaths.Seeds, name);

    [Fact]
    public async Task Seeds_present_at_start_are_served()
    {
        using var app = new FeedRelayApp();
        File.Copy(Sample("000_e32e7bf9eae6693a.txt"), Path.Combine(app.SeedsPath, "a.txt"));
        File.Copy(Sample("004_8d4ffb861fbb6860.txt"), Path.Combine(app.SeedsPath, "b.txt"));

        var rss = await app.WaitForAsync("/api/feeds/all.rss", body => body.Contains(VoaTitle, StringComparison.Ordinal));

        Assert.Contains("乌克兰战争：新一轮谈判与莫斯科指责基辅寻求获得核武器并强调其承认泽连斯基合法性", rss, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_dropped_later_shows_up_and_the_same_file_twice_gives_one_article()
    {
        using var app = new FeedRelayApp();
        using var client = app.CreateClient();
        await client.GetStringAsync("/api/health");

        File.Copy(Sample("004_8d4ffb861fbb6860.txt"), Path.Combine(app.SeedsPath, "voa.txt"));
        await app.WaitForAsync("/api/feeds/all.atom", body => body.Contains(VoaTitle, StringComparison.Ordinal));

        Directory.CreateDirectory(Path.Combine(app.SeedsPath, "again"));
        File.Copy(Sample("004_8d4ffb861fbb6860.txt"), Path.Combine(app.SeedsPath, "again", "voa-copy.txt"));
        var health = await app.WaitForAsync("/api/health", body => JsonDocument.Parse(body).RootElement.GetProperty("ingestion").GetProperty("seen").GetInt64() == 2);

        Assert.Equal(1, JsonDocument.Parse(health).RootElement.GetProperty("articles").GetInt32());
        var atom = await client.GetStringAsync("/api/feeds/all.atom");
        var entries = System.Text.RegularExpressions.Regex.Split(atom, "<entry[ >]");
        Assert.Equal(2, entries.Length);
        Assert.Single(entries, part => part.Contains(VoaTitle, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_over_the_seed_limit_is_quarantined_as_too_large_without_being_read_into_memory()
    {
        using var app = new FeedRelayApp();
        app.Settings["FeedRelay:MaxSeedBytes"] = "4096";
        var big = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("<p>过大的种子文件。</p>", 2_000)));
        await File.WriteAllBytesAsync(Path.Combine(app.SeedsPath, "big.md"), big);

        var json = await app.WaitForAsync("/api/ingest/rejections", body => JsonDocument.Parse(body).RootElement.GetArrayLength() == 1);

        var rejection = JsonDocument.Parse(json).RootElement[0];
        Assert.Equal("seed.too-large", rejection.GetProperty("code").GetString());
        Assert.Equal(big.Length, rejection.GetProperty("size").GetInt64());
        var sha256 = rejection.GetProperty("sha256").GetString()!;
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(big)), sha256);
        Assert.Empty(await app.Services.GetRequiredService<IQuarantine>().GetContentAsync(sha256) ?? [0]);
    }

    [Fact]
    public async Task An_unparseable_file_is_kept_aside_with_its_reason_and_the_app_keeps_running()
    {
        using var app = new FeedRelayApp();
        await File.WriteAllTextAsync(Path.Combine(app.SeedsPath, "broken.txt"), "---\ntitle: 'never closed'\n");
        await File.WriteAllBytesAsync(Path.Combine(app.SeedsPath, "image.bin"), [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 1]);

        var json = await app.WaitForAsync("/api/ingest/rejections", body => JsonDocument.Parse(body).RootElement.GetArrayLength() == 2);
        var rejections = JsonDocument.Parse(json).RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);

        Assert.Equal("front-matter.unterminated", rejections["broken.txt"].GetProperty("code").GetString());
        Assert.Equal("seed.binary", rejections["image.bin"].GetProperty("code").GetString());
        var quarantine = app.Services.GetRequiredService<IQuarantine>();
        var kept = await quarantine.GetContentAsync(rejections["broken.txt"].GetProperty("sha256").GetString()!);
        Assert.Equal("---\ntitle: 'never closed'\n", System.Text.Encoding.UTF8.GetString(kept!));

        File.Copy(Sample("004_8d4ffb861fbb6860.txt"), Path.Combine(app.SeedsPath, "voa.txt"));
        await app.WaitForAsync("/api/feeds/all.rss", body => body.Contains(VoaTitle, StringComparison.Ordinal));
    }
}
