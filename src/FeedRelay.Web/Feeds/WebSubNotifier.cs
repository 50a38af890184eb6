using FeedRelay.Feeds;
using FeedRelay.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace FeedRelay.Web.Feeds;

/// <summary>
/// WebSub publisher (W3C WebSub 2018, section 7 "publishing"): polls the store's feed versions and, when a source's
/// articles change, POSTs <c>hub.mode=publish</c> with each changed feed URL (that source and <c>all</c>, every format
/// and view) to the configured hub. Where feeds are served from materialised documents (Azure storage), a feed is
/// announced once its documents were rebuilt (<see cref="FeedRebuildService.TakeRebuilt"/>), not when the store changed:
/// the hub fetches what it is told about at once, and would otherwise get the documents from before the change. A hub that
/// refuses, hangs or is unreachable fails the round: the part is reported as failing in <c>/api/health</c>, the state stays
/// as it was, and the next round (after a back-off) tries again. Does nothing when no hub is configured.
/// </summary>
public sealed partial class WebSubNotifier(
    IArticleStore store,
    IOptions<FeedServingOptions> serving,
    IOptions<FeedRelayOptions> options,
    IHttpClientFactory httpClients,
    IServer server,
    BackgroundHealth health,
    TimeProvider clock,
    ILogger<WebSubNotifier> logger,
    FeedRebuildService? rebuilds = null) : BackgroundLoop("websub", health, clock, logger)
{
    // Feeds rebuilt but not announced yet (a failed publish keeps them for the next round).
    private readonly HashSet<string> _unannounced = new(StringComparer.Ordinal);

    /// <summary>Name of the HTTP client used to reach the hub.</summary>
    public const string HttpClientName = "websub";

    private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);
    private long _seenVersion = -1;

    /// <summary>Whether a hub is configured.</summary>
    public override bool IsEnabled => serving.Value.HubUri is not null;

    /// <inheritdoc />
    protected override async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
    {
        var poll = TimeSpan.FromMilliseconds(serving.Value.WebSubPollMs);
        if (rebuilds is { IsEnabled: true } && _seenVersion >= 0)
        {
            // Materialised: after the first round (which announces every feed), what was rebuilt since, once it was.
            _unannounced.UnionWith(rebuilds.TakeRebuilt());
            if (_unannounced.Count > 0 && BaseUrl() is { } target)
            {
                await PublishAsync(serving.Value.HubUri!, target, _unannounced.Order(StringComparer.Ordinal).ToList(), cancellationToken).ConfigureAwait(false);
                _unannounced.Clear();
            }

            return poll;
        }

        var version = await store.GetVersionAsync(null, cancellationToken).ConfigureAwait(false);
        if (version == _seenVersion || BaseUrl() is not { } baseUrl)
        {
            return poll;
        }

        var changed = new List<(string Slug, long Version)>();
        foreach (var source in await store.ListSourcesAsync(cancellationToken).ConfigureAwait(false))
        {
            var sourceVersion = await store.GetVersionAsync(source.Slug, cancellationToken).ConfigureAwait(false);
            if (!_seen.TryGetValue(source.Slug, out var seen) || seen != sourceVersion)
            {
                changed.Add((source.Slug, sourceVersion));
            }
        }

        if (changed.Count > 0)
        {
            // The first round announces every feed once (a hub may have missed changes while this process was down).
            await PublishAsync(serving.Value.HubUri!, baseUrl, changed.Select(c => c.Slug).Prepend(FeedEndpoints.AllSources), cancellationToken)
                .ConfigureAwait(false);
        }

        foreach (var (slug, sourceVersion) in changed)
        {
            _seen[slug] = sourceVersion;
        }

        _seenVersion = version;
        return poll;
    }

    private async Task PublishAsync(Uri hub, Uri baseUrl, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        using var client = httpClients.CreateClient(HttpClientName);
        foreach (var name in names)
        {
            foreach (var format in FeedFormats.All)
            {
                foreach (var view in FeedViews.All)
                {
                    var topic = FeedLinks.Feed(baseUrl, name, format, view);
                    using var body = new FormUrlEncodedContent([new("hub.mode", "publish"), new("hub.url", topic.AbsoluteUri)]);
                    using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(serving.Value.WebSubTimeoutMs), Clock);
                    using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
                    using var response = await client.PostAsync(hub, body, either.Token).ConfigureAwait(false);
                    if (!response.IsSuccessStatusCode)
                    {
                        throw new HttpRequestException($"hub {hub} refused topic {topic} with status {(int)response.StatusCode}", null, response.StatusCode);
                    }
                }
            }

            LogPublished(hub, name);
        }
    }

    /// <summary>The configured public base URL, else the first address the server listens on.</summary>
    private Uri? BaseUrl()
    {
        var configured = options.Value.PublicBaseUrl;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new Uri(configured.EndsWith('/') ? configured : configured + "/");
        }

        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        return address is null ? null : new Uri(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal).TrimEnd('/') + "/");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "WebSub: announced changes of feed {Feed} to {Hub}")]
    private partial void LogPublished(Uri hub, string feed);
}
