using System.Text.Json;
using System.Xml.Linq;
using FeedRelay.Storage;
using FeedRelay.Web.Ingestion;
using Microsoft.Extensions.DependencyInjection;

namespace FeedRelay.Tests.Host;

/// <summary>
/// What keeps a large archive cheap (issue 13): a restart does not read seeds the ledger holds unchanged, the bulk import
/// accounts for every file and resumes, a reader can page back to the first article, and keyword search finds CJK words of
/// one and two characters.
/// </summary>
public sealed class ArchiveScaleTests
{
    private const string VoaTitle = "乌俄准备第二轮和谈 俄军攻势遇挫损失惨重";

    [Fact]
    public async Task A_restart_reads_no_unchanged_seed_and_reads_a_changed_one()
    {
        using var root = TestPaths.NewTempFolder();
        var count = SampleSeeds().Length;
        using (var first = new FeedRelayApp(root.Path))
        {
            foreach (var seed in SampleSeeds())
            {
                File.Copy(seed, Path.Combine(first.SeedsPath, Path.GetFileName(seed)));
            }

            await first.WaitForAsync("/api/health", body => Seen(body) == count);
        }

        // The first app is gone; the same folders are watched again.
        using (var restarted = new FeedRelayApp(root.Path))
        {
            var changed = Path.Combine(restarted.SeedsPath, "voa-1035001.md");
            var ledger = restarted.Services.GetRequiredService<ISeedLedger>();
            Assert.Equal(count, await ledger.CountAsync());
            using var client = restarted.CreateClient();
            Assert.Contains(VoaTitle, await client.GetStringAsync("/api/feeds/all.rss"), StringComparison.Ordinal);

            // The start-up rescan has run once the watcher reports a finished round: it read nothing.
            await Eventually.WaitAsync(() => restarted.Services.GetRequiredService<FeedRelay.Web.Operations.BackgroundHealth>().Rounds("watcher") >= 1,
                "the watcher's start-up rescan");
            Assert.Equal(0, Seen(await client.GetStringAsync("/api/health")));

            await File.AppendAllTextAsync(changed, "\n<p>Correction appended.</p>\n");
            await restarted.WaitForAsync("/api/health", body => Seen(body) == 1);
        }
    }

    [Fact]
    public async Task Import_accounts_for_every_file_by_code_and_a_second_run_reads_nothing()
    {
        using var app = new FeedRelayApp();
        using var archive = TestPaths.NewTempFolder();
        foreach (var seed in SampleSeeds())
        {
            Directory.CreateDirectory(Path.Combine(archive.Path, "2022"));
            File.Copy(seed, Path.Combine(archive.Path, "2022", Path.GetFileName(seed)));
        }

        await File.WriteAllTextAsync(Path.Combine(archive.Path, "broken.md"), "---\ntitle: 'never closed'\n");
        await File.WriteAllBytesAsync(Path.Combine(archive.Path, "photo.jpg"), [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46]);
        var importer = app.Services.GetRequiredService<SeedImporter>();
        var reports = new List<ImportProgress>();

        var summary = await importer.ImportAsync(archive.Path, new Progress(reports), CancellationToken.None);

        var files = SampleSeeds().Length + 2;
        Assert.Equal(files, summary.Files);
        Assert.Equal(SampleSeeds().Length, summary.Ingested);
        Assert.Equal(2, summary.Rejected);
        Assert.Equal(files, summary.Ingested + summary.Unchanged + summary.Rejected);
        Assert.Equal(1, summary.RejectedByCode["front-matter.unterminated"]);
        Assert.Equal(1, summary.RejectedByCode["seed.binary"]);
        Assert.NotEmpty(reports);
        Assert.Equal(files, reports[^1].Done);
        using var client = app.CreateClient();
        Assert.Contains(VoaTitle, await client.GetStringAsync("/api/feeds/all.rss"), StringComparison.Ordinal);
        Assert.Equal(2, JsonDocument.Parse(await client.GetStringAsync("/api/ingest/rejections")).RootElement.GetArrayLength());

        var again = await importer.ImportAsync(archive.Path, null, CancellationToken.None);
        Assert.Equal(files, again.Files);
        Assert.Equal(files, again.Unchanged);
        Assert.Equal(0, again.Ingested + again.Rejected);
    }

