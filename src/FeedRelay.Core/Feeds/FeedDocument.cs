namespace FeedRelay.Feeds;

/// <summary>The merged, format-neutral model every feed writer writes: one feed with its items, already in one view.</summary>
/// <param name="Feed">What the feed is.</param>
/// <param name="View">Which language view the items are in.</param>
/// <param name="Language">BCP 47 tag shared by the whole document, or null when items differ.</param>
/// <param name="Updated">
/// Latest change of any item; for an empty feed, when the store last changed the feed's articles, or null when it does not
/// know: a time from the store, never from a clock, so that rebuilding never changes the bytes.
/// </param>
/// <param name="Items">Items, newest first.</param>
public sealed record FeedDocument(FeedDescription Feed, FeedView View, string? Language, DateTimeOffset? Updated, IReadOnlyList<FeedItem> Items)
{
    /// <summary>True when the articles given made more stories than the items shown (the limit cut some off): a next page has them.</summary>
    public bool StoriesLeftOut { get; init; }

    /// <summary>
    /// The article after which the next page starts: the newest article of the last item's story (the last item's own
    /// article when nothing is clustered); null for an empty document.
    /// </summary>
    public string? ContinueAfterId { get; init; }
}

/// <summary>One feed entry: an article (or the lead article of a cluster of the same story) in one view.</summary>
public sealed record FeedItem
{
    /// <summary>Stable <c>tag:</c> URI of the article; the same in every view and format.</summary>
    public required string Id { get; init; }

    /// <summary>FeedRelay's article id.</summary>
    public required string ArticleId { get; init; }

    /// <summary>Headline, plain text.</summary>
    public required string Title { get; init; }

    /// <summary>Where the item links to: the original article, else FeedRelay's article page.</summary>
    public required Uri Link { get; init; }

    /// <summary>Publication time.</summary>
    public required DateTimeOffset Published { get; init; }

    /// <summary>Last change; never before <see cref="Published"/>.</summary>
    public required DateTimeOffset Updated { get; init; }

    /// <summary>Author, or the outlet when the author is unknown.</summary>
    public required string Author { get; init; }

    /// <summary>Display name of the outlet.</summary>
    public required string Source { get; init; }

    /// <summary>Categories in source order.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Plain-text summary.</summary>
    public string Summary { get; init; } = "";

    /// <summary>Sanitised HTML body.</summary>
    public string ContentHtml { get; init; } = "";

    /// <summary>BCP 47 tag of the item's text (the first language in a bilingual item), when known.</summary>
    public string? Language { get; init; }

    /// <summary>Lead image.</summary>
    public Uri? Image { get; init; }

    /// <summary>Language of the original article when the item shows a translation, for <c>hreflang</c>.</summary>
    public string? OriginalLanguage { get; init; }

    /// <summary>True when the item's text is (partly) a machine translation.</summary>
    public bool Translated { get; init; }

    /// <summary>Other outlets carrying the same story.</summary>
    public IReadOnlyList<RelatedLink> Related { get; init; } = [];
}

/// <summary>The same story at another outlet.</summary>
/// <param name="Url">Where that outlet has it.</param>
/// <param name="Source">The outlet's display name.</param>
/// <param name="Title">Its headline there.</param>
public sealed record RelatedLink(Uri Url, string Source, string Title);
