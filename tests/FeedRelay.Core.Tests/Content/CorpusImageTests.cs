using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using FeedRelay.Content;
using FeedRelay.Ingestion;
using FeedRelay.Seeds;

namespace FeedRelay.Tests.Content;

/// <summary>
/// Walks every seed file of the repository (tests/fixtures and seeds/): proxied images come out as their originals,
/// no placeholder image survives, and nothing executable is left in the content.
/// </summary>
public sealed partial class CorpusImageTests
{
    private static readonly ArticleNormaliser Normaliser = new();
    private static readonly string[] ProxyHosts = ["images.weserv.nl", "cors.zfour.workers.dev"];

    public static TheoryData<string> SeedFiles()
    {
        var data = new TheoryData<string>();
        foreach (var root in new[] { TestPaths.Fixtures, TestPaths.Seeds })
        {
            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                         .Where(f => Path.GetExtension(f) is ".txt" or ".md" or ".seed")
                         .Where(f => Path.GetFileName(f) is not ("SOURCES.md" or "PROVENANCE.md" or "README.md"))
                         .Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(TestPaths.RepoRoot, file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SeedFiles))]
    public void Seed_images_are_originals_and_never_placeholders(string file)
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, file));
        var parsed = SeedParser.Parse(File.ReadAllBytes(Path.Combine(TestPaths.RepoRoot, file)));
        if (!parsed.IsSuccess)
        {
            return; // rejected seeds publish nothing; SeedFixtureTests pins their rejection
        }

        var article = Normaliser.Normalise(parsed.Seed);
        var published = PublishedImages(article).ToList();

        Assert.DoesNotContain(published, url => url.Host.EndsWith("picsum.photos", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(published, url => ProxyHosts.Contains(url.Host) || IsNestedThumbor(url));
        Assert.Empty(ExecutableHtml.Problems(article.ContentHtml));
        foreach (var original in ProxiedOriginals(text))
        {
            Assert.True(published.Any(url => url.AbsoluteUri.EndsWith(original, StringComparison.Ordinal) || url.OriginalString.EndsWith(original, StringComparison.Ordinal)),
                $"{file}: the original of a proxied image ({original}) is not published; published: {string.Join(", ", published)}");
        }
    }

    /// <summary>Every image URL an article publishes: its lead image and each image source in its content.</summary>
    private static IEnumerable<Uri> PublishedImages(Article article)
    {
        if (article.Image is not null)
        {
            yield return article.Image;
        }

        var document = new HtmlParser().ParseDocument("<body>" + article.ContentHtml);
        foreach (var image in document.QuerySelectorAll("img"))
        {
            var sources = new[] { image.GetAttribute("src") ?? "" }
                .Concat((image.GetAttribute("srcset") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(c => c.Trim().Split(' ')[0]));
            foreach (var source in sources.Where(s => s.Length > 0))
            {
                yield return new Uri(source);
            }
        }
    }

    /// <summary>
    /// The host-and-path of the original behind each proxied image in the raw seed (image sources and declared images),
    /// read with a regular expression, independently of the cleaner's rules.
    /// </summary>
    private static IEnumerable<string> ProxiedOriginals(string seedText)
    {
        var sources = new HtmlParser().ParseDocument(seedText).QuerySelectorAll("img[src]").Select(i => i.GetAttribute("src")!)
            .Concat(DeclaredImage().Matches(seedText).Select(m => m.Groups[1].Value));
        foreach (var source in sources)
        {
            var match = ProxiedUrl().Match(source);
            if (match.Success)
            {
                yield return SchemeOrSsl().Replace(match.Groups["inner"].Value, "");
            }
        }
    }

    private static bool IsNestedThumbor(Uri url) =>
        url.Host == "thumbor.ftacademy.cn" && url.AbsolutePath.Contains("://", StringComparison.Ordinal);

    [GeneratedRegex(@"^https?://(?:images\.weserv\.nl/?\?url=|cors\.zfour\.workers\.dev/\?|thumbor\.ftacademy\.cn/unsafe/(?:[^/]+/)*?(?=https?://))(?<inner>.+?)(?:&(?:w|h|output|q)=.*)?$")]
    private static partial Regex ProxiedUrl();

    [GeneratedRegex(@"^(?:https?://|ssl:)")]
    private static partial Regex SchemeOrSsl();

    [GeneratedRegex(@"^(?:headimg|thumbnail):\s*'?([^'\s]+)'?\s*$", RegexOptions.Multiline)]
    private static partial Regex DeclaredImage();
}