    [Fact]
    public async Task Import_rejects_a_named_pipe_without_opening_it_and_does_not_follow_a_folder_link_back_up_the_tree()
    {
        using var app = new FeedRelayApp();
        using var archive = TestPaths.NewTempFolder();
        File.Copy(SampleSeeds()[0], Path.Combine(archive.Path, Path.GetFileName(SampleSeeds()[0])));
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", Path.Combine(archive.Path, "pipe.md")))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        Directory.CreateDirectory(Path.Combine(archive.Path, "sub"));
        Directory.CreateSymbolicLink(Path.Combine(archive.Path, "sub", "loop"), "..");
        File.CreateSymbolicLink(Path.Combine(archive.Path, "sub", "linked.md"), Path.Combine(archive.Path, Path.GetFileName(SampleSeeds()[0])));

        // A pipe opened for reading waits for a writer for ever: the import would never end (and no cancellation stops it).
        var summary = await app.Services.GetRequiredService<SeedImporter>().ImportAsync(archive.Path, null, CancellationToken.None);

        Assert.Equal(3, summary.Files); // the seed, the pipe, the file link; nothing through the folder link
        Assert.Equal(1, summary.RejectedByCode["seed.empty"]);
        Assert.Equal(2, summary.Ingested + summary.Unchanged);
    }

