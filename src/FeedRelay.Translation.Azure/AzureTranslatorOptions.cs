namespace FeedRelay.Translation.Azure;

/// <summary>Where and how to reach Azure AI Translator; safe defaults, checked by <see cref="Validate"/> before a client is made.</summary>
public sealed record AzureTranslatorOptions
{
    /// <summary>The global endpoint, a custom subdomain, or any compatible host.</summary>
    public Uri Endpoint { get; init; } = TextTranslationClient.GlobalEndpoint;

    /// <summary>Resource key; when empty, Entra ID is used (which needs <see cref="UseManagedIdentity"/>).</summary>
    public string? Key { get; init; }

    /// <summary>Azure region of the resource (sent with keys and on the global endpoint).</summary>
    public string Region { get; init; } = "global";

    /// <summary>Full ARM id of the resource, needed with Entra ID on the global endpoint.</summary>
    public string? ResourceId { get; init; }

    /// <summary>Authenticate with <c>DefaultAzureCredential</c> when no key is set.</summary>
    public bool UseManagedIdentity { get; init; }

    /// <summary>Retries of one request on 408/429/5xx/timeouts.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>First retry delay (doubles each retry; a longer Retry-After from the service wins).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest back-off between retries of one request.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Time allowed for one try of a request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>What is wrong with these options; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Endpoint is not { IsAbsoluteUri: true } || Endpoint.Scheme is not ("https" or "http"))
        {
            errors.Add("the Translator endpoint must be an absolute http(s) URL");
        }
        else if (string.IsNullOrWhiteSpace(Key) && Endpoint.Scheme != "https")
        {
            errors.Add("the Translator endpoint must be https to send Entra ID tokens");
        }

        if (string.IsNullOrWhiteSpace(Key) && !UseManagedIdentity)
        {
            errors.Add("the Translator needs a key or UseManagedIdentity");
        }

        if (MaxRetries is < 0 or > 20)
        {
            errors.Add("MaxRetries must be between 0 and 20");
        }

        if (RetryDelay <= TimeSpan.Zero || MaxRetryDelay < RetryDelay || RequestTimeout <= TimeSpan.Zero)
        {
            errors.Add("retry delays and the request timeout must be positive, and MaxRetryDelay at least RetryDelay");
        }

        return errors;
    }
}
