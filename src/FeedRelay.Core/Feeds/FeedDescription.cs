namespace FeedRelay.Feeds;

/// <summary>What a feed document is about: its title, where it lives, and the site it stands for.</summary>
/// <param name="Key">Stable key of the feed (<c>all</c> or a source slug), used in ids.</param>
/// <param name="Title">Feed title.</param>
/// <param name="SelfUrl">Absolute URL of this feed document.</param>
/// <param name="SiteUrl">Absolute URL of the human-readable page for this feed.</param>
/// <param name="ArticleUrl">Builds FeedRelay's own article page URL for an article id.</param>
public sealed record FeedDescription(string Key, string Title, Uri SelfUrl, Uri SiteUrl, Func<string, Uri> ArticleUrl)
{
    /// <summary>One-sentence description of the feed.</summary>
    public string? Description { get; init; }

    /// <summary>The next, older page of this feed (RFC 5005 §3 paged feeds, JSON Feed <c>next_url</c>), or null on the last page.</summary>
    public Uri? NextUrl { get; init; }

    /// <summary>The newest page of this feed, linked as <c>rel="first"</c> from every older page; null on the newest page itself.</summary>
    public Uri? FirstUrl { get; init; }

    /// <summary>The WebSub hub that announces changes of this feed, when one is configured.</summary>
    public Uri? HubUrl { get; init; }

    /// <summary>
    /// The canonical query of the document's filters (escaped values in a fixed order, without the view, the page and the
    /// page size), empty for the unfiltered feed: part of the Atom feed id, so that differently filtered documents have
    /// different ids (RFC 4287 §4.2.6) and the unfiltered one keeps its id.
    /// </summary>
    public string FilterQuery { get; init; } = "";

    /// <summary>How long readers may cache the feed before polling again (RSS <c>ttl</c>), in minutes.</summary>
    public int TtlMinutes { get; init; } = 60;
}
