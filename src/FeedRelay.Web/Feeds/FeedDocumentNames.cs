using FeedRelay.Feeds;

namespace FeedRelay.Web.Feeds;

/// <summary>The materialised documents of a feed and their names in shared storage: <c>{view}/{feed}.{format}</c>.</summary>
public static class FeedDocumentNames
{
    /// <summary>Every format in the order documents are built.</summary>
    public static IReadOnlyList<FeedFormat> Formats { get; } = [FeedFormat.Rss, FeedFormat.Atom, FeedFormat.Json];

    /// <summary>The name of the default document of feed <paramref name="feed"/> in <paramref name="format"/> and <paramref name="view"/>, e.g. <c>en/all.atom</c>.</summary>
    public static string Of(string feed, FeedFormat format, FeedView view) => $"{view.QueryValue()}/{feed}.{format.Extension()}";
}
