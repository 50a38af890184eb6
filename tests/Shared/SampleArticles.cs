using FeedRelay.Ingestion;
using FeedRelay.Seeds;

namespace FeedRelay.Tests;

/// <summary>
/// The repository's sample seeds, normalised, with what later pipeline stages would add: a detected language, an
/// English translation on every other article (one of them title-and-summary only), and one story re-posted by a
/// second outlet (China Digital Times carrying the DW item) so that clustering has something to fold.
/// </summary>
internal static class SampleArticles
{
    /// <summary>Title of the DW story that CDT re-posts.</summary>
    public const string ClusteredTitle = "带你深入：北约“空中卫士23”";

    /// <summary>Id of CDT's re-post of the DW story.</summary>
    public const string RepostId = "cdt-repost-of-dw";

    /// <summary>Every sample article, newest first.</summary>
    public static List<Article> Load()
    {
        var normaliser = new ArticleNormaliser();
        var articles = Directory.EnumerateFiles(TestPaths.Seeds)
            .Where(f => !f.EndsWith("PROVENANCE.md", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => SeedParser.Parse(File.ReadAllBytes(f)))
            .Where(r => r.IsSuccess)
            .Select(r => normaliser.Normalise(r.Seed!))
            .Select((a, i) => Enrich(a, i))
            .ToList();
        var dw = articles.Single(a => a.Title == ClusteredTitle);
        articles.Add(dw with
        {
            Id = RepostId,
            Source = "中国数字时代",
            SourceSlug = "cdt",
            Title = "【转载】带你深入：北约“空中卫士23”",
            Link = new Uri("https://chinadigitaltimes.net/chinese/2023/06/repost-air-defender-23"),
            Published = dw.Published.AddHours(3),
            Updated = dw.Published.AddHours(3),
            Translation = null,
        });
        return articles.OrderByDescending(a => a.Published).ThenBy(a => a.Id, StringComparer.Ordinal).ToList();
    }

    private static Article Enrich(Article article, int position)
    {
        var language = article.Source == "ChinaFile" || article.Title.All(c => c < 0x2E80) ? "en"
            : article.Source.Contains("CNA", StringComparison.Ordinal) ? "zh-Hant" : "zh-Hans";
        var withLanguage = article with { Language = language };
        if (position % 2 == 1 || language == "en")
        {
            return withLanguage;
        }

        return withLanguage with
        {
            Translation = new ArticleTranslation
            {
                Language = "en",
                Title = "EN: " + article.Title,
                Summary = "English summary of " + article.Id,
                ContentHtml = position % 4 == 0 ? "<p>English text of " + article.Id + "</p>" : "",
                Level = position % 4 == 0 ? "full" : "title-summary",
            },
        };
    }
}
