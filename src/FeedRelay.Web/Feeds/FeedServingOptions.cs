using System.ComponentModel.DataAnnotations;
using FeedRelay.Feeds;

namespace FeedRelay.Web.Feeds;

/// <summary>Settings of the feed endpoints, under <c>FeedRelay:Feeds</c> (<c>FeedRelay__Feeds__X</c> in the environment).</summary>
public sealed class FeedServingOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "FeedRelay:Feeds";

    /// <summary>Largest <c>limit</c> a request may ask for.</summary>
    public const int MaxLimit = 500;

    /// <summary><c>Cache-Control: max-age</c> of feed responses, in seconds.</summary>
    [Range(0, 86_400)]
    public int CacheMaxAgeSeconds { get; set; } = 300;

    /// <summary>
    /// <c>Cache-Control: max-age</c> of older pages (<c>?page=</c>), in seconds: a page past the newest only changes when an
    /// article is back-dated into it, so readers and proxies may keep it long.
    /// </summary>
    [Range(0, 31_536_000)]
    public int PageMaxAgeSeconds { get; set; } = 86_400;

    /// <summary>RSS <c>ttl</c>: how long readers may wait before polling again, in minutes.</summary>
    [Range(1, 1440)]
    public int TtlMinutes { get; set; } = 15;

    /// <summary>Fold the same story from several outlets into one item in the merged <c>all</c> feed.</summary>
    public bool ClusterMergedFeed { get; set; } = true;

    /// <summary>Also cluster single-source feeds (an outlet rarely repeats a story, so off by default).</summary>
    public bool ClusterSourceFeeds { get; set; }

    /// <summary>Largest gap between two outlets' publication of one story, in hours.</summary>
    [Range(0, 24 * 30)]
    public double ClusterWindowHours { get; set; } = 48;

    /// <summary>Smallest title similarity (character-bigram Dice, 0 to 1) for two titles to be the same story.</summary>
    [Range(0.5, 1.0)]
    public double ClusterMinTitleSimilarity { get; set; } = 0.8;

    /// <summary>Memory for cached feed documents and their compressed forms, in bytes (each document is charged twice its size).</summary>
    [Range(1024, long.MaxValue)]
    public long CacheSizeLimitBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Serve the default documents of every feed (no filters, first page, default limit) from shared storage where the
    /// backend offers it (Azure: the <c>feeds</c> container; needs <c>FeedRelay:PublicBaseUrl</c>), rebuilt once per burst of changes.
    /// </summary>
    public bool Materialise { get; set; } = true;

    /// <summary>
    /// In the standalone server, how long after a feed's first change its materialised documents are rebuilt, in
    /// milliseconds: every change within this time is covered by that one rebuild.
    /// </summary>
    [Range(0, 600_000)]
    public int RebuildDelayMs { get; set; } = 2_000;

    /// <summary>
    /// Memory for built feed items and their rendered fragments (<see cref="FeedRelay.Feeds.FeedItemCache"/>), in bytes, so that
    /// rebuilding a feed after a change builds and escapes only the new or changed items; 0 disables it.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long ItemCacheSizeLimitBytes { get; set; } = 24L * 1024 * 1024;

    /// <summary>WebSub hub announced in every feed and notified when feeds change; empty disables WebSub.</summary>
    [Url]
    public string? WebSubHubUrl { get; set; }

    /// <summary>How often the WebSub notifier looks for changed feeds, in milliseconds.</summary>
    [Range(50, 3_600_000)]
    public int WebSubPollMs { get; set; } = 2_000;

    /// <summary>How long the WebSub notifier waits for the hub's answer to one publish request, in milliseconds.</summary>
    [Range(100, 120_000)]
    public int WebSubTimeoutMs { get; set; } = 10_000;

    /// <summary>Clustering to use for the feed named <paramref name="name"/>.</summary>
    public ClusteringOptions ClusteringFor(string name) =>
        (name == FeedEndpoints.AllSources ? ClusterMergedFeed : ClusterSourceFeeds)
            ? new ClusteringOptions { Window = TimeSpan.FromHours(ClusterWindowHours), MinTitleSimilarity = ClusterMinTitleSimilarity }
            : ClusteringOptions.Disabled;

    /// <summary>The hub URL, or null when WebSub is off.</summary>
    public Uri? HubUri => string.IsNullOrWhiteSpace(WebSubHubUrl) ? null : new Uri(WebSubHubUrl);
}
