using FeedRelay.Feeds;
using FeedRelay.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace FeedRelay.Web.Feeds;

/// <summary>
/// WebSub publisher (W3C WebSub 2018, section 7 "publishing"): watches the article index and, when a source's
/// articles change, POSTs <c>hub.mode=publish</c> with each changed feed URL (that source and <c>all</c>, every
/// format and view) to the configured hub. Does nothing when no hub is configured.
/// </summary>
public sealed partial class WebSubNotifier(
    IArticleStore store,
    IOptions<FeedServingOptions> serving,
    IOptions<FeedRelayOptions> options,
    IHttpClientFactory httpClients,
    IServer server,
    ILogger<WebSubNotifier> logger) : BackgroundService
{
    /// <summary>Name of the HTTP client used to reach the hub.</summary>
    public const string HttpClientName = "websub";

    /// <summary>Whether a hub is configured.</summary>
    public bool IsEnabled => serving.Value.HubUri is not null;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!IsEnabled || store.Index is not { } index)
        {
            return;
        }

        var hub = serving.Value.HubUri!;
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        var seenVersion = 0L;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(serving.Value.WebSubPollMs));
        do
        {
            try
            {
                await store.EnsureFreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The store being briefly unreachable must not stop the notifier (or, through it, the host).
                LogStoreUnavailable(ex);
                continue;
            }

            var version = index.Version;
            if (version == seenVersion)
            {
                continue;
            }

            var changed = index.SourceVersions().Where(s => !seen.TryGetValue(s.Key, out var v) || v != s.Value).ToList();
            if (changed.Count > 0 && BaseUrl() is { } baseUrl)
            {
                var names = changed.Select(c => c.Key).Prepend(FeedEndpoints.AllSources);
                var delivered = await PublishAsync(hub, baseUrl, names, stoppingToken).ConfigureAwait(false);
                if (!delivered)
                {
                    // Leave the state as it was so that the next tick tries again.
                    continue;
                }
            }

            foreach (var (slug, sourceVersion) in changed)
            {
                seen[slug] = sourceVersion;
            }

            seenVersion = version;
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task<bool> PublishAsync(Uri hub, Uri baseUrl, IEnumerable<string> names, CancellationToken cancellationToken)
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
                    try
                    {
                        using var response = await client.PostAsync(hub, body, cancellationToken).ConfigureAwait(false);
                        if (!response.IsSuccessStatusCode)
                        {
                            LogHubRefused(hub, topic, (int)response.StatusCode);
                            return false;
                        }
                    }
                    catch (HttpRequestException ex)
                    {
                        LogHubUnreachable(ex, hub);
                        return false;
                    }
                }
            }

            LogPublished(hub, name);
        }

        return true;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSub: hub {Hub} refused topic {Topic} with status {Status}; will retry")]
    private partial void LogHubRefused(Uri hub, Uri topic, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSub: the article store is unavailable; will retry")]
    private partial void LogStoreUnavailable(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSub: hub {Hub} unreachable; will retry")]
    private partial void LogHubUnreachable(Exception exception, Uri hub);
}
