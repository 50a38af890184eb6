using System.Text;
using FeedRelay.Ingestion;
using FeedRelay.Seeds;

namespace FeedRelay.Benchmarks.Pipeline;

/// <summary>The seed corpus of the repository (<c>seeds/</c>) and unique synthetic variants of it.</summary>
public static class Corpus
{
    private static readonly string[] Ignored = ["README.md", "PROVENANCE.md", "SOURCES.md", "MANIFEST.tsv"];

    /// <summary>The repository root: the nearest folder above the executable or the working directory holding FeedRelay.sln.</summary>
    public static string RepoRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "FeedRelay.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("FeedRelay.sln not found above " + Environment.CurrentDirectory);
    }

    /// <summary>The seed folder: <c>FEEDRELAY_BENCH_SEEDS</c> when set, else the repository's <c>seeds/</c>.</summary>
    public static string SeedFolder() =>
        Environment.GetEnvironmentVariable("FEEDRELAY_BENCH_SEEDS") is { Length: > 0 } folder ? folder : Path.Combine(RepoRoot(), "seeds");

    /// <summary>Every seed file of the corpus as (name, bytes), in name order.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> Files() =>
        Directory.EnumerateFiles(SeedFolder(), "*", SearchOption.AllDirectories)
            .Where(p => !Ignored.Contains(Path.GetFileName(p), StringComparer.OrdinalIgnoreCase) && !Path.GetFileName(p).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .Select(p => (Path.GetRelativePath(SeedFolder(), p), File.ReadAllBytes(p)))
            .ToList();

    /// <summary>The corpus seeds that parse, with their text and parsed form.</summary>
    public static IReadOnlyList<(string Name, string Text, ParsedSeed Seed)> Parsed()
    {
        var parsed = new List<(string, string, ParsedSeed)>();
        foreach (var (name, bytes) in Files())
        {
            if (SeedText.TryDecode(bytes, out var text, out _) && SeedParser.Parse(text) is { IsSuccess: true } result)
            {
                parsed.Add((name, text, result.Seed));
            }
        }

        return parsed.Count > 0 ? parsed : throw new InvalidOperationException("no parsable seed in " + SeedFolder());
    }

    /// <summary>
    /// Seed text <paramref name="text"/> changed so that it becomes a different article (variant <paramref name="n"/>):
    /// its link gets a distinct path, or, without a link, its title a distinct suffix.
    /// </summary>
    public static string Variant(string text, ParsedSeed seed, int n)
    {
        if (n == 0)
        {
            return text;
        }

        if (seed.Link is not null)
        {
            var original = seed.Link.OriginalString;
            if (text.Contains(original, StringComparison.Ordinal))
            {
                var builder = new UriBuilder(seed.Link);
                builder.Path = builder.Path.TrimEnd('/') + "-v" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return text.Replace(original, builder.Uri.AbsoluteUri, StringComparison.Ordinal);
            }
        }

        var title = text.IndexOf(seed.Title, StringComparison.Ordinal);
        return title < 0
            ? text
            : new StringBuilder(text).Insert(title + seed.Title.Length, " #" + n.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToString();
    }

    /// <summary><paramref name="count"/> distinct normalised articles made by cycling through the corpus, newest first.</summary>
    public static IReadOnlyList<Article> Articles(int count, ArticleNormaliser? normaliser = null)
    {
        normaliser ??= new ArticleNormaliser();
        var bases = Parsed().Select(p => normaliser.Normalise(p.Seed)).ToList();
        return Clone(bases, count);
    }

    /// <summary><paramref name="count"/> distinct articles cycling through <paramref name="bases"/>: new link, id and time per copy.</summary>
    public static IReadOnlyList<Article> Clone(IReadOnlyList<Article> bases, int count)
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var articles = new List<Article>(count);
        for (var i = 0; i < count; i++)
        {
            var a = bases[i % bases.Count];
            var link = new Uri((a.Link?.GetLeftPart(UriPartial.Path) ?? "https://example.org/" + a.SourceSlug).TrimEnd('/') + "-c" + i);
            var published = start.AddMinutes(-i);
            articles.Add(a with
            {
                Id = ArticleIdentity.FromLink(link),
                Link = link,
                Published = published,
                Updated = published,
            });
        }

        return articles;
    }
}
