namespace FeedRelay.Web;

/// <summary>The host FeedRelay was registered for.</summary>
/// <param name="Hosting">The host kind.</param>
public sealed record HostingMode(FeedRelayHosting Hosting)
{
    /// <summary>True when background services (watcher, translation worker, WebSub notifier) run in this process.</summary>
    public bool RunsBackgroundServices => Hosting == FeedRelayHosting.Server;
}
