using Microsoft.Extensions.Configuration;


namespace FeedRelay.Storage.Azure;

/// <summary>
/// Reads <see cref="AzureStorageOptions"/> from <c>FeedRelay:Storage</c>, falling back to the Functions host's own
/// <c>AzureWebJobsStorage</c> settings (a connection string, or <c>__blobServiceUri</c>/<c>__queueServiceUri</c>/
/// <c>__tableServiceUri</c>/<c>__accountName</c> with <c>__credential</c> and <c>__clientId</c>), so that one account
/// setting serves both the host and FeedRelay.
/// </summary>
public static class AzureStorageSettings
{
    /// <summary>Configuration section of FeedRelay's own storage settings.</summary>
    public const string Section = "FeedRelay:Storage";

    /// <summary>The Functions host's storage connection setting.</summary>
    public const string WebJobsStorage = "AzureWebJobsStorage";

    /// <summary>The effective options; <see cref="AzureStorageOptions.IsConfigured"/> is false when nothing names an account.</summary>
    public static AzureStorageOptions Resolve(IConfiguration configuration)
    {
        var own = configuration.GetSection(Section).Get<AzureStorageOptions>() ?? new AzureStorageOptions();
        if (own.IsConfigured)
        {
            return own;
        }

        var webJobs = configuration.GetSection(WebJobsStorage);
        if (!string.IsNullOrWhiteSpace(webJobs.Value))
        {
            return own with { ConnectionString = webJobs.Value };
        }

        var account = webJobs["accountName"];
        var blob = UriOrNull(webJobs["blobServiceUri"]) ?? (string.IsNullOrWhiteSpace(account) ? null : new Uri($"https://{account}.blob.core.windows.net"));
        if (blob is null)
        {
            return own;
        }

        return own with
        {
            BlobServiceUri = blob,
            QueueServiceUri = own.QueueServiceUri ?? UriOrNull(webJobs["queueServiceUri"]),
            TableServiceUri = own.TableServiceUri ?? UriOrNull(webJobs["tableServiceUri"]),
            ClientId = own.ClientId ?? webJobs["clientId"],
            Credential = own.Credential ?? webJobs["credential"],
        };
    }

    private static Uri? UriOrNull(string? text) => Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : null;
}
