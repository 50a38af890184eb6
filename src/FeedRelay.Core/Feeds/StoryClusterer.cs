using System.Text;

namespace FeedRelay.Feeds;

/// <summary>
/// Groups articles of different outlets whose titles are identical or near-identical (character-bigram Dice
/// similarity, which works for CJK and Latin scripts alike) and that were published within a time window. Pure.
/// </summary>
public static class StoryClusterer
{
    /// <summary>
    /// Clusters <paramref name="articles"/>; the result is in feed order of each story's newest article (not its lead's),
    /// so that a page of stories leaves out only articles older than its last story's newest one, all of which the next
    /// page, continuing after that article, reads.
    /// </summary>
    public static IReadOnlyList<StoryCluster> Cluster(IReadOnlyList<Article> articles, ClusteringOptions options)
    {
        if (!options.Enabled)
        {
            return articles.Select(a => new StoryCluster(a, [])).ToList();
        }

        var groups = new List<List<(Article Article, HashSet<int> Bigrams, string Normalised)>>();
        foreach (var article in articles)
        {
            var normalised = Normalise(article.Title);
            var candidate = (article, Bigrams(normalised), normalised);
            var home = groups.FirstOrDefault(g => g.TrueForAll(m => m.Article.SourceSlug != article.SourceSlug)
                && g.Exists(m => (m.Article.Published - article.Published).Duration() <= options.Window
                    && SameTitle(m.Normalised, m.Bigrams, normalised, candidate.Item2, options.MinTitleSimilarity)));
            if (home is null)
            {
                groups.Add([candidate]);
            }
            else
            {
                home.Add(candidate);
            }
        }

        return groups
            .Select(g => g.Select(m => m.Article).OrderBy(a => a.Published).ThenBy(a => a.Id, StringComparer.Ordinal).ToList())
            .Select(g => new StoryCluster(g[0], g.Skip(1).ToList()))
            .OrderByDescending(c => c.Newest.Published)
            .ThenBy(c => c.Newest.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Dice similarity of two titles, 0 to 1, after normalisation.</summary>
    public static double TitleSimilarity(string a, string b)
    {
        var (na, nb) = (Normalise(a), Normalise(b));
        return na == nb ? 1 : Dice(Bigrams(na), Bigrams(nb));
    }

    private static bool SameTitle(string a, HashSet<int> aBigrams, string b, HashSet<int> bBigrams, double threshold) =>
        a.Length > 0 && (a == b || Dice(aBigrams, bBigrams) >= threshold);

    private static double Dice(HashSet<int> a, HashSet<int> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var shared = small.Count(large.Contains);
        return 2.0 * shared / (a.Count + b.Count);
    }

    /// <summary>Width-folded, lower-case letters and digits only, so punctuation and spacing differences do not matter.</summary>
    private static string Normalise(string title)
    {
        var folded = title.Normalize(NormalizationForm.FormKC);
        var text = new StringBuilder(folded.Length);
        foreach (var rune in folded.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                text.Append(Rune.ToLowerInvariant(rune).ToString());
            }
        }

        return text.ToString();
    }

    private static HashSet<int> Bigrams(string text)
    {
        var set = new HashSet<int>();
        for (var i = 0; i + 1 < text.Length; i++)
        {
            set.Add((text[i] << 16) | text[i + 1]);
        }

        if (text.Length == 1)
        {
            set.Add(text[0]);
        }

        return set;
    }
}
