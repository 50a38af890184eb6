namespace FeedRelay.Feeds;

/// <summary>What a feed document is about: its title, where it lives, and the site it stands for.</summary>
/// <param name="Key">Stable key of the feed (<c>all</c> or a source slug), used in ids.</param>
/// <param name="Title">Feed title.</param>
/// <param name="SelfUrl">Absolute URL of this feed document.</param>
/// <param name="SiteUrl">Absolute URL of the human-readable page for this feed.</param>
/// <param name="ArticleUrl">Builds FeedRelay's own article page URL for an article id.</param>
public sealed record FeedDescription(string Key, string Title, Uri SelfUrl, Uri SiteUrl, Func<string, Uri> ArticleUrl);
