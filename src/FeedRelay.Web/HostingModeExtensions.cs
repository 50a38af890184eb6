namespace FeedRelay.Web;

/// <summary>Reads the hosting mode registered by <see cref="FeedRelayWeb.AddFeedRelay{TBuilder}"/>.</summary>
internal static class HostingModeExtensions
{
    /// <summary>True unless FeedRelay was registered for a host whose triggers deliver the work.</summary>
    public static bool RunsBackgroundServices(this IHostApplicationBuilder builder) =>
        builder.Services.LastOrDefault(d => d.ServiceType == typeof(HostingMode))?.ImplementationInstance is not HostingMode { RunsBackgroundServices: false };

    /// <summary>The host FeedRelay was registered for (<see cref="FeedRelayHosting.Server"/> when none was named).</summary>
    public static FeedRelayHosting Hosting(this IHostApplicationBuilder builder) =>
        builder.Services.LastOrDefault(d => d.ServiceType == typeof(HostingMode))?.ImplementationInstance is HostingMode mode ? mode.Hosting : FeedRelayHosting.Server;
}
