using FeedRelay.Feeds;

namespace FeedRelay.Web.Feeds;

/// <summary>Subscribe URLs of feeds.</summary>
public static class FeedLinks
{
    /// <summary>The URL of feed <paramref name="name"/> in <paramref name="format"/> and <paramref name="view"/>.</summary>
    public static Uri Feed(Uri baseUrl, string name, FeedFormat format, FeedView view = FeedView.Original) =>
        new(baseUrl, $"api/feeds/{Uri.EscapeDataString(name)}.{format.Extension()}"
            + (view == FeedView.Original ? "" : "?lang=" + view.QueryValue()));
}
