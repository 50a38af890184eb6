using System.Buffers;
using System.IO.Compression;
using System.Text;
using FeedRelay.Feeds;
using FeedRelay.Ingestion;
using FeedRelay.Seeds;

namespace FeedRelay.Tests.Feeds;

/// <summary>
/// Pins every writer's bytes: each frozen input document under <c>golden/inputs</c> (written from the sample seeds,
/// every seed fixture of tests/fixtures and hand-made edge cases) must render, in every format, exactly to the golden
/// file beside it (the large fixtures document: to its SHA-256). The inputs are frozen so that a change of the normaliser does not move these files; only a writer
/// change does. Set FEEDRELAY_UPDATE_GOLDEN=1 to rewrite inputs and outputs from today's code, then review the diff.
/// </summary>
public sealed class GoldenFeedTests
{
    private const string UpdateVariable = "FEEDRELAY_UPDATE_GOLDEN";

    private static readonly Uri Base = new("http://feeds.example/");

    private static string Folder => Path.Combine(TestPaths.RepoRoot, "tests", "FeedRelay.Core.Tests", "Feeds", "golden");

    private static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    public static TheoryData<string, FeedFormat> Cases()
    {
        var data = new TheoryData<string, FeedFormat>();
        foreach (var name in Inputs().Keys.Order(StringComparer.Ordinal))
        {
            foreach (var format in FeedFormats.All)
            {
                data.Add(name, format);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Writer_output_is_byte_identical_to_the_golden_file(string name, FeedFormat format)
    {
        var inputPath = Path.Combine(Folder, "inputs", name + ".json.gz");
        var goldenPath = Path.Combine(Folder, name + "." + format.Extension() + (Large(name) ? ".sha256" : ""));
        if (Updating)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(inputPath)!);
            WriteGz(inputPath, GoldenDocuments.Serialize(Inputs()[name]()));
        }

        var document = GoldenDocuments.Deserialize(ReadGz(inputPath));
        var actual = FeedWriter.Write(format, document);
        if (Updating)
        {
            File.WriteAllBytes(goldenPath, Large(name) ? Encoding.ASCII.GetBytes(Sha256(actual) + "\n") : actual);
        }

        if (Large(name))
        {
            // Large documents are pinned by their hash only (the repository would grow by megabytes otherwise).
            var hash = Sha256(actual);
            var dump = Path.Combine(Path.GetTempPath(), $"feedrelay-golden-{Guid.NewGuid():N}-{name}.{format.Extension()}");
            if (hash != File.ReadAllText(goldenPath).Trim())
            {
                File.WriteAllBytes(dump, actual);
            }

            Assert.True(hash == File.ReadAllText(goldenPath).Trim(), $"{name}.{format}: SHA-256 {hash} differs from the golden hash; output written to {dump}");
            return;
        }

        var expected = File.ReadAllBytes(goldenPath);
        if (!expected.AsSpan().SequenceEqual(actual))
        {
            var at = expected.AsSpan().CommonPrefixLength(actual);
            Assert.Fail($"{name}.{format}: {actual.Length} bytes, golden {expected.Length}; first difference at byte {at}:\n" +
                        $"golden: {Around(expected, at)}\nactual: {Around(actual, at)}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Buffer_writer_overload_writes_the_same_bytes(string name, FeedFormat format)
    {
        var document = GoldenDocuments.Deserialize(ReadGz(Path.Combine(Folder, "inputs", name + ".json.gz")));
        var buffer = new ArrayBufferWriter<byte>(16);
        buffer.Write("prefix"u8);
        FeedWriter.Write(format, document, buffer);

        Assert.True(buffer.WrittenSpan[..6].SequenceEqual("prefix"u8));
        Assert.True(buffer.WrittenSpan[6..].SequenceEqual(FeedWriter.Write(format, document)));
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

    private static bool Large(string name) => name.StartsWith("fixtures", StringComparison.Ordinal);

    private static string Around(byte[] bytes, int at)
    {
        var start = Math.Max(0, at - 60);
        return Encoding.UTF8.GetString(bytes, start, Math.Min(bytes.Length, at + 60) - start).ReplaceLineEndings("⏎");
    }

    private static byte[] ReadGz(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static void WriteGz(string path, byte[] bytes)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.SmallestSize);
        gzip.Write(bytes);
    }

    /// <summary>The named input documents, built from today's pipeline (only called when updating).</summary>
    private static Dictionary<string, Func<FeedDocument>> Inputs()
    {
        var feed = new FeedDescription("all", "All", new Uri(Base, "api/feeds/all"), Base, id => new Uri(Base, "api/articles/" + id))
        {
            HubUrl = new Uri("http://hub.example/"),
        };
        var inputs = new Dictionary<string, Func<FeedDocument>>(StringComparer.Ordinal);
        foreach (var view in FeedViews.All)
        {
            var v = view;
            inputs["sample-" + v.QueryValue()] = () => FeedDocumentBuilder.Build(feed, SampleArticles.Load(), v, ClusteringOptions.Disabled, 500);
        }

        inputs["sample-clustered-both"] = () => FeedDocumentBuilder.Build(feed, SampleArticles.Load(), FeedView.Both, new ClusteringOptions(), 500);
        inputs["fixtures-both"] = () => FeedDocumentBuilder.Build(feed, FixtureArticles(), FeedView.Both, new ClusteringOptions(), 1000);
        inputs["voa-no-hub"] = () => FeedDocumentBuilder.Build(
            new FeedDescription("voa", "VOA & \"friends\" <zh>", new Uri(Base, "api/feeds/voa?x=1&y=2"), Base, id => new Uri(Base, "api/articles/" + id))
            {
                Description = "Voice of America's <Chinese> service\r\nline two\ttabbed",
                TtlMinutes = 15,
            },
            SampleArticles.Load().Where(a => a.SourceSlug == "voa").ToList(), FeedView.Original, ClusteringOptions.Disabled, 50);
        inputs["empty"] = () => FeedDocumentBuilder.Build(
            feed, [], FeedView.English, ClusteringOptions.Disabled, 50, null, new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero));
        inputs["empty-no-change-time"] = () => FeedDocumentBuilder.Build(feed with { FilterQuery = "category=world&q=x" }, [], FeedView.Original, ClusteringOptions.Disabled, 50);
        inputs["forbidden-characters"] = () => FeedDocumentBuilder.Build(
            new FeedDescription("all", "All\u0000", new Uri(Base, "api/feeds/all"), Base, id => new Uri(Base, "api/articles/" + id)),
            [SampleArticles.Load()[0] with
            {
                Title = "Bad\u0001 title \uD800with a lone surrogate \U0001F600 kept",
                Summary = "Form feed\f here",
                Categories = ["cat\u0007"],
                Author = "A\u001Futhor",
            },
            // Fields of only forbidden (or C1 control) characters, an empty body and an internationalised host.
            SampleArticles.Load()[1] with
            {
                Id = "only-forbidden",
                Title = "\u0001\u0085",
                Author = "\u0002",
                Categories = ["\u0003", "News", "a\u0004", "a"],
                Summary = "\u0006",
                ContentHtml = "\u0091",
                Link = new Uri("https://例子.example/路径/文章?q=ü"),
                Image = new Uri("https://例子.example/图片.png"),
            }],
            FeedView.Original, ClusteringOptions.Disabled, 50);
        inputs["edge-cases"] = EdgeCases;
        return inputs;
    }

    /// <summary>Every seed fixture that parses, normalised, with an English translation on every third one.</summary>
    private static List<Article> FixtureArticles()
    {
        var normaliser = new ArticleNormaliser();
        return Directory.EnumerateFiles(TestPaths.Fixtures, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f) is ".txt" or ".md" or ".seed")
            .Where(f => !Path.GetFileName(f).Equals("SOURCES.md", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(f => SeedParser.Parse(File.ReadAllBytes(f)))
            .Where(r => r.IsSuccess)
            .Select(r => normaliser.Normalise(r.Seed!))
            .Select((a, i) => i % 3 != 0 ? a with { Language = a.Language ?? "zh" } : a with
            {
                Language = a.Language ?? "zh",
                Translation = new ArticleTranslation
                {
                    Language = "en",
                    Title = "EN: " + a.Title,
                    Summary = i % 2 == 0 ? "English summary & <notes> of " + a.Id : "",
                    ContentHtml = i % 2 == 0 ? "<p>English \"text\" of " + a.Id + "</p>" : "",
                    Level = i % 2 == 0 ? "full" : "title-summary",
                },
            })
            .OrderByDescending(a => a.Published)
            .ThenBy(a => a.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Hand-made items with every character class the escapers treat specially.</summary>
    private static FeedDocument EdgeCases()
    {
        const string Nasty = "amp & lt < gt > quot \" apos ' cr\rlf\ncrlf\r\ntab\tend ]]> \u0085 \u2028 \u2029 \u00A0 é 中文 \U0001F600 \uFFFD \uFEFF \u007F \\ / \u200B";
        var time = new DateTimeOffset(2024, 2, 29, 23, 59, 58, TimeSpan.FromHours(8));
        var feed = new FeedDescription("edge", "Edge " + Nasty, new Uri("https://example.org/feeds/edge?a=1&b=\"2\""), new Uri("https://example.org/"), id => new Uri(Base, id))
        {
            Description = "Description " + Nasty,
            HubUrl = new Uri("https://hub.example/?topic=a&b"),
            TtlMinutes = 0,
        };
        var items = new List<FeedItem>
        {
            new()
            {
                Id = FeedWriter.TagUri("article:edge-1"),
                ArticleId = "edge-1",
                Title = "Title " + Nasty,
                Link = new Uri("https://example.org/a?x=1&y=<2>#frag"),
                Published = time,
                Updated = time.AddDays(400),
                Author = "Author " + Nasty,
                Source = "Source " + Nasty,
                Categories = ["cat " + Nasty, "", "plain"],
                Summary = "Summary " + Nasty,
                ContentHtml = "<p class=\"x\">Content " + Nasty + "</p>",
                Language = "zh-Hant",
                Image = new Uri("https://img.example/proxy?url=a.png&w=1"),
                OriginalLanguage = "zh",
                Translated = true,
                Related = [new RelatedLink(new Uri("https://other.example/b?q=1&r=2"), "Other " + Nasty, "Other title " + Nasty)],
            },
            new()
            {
                Id = FeedWriter.TagUri("article:edge-2"),
                ArticleId = "edge-2",
                Title = "",
                Link = new Uri("https://例子.example/路径/文章?查询=值"),
                Published = new DateTimeOffset(1999, 12, 31, 0, 0, 0, TimeSpan.FromHours(-5)),
                Updated = new DateTimeOffset(1999, 12, 31, 0, 0, 0, TimeSpan.FromHours(-5)),
                Author = "",
                Source = "",
            },
            new()
            {
                Id = FeedWriter.TagUri("article:edge-3"),
                ArticleId = "edge-3",
                Title = new string('x', 5000) + "&" + new string('中', 3000),
                Link = new Uri("http://example.org/"),
                Published = DateTimeOffset.UnixEpoch,
                Updated = DateTimeOffset.UnixEpoch,
                Author = "a",
                Source = "s",
                Language = "en",
                Summary = string.Concat(Enumerable.Repeat("<&>\"'\r\n\t", 500)),
                ContentHtml = string.Concat(Enumerable.Repeat("<a href=\"x?a=1&amp;b=2\">ü</a>\n", 700)),
                Image = new Uri("https://img.example/no-extension"),
            },
        };
        return new FeedDocument(feed, FeedView.Both, null, time.AddDays(400), items);
    }
}
