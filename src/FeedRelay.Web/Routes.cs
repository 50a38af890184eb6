namespace FeedRelay.Web;

/// <summary>
/// Every HTTP route FeedRelay serves, in one place: the server maps them with <see cref="FeedRelayWeb.MapFeedRelay"/>
/// and the Functions app declares one HTTP function per route with the same name, template and methods (a test
/// compares the published <c>functions.metadata</c> with the server's route table). Each feature maps its routes with a
/// direct <c>MapMethods(…).WithName(…)</c> call, which the request delegate generator turns into compiled code (no
/// reflection over the handlers on the first request).
/// </summary>
public static class Routes
{
    /// <summary>The HTML index of feeds at the site root.</summary>
    public const string Home = "";

    /// <summary>The same index under <c>/api/feeds</c>.</summary>
    public const string FeedIndex = "api/feeds";

    /// <summary>OPML 2.0 list of every feed.</summary>
    public const string Opml = "api/feeds.opml";

    /// <summary>A feed document: <c>all</c> or a source slug, in <c>rss</c>, <c>atom</c> or <c>json</c>.</summary>
    public const string Feed = "api/feeds/{name}.{format}";

    /// <summary>FeedRelay's own page of one article.</summary>
    public const string Article = "api/articles/{id}";

    /// <summary>Liveness, article counts and the state of every background part.</summary>
    public const string Health = "api/health";

    /// <summary>Quarantined seeds with their reasons.</summary>
    public const string Rejections = "api/ingest/rejections";

    /// <summary>One quarantined seed by the SHA-256 of its bytes.</summary>
    public const string Rejection = "api/ingest/rejections/{sha256}";

    /// <summary>Re-ingests one quarantined seed.</summary>
    public const string RetryRejection = "api/ingest/rejections/{sha256}/retry";

    /// <summary>Re-ingests every quarantined seed.</summary>
    public const string RetryRejections = "api/ingest/rejections/retry";

    /// <summary>What the translation step has done, spent and still has to do.</summary>
    public const string TranslationStatus = "api/translation/status";

    /// <summary>Methods of read-only routes.</summary>
    public static readonly string[] Read = [HttpMethods.Get, HttpMethods.Head];

    /// <summary>Methods of action routes.</summary>
    public static readonly string[] Act = [HttpMethods.Post];
}
