namespace FeedRelay.Feeds;

/// <summary>Which language version of each article a feed shows (<c>?lang=</c>).</summary>
public enum FeedView
{
    /// <summary>The article as published (<c>original</c>).</summary>
    Original,

    /// <summary>The English translation where there is one, else the original (<c>en</c>).</summary>
    English,

    /// <summary>English first, then the original, each marked with its language (<c>both</c>).</summary>
    Both,
}

/// <summary>Query-string names of <see cref="FeedView"/>.</summary>
public static class FeedViews
{
    /// <summary>Every view, in the order they are listed to people.</summary>
    public static IReadOnlyList<FeedView> All { get; } = [FeedView.Original, FeedView.English, FeedView.Both];

    /// <summary>The <c>lang</c> query value of <paramref name="view"/>.</summary>
    public static string QueryValue(this FeedView view) => view switch
    {
        FeedView.English => "en",
        FeedView.Both => "both",
        _ => "original",
    };

    /// <summary>A short human name of <paramref name="view"/>.</summary>
    public static string DisplayName(this FeedView view) => view switch
    {
        FeedView.English => "English",
        FeedView.Both => "bilingual",
        _ => "original language",
    };

    /// <summary>Reads a <c>lang</c> query value.</summary>
    public static bool TryParse(string? value, out FeedView view)
    {
        switch (value?.ToLowerInvariant())
        {
            case null or "" or "original":
                view = FeedView.Original;
                return true;
            case "en":
                view = FeedView.English;
                return true;
            case "both":
                view = FeedView.Both;
                return true;
            default:
                view = default;
                return false;
        }
    }
}