    [Fact]
    public async Task A_reader_pages_back_to_the_first_article_with_none_missing_or_repeated_while_articles_arrive()
    {
        var articles = SampleArticles.Load();
        var baseArticle = articles[0];
        var many = Enumerable.Range(0, 23)
            .Select(i => baseArticle with { Id = $"paged-{i:D2}", Title = $"Paged story {i}", Published = baseArticle.Published.AddHours(-i) })
            .Concat(articles)
            .ToList();
        // Clustering would fold similar stories into one item; paging is about every article.
        await using var server = await FeedRelayServer.StartAsync(many, new Dictionary<string, string?> { ["FeedRelay:Feeds:ClusterMergedFeed"] = "false" });
        using var client = server.CreateClient();
        XNamespace atom = "http://www.w3.org/2005/Atom";

        var seen = new List<string>();
        var url = "api/feeds/all.atom?limit=5";
        var pages = 0;
        while (url is not null)
        {
            var feed = XDocument.Parse(await client.GetStringAsync(url));
            seen.AddRange(feed.Root!.Elements(atom + "entry").Select(e => e.Element(atom + "id")!.Value));
            url = feed.Root.Elements(atom + "link").FirstOrDefault(l => l.Attribute("rel")?.Value == "next")?.Attribute("href")?.Value;
            pages++;
            if (pages == 2)
            {
                // Newer articles arriving while the reader walks back do not shift the older pages.
                await server.Store.UpsertAsync(baseArticle with { Id = "breaking", Title = "Breaking", Published = baseArticle.Published.AddDays(30) });
            }
        }

        Assert.Equal(many.Count, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.True(pages >= many.Count / 5);
    }

    [Fact]
    public async Task With_clustering_on_a_reader_still_reaches_every_story_when_fewer_than_the_read_ahead_remain()
    {
        // 15 distinct stories (no two alike), 10 per page: the page reads ahead 20, gets 15, shows 10; the other 5 must
        // be one "next" away (they had no next link at all).
        var baseArticle = SampleArticles.Load()[0];
        var stories = Enumerable.Range(0, 15)
            .Select(i => baseArticle with { Id = $"story-{i:D2}", Title = $"Distinct headline number {i} about {(char)('a' + i)}{(char)('z' - i)}", Published = baseArticle.Published.AddHours(-i) })
            .ToList();
        await using var server = await FeedRelayServer.StartAsync(stories, new Dictionary<string, string?> { ["FeedRelay:Feeds:ClusterMergedFeed"] = "true" });
        using var client = server.CreateClient();
        XNamespace atom = "http://www.w3.org/2005/Atom";

        var seen = new List<string>();
        string? url = "api/feeds/all.atom?limit=10";
        while (url is not null)
        {
            var feed = XDocument.Parse(await client.GetStringAsync(url));
            seen.AddRange(feed.Root!.Elements(atom + "entry").Select(e => e.Element(atom + "id")!.Value));
            url = feed.Root.Elements(atom + "link").FirstOrDefault(l => l.Attribute("rel")?.Value == "next")?.Attribute("href")?.Value;
        }

        Assert.Equal(15, seen.Distinct().Count());
    }

    [Fact]
    public async Task With_clustering_on_the_newest_article_of_a_story_whose_lead_is_old_is_on_a_page()
    {
        // A (s1, 10:00) and D (s2, 07:00) are one story; B, C, E, F, G are others. By lead, the story sorted at 07:00, below
        // the first page's last story, and the next page started after that: A was on no page.
        var at = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
        var baseArticle = SampleArticles.Load()[0];
        Article Story(string id, string source, string title, int hoursBefore) => baseArticle with
        {
            Id = id, Source = source.ToUpperInvariant(), SourceSlug = source, Title = title, Published = at.AddHours(-hoursBefore),
            Updated = at.AddHours(-hoursBefore), Link = new Uri($"https://{source}.example/{id}"),
        };
        var articles = new[]
        {
            Story("a", "s1", "Central bank cuts the lending rate again", 0), Story("d", "s2", "Central bank cuts the lending rate again", 3),
            Story("b", "s3", "Floods close the northern highway", 1), Story("c", "s3", "Parliament passes the budget bill", 2),
            Story("e", "s3", "Museum reopens after renovation", 4), Story("f", "s3", "Train strike called off", 5),
            Story("g", "s3", "New bridge opens to traffic", 6),
        };
        await using var server = await FeedRelayServer.StartAsync(articles, new Dictionary<string, string?> { ["FeedRelay:Feeds:ClusterMergedFeed"] = "true" });
        using var client = server.CreateClient();

        var pages = new System.Text.StringBuilder();
        string? url = "api/feeds/all.json?limit=2";
        while (url is not null)
        {
            var page = JsonDocument.Parse(await client.GetStringAsync(url)).RootElement;
            pages.Append(page.GetRawText());
            url = page.TryGetProperty("next_url", out var next) ? next.GetString() : null;
        }

        Assert.All(articles, a => Assert.Contains(a.Link!.AbsoluteUri, pages.ToString(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("北约", 1)]
    [InlineData("约", 1)]
    [InlineData("绝无此词", 0)]
    public async Task Keyword_search_finds_one_and_two_character_chinese_words(string keyword, int atLeast)
    {
        await using var server = await FeedRelayServer.StartAsync(SampleArticles.Load());
        using var client = server.CreateClient();

        var rss = XDocument.Parse(await client.GetStringAsync("api/feeds/all.rss?q=" + Uri.EscapeDataString(keyword)));
        var titles = rss.Descendants("item").Select(i => i.Element("title")!.Value + " " + i.Element("description")?.Value).ToList();

        Assert.True(titles.Count >= atLeast, $"{titles.Count} items for {keyword}");
        Assert.All(titles, t => Assert.Contains(keyword, t, StringComparison.Ordinal));
    }

    private static string[] SampleSeeds() =>
        Directory.GetFiles(TestPaths.Seeds).Where(f => !f.EndsWith("PROVENANCE.md", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();

    private static long Seen(string health) => JsonDocument.Parse(health).RootElement.GetProperty("ingestion").GetProperty("seen").GetInt64();

    private sealed class Progress(List<ImportProgress> reports) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
