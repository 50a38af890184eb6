using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace FeedRelay.Functions;

/// <summary>What differs when FeedRelay runs under the Functions host: Azure storage, and links on the app's public name.</summary>
public static class FunctionsDefaults
{
    /// <summary>Set by App Service and the Functions host to the app's public host name.</summary>
    public const string HostNameVariable = "WEBSITE_HOSTNAME";

    /// <summary>
    /// Defaults under the host, each overridable by configuration: storage is Azure (the account of
    /// <c>AzureWebJobsStorage</c> unless <c>FeedRelay:Storage</c> names another), and feed links use the app's public host
    /// name (<c>http://</c> for Core Tools on localhost).
    /// </summary>
    public static IHostApplicationBuilder AddFunctionsDefaults(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var defaults = new Dictionary<string, string?>();
        if (configuration["FeedRelay:Storage:Kind"] is null)
        {
            defaults["FeedRelay:Storage:Kind"] = "Azure";
        }

        if (string.IsNullOrEmpty(configuration["FeedRelay:PublicBaseUrl"]) && configuration[HostNameVariable] is { Length: > 0 } host)
        {
            var local = host.StartsWith("localhost", StringComparison.OrdinalIgnoreCase) || host.StartsWith("127.0.0.1", StringComparison.Ordinal);
            defaults["FeedRelay:PublicBaseUrl"] = (local ? "http://" : "https://") + host + "/";
        }

        // Lowest precedence: anything configured explicitly wins.
        var sources = configuration.Sources.ToList();
        configuration.Sources.Clear();
        configuration.AddInMemoryCollection(defaults);
        foreach (var source in sources)
        {
            configuration.Sources.Add(source);
        }

        return builder;
    }
}
