using System.Text.Json;
using FeedRelay.Feeds;

namespace FeedRelay.Tests.Feeds;

/// <summary>Reads and writes a <see cref="FeedDocument"/> as JSON, so that golden inputs can be frozen on disk.</summary>
internal static class GoldenDocuments
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    /// <summary>The document as UTF-8 JSON.</summary>
    public static byte[] Serialize(FeedDocument document)
    {
        var feed = document.Feed;
        var frozen = new Frozen(
            new FrozenFeed(feed.Key, feed.Title, feed.SelfUrl, feed.SiteUrl, feed.Description, feed.HubUrl, feed.TtlMinutes, feed.FilterQuery.Length == 0 ? null : feed.FilterQuery),
            document.View,
            document.Language,
            document.Updated,
            document.Items.ToList());
        return JsonSerializer.SerializeToUtf8Bytes(frozen, Options);
    }

    /// <summary>The document written by <see cref="Serialize"/>.</summary>
    public static FeedDocument Deserialize(byte[] json)
    {
        var frozen = JsonSerializer.Deserialize<Frozen>(json, Options) ?? throw new InvalidDataException("empty golden input");
        var f = frozen.Feed;
        var feed = new FeedDescription(f.Key, f.Title, f.SelfUrl, f.SiteUrl, id => new Uri(f.SiteUrl, "api/articles/" + id))
        {
            Description = f.Description,
            HubUrl = f.HubUrl,
            TtlMinutes = f.TtlMinutes,
            FilterQuery = f.FilterQuery ?? "",
        };
        return new FeedDocument(feed, frozen.View, frozen.Language, frozen.Updated, frozen.Items);
    }

    private sealed record Frozen(FrozenFeed Feed, FeedView View, string? Language, DateTimeOffset? Updated, List<FeedItem> Items);

    private sealed record FrozenFeed(string Key, string Title, Uri SelfUrl, Uri SiteUrl, string? Description, Uri? HubUrl, int TtlMinutes, string? FilterQuery = null);
}
