using FeedRelay.Host.Storage;

namespace FeedRelay.Host.Functions;

/// <summary>The Azure Functions custom-handler side of the app: trigger invocation endpoints and host conventions.</summary>
public static partial class FunctionsHosting
{
    /// <summary>Set by the Functions host for its custom handler; FeedRelay listens on 127.0.0.1 at this port.</summary>
    public const string PortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    /// <summary>Header carrying the host's invocation id.</summary>
    public const string InvocationIdHeader = "X-Azure-Functions-InvocationId";

    /// <summary>True when the Functions host started this process.</summary>
    public static bool IsCustomHandler(IConfiguration configuration) => !string.IsNullOrEmpty(configuration[PortVariable]);

    /// <summary>Set by App Service and the Functions host to the app's public host name.</summary>
    public const string HostNameVariable = "WEBSITE_HOSTNAME";

    /// <summary>
    /// Under the host, seeds arrive through the blob trigger: the seeds-folder watcher is off unless
    /// <c>FeedRelay:SeedsPath</c> is set explicitly. Requests are forwarded to 127.0.0.1, so feed links default to
    /// the app's public host name instead of the request's.
    /// </summary>
    public static WebApplicationBuilder AddFunctionsHandler(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (!IsCustomHandler(configuration))
        {
            return builder;
        }

        var defaults = new Dictionary<string, string?>();
        if (configuration["FeedRelay:SeedsPath"] is null)
        {
            defaults["FeedRelay:SeedsPath"] = "";
        }

        if (string.IsNullOrEmpty(configuration["FeedRelay:PublicBaseUrl"]) && configuration[HostNameVariable] is { Length: > 0 } host)
        {
            // Core Tools sets localhost:7071, which is served over plain HTTP.
            var local = host.StartsWith("localhost", StringComparison.OrdinalIgnoreCase) || host.StartsWith("127.0.0.1", StringComparison.Ordinal);
            defaults["FeedRelay:PublicBaseUrl"] = (local ? "http://" : "https://") + host + "/";
        }

        configuration.AddInMemoryCollection(defaults);
        return builder;
    }

    /// <summary>Maps the trigger endpoints the host POSTs to and puts each invocation's id into the logging scope.</summary>
    public static WebApplication MapFunctionInvocations(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FeedRelay.Host.Functions");
        var storage = app.Services.GetRequiredService<StorageSelection>();
        LogStartup(logger, storage.Kind, storage.Location, IsCustomHandler(app.Configuration));
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers.TryGetValue(InvocationIdHeader, out var id) && !string.IsNullOrEmpty(id))
            {
                // A message-template scope: structured (InvocationId) for log processors, readable in console output.
                using (logger.BeginScope("Invocation {InvocationId}", id.ToString()))
                {
                    await next(context);
                }
            }
            else
            {
                await next(context);
            }
        });

        app.MapPost("/" + NormaliseSeedFunction.Name, NormaliseSeedFunction.InvokeAsync).WithName(NormaliseSeedFunction.Name);
        app.MapPost("/" + TranslateArticleFunction.Name, TranslateArticleFunction.InvokeAsync).WithName(TranslateArticleFunction.Name);
        app.MapPost("/" + QuarantinePoisonSeedFunction.Name, QuarantinePoisonSeedFunction.InvokeAsync).WithName(QuarantinePoisonSeedFunction.Name);
        return app;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage: {Kind} ({Location}); running as Functions custom handler: {CustomHandler}")]
    private static partial void LogStartup(ILogger logger, StorageKind kind, string location, bool customHandler);
}
