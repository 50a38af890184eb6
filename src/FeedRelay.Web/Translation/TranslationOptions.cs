using System.ComponentModel.DataAnnotations;
using FeedRelay.Translation;

namespace FeedRelay.Web.Translation;

/// <summary>Settings under <c>FeedRelay:Translation</c> (<c>FeedRelay__Translation__X</c>); translation is off unless an endpoint is set.</summary>
public sealed class TranslationOptions : IValidatableObject
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "FeedRelay:Translation";

    /// <summary>Translator endpoint: the global one, a custom subdomain, or any compatible host; empty disables translation.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Resource key; when empty, Entra ID is used (<see cref="UseManagedIdentity"/>).</summary>
    public string? Key { get; set; }

    /// <summary>Azure region of the resource (sent with keys and on the global endpoint).</summary>
    public string Region { get; set; } = "global";

    /// <summary>Full ARM id of the resource, needed with Entra ID on the global endpoint.</summary>
    public string? ResourceId { get; set; }

    /// <summary>Authenticate with <c>DefaultAzureCredential</c> (managed identity in Azure; <c>AZURE_CLIENT_ID</c> picks a user-assigned one).</summary>
    public bool UseManagedIdentity { get; set; }

    /// <summary>Language to translate into.</summary>
    [Required]
    public string TargetLanguage { get; set; } = "en";

    /// <summary>Language of the articles, or empty to let the service detect it.</summary>
    public string? SourceLanguage { get; set; }

    /// <summary>Characters that may be billed per UTC day; 0 means no limit.</summary>
    [Range(0, long.MaxValue)]
    public long DailyCharacterBudget { get; set; }

    /// <summary>Longest piece of content sent as one element.</summary>
    [Range(100, TranslatorLimits.MaxCharacters)]
    public int MaxSegmentCharacters { get; set; } = 10_000;

    /// <summary>Retries of one request on 408/429/5xx/timeouts.</summary>
    [Range(0, 20)]
    public int MaxRetries { get; set; } = 5;

    /// <summary>First retry delay in milliseconds (doubles each retry; a longer Retry-After from the service wins).</summary>
    [Range(1, 600_000)]
    public int RetryDelayMs { get; set; } = 1_000;

    /// <summary>Longest back-off between retries of one request, in milliseconds.</summary>
    [Range(1, 600_000)]
    public int MaxRetryDelayMs { get; set; } = 60_000;

    /// <summary>Time allowed for one try of a request, in milliseconds.</summary>
    [Range(100, 600_000)]
    public int RequestTimeoutMs { get; set; } = 100_000;

    /// <summary>Delay before a failed work item is tried again, in milliseconds (doubles per failure).</summary>
    [Range(1, 86_400_000)]
    public int ParkedRetryMs { get; set; } = 60_000;

    /// <summary>Longest delay before a failed work item is tried again, in milliseconds.</summary>
    [Range(1, 86_400_000)]
    public int MaxParkedRetryMs { get; set; } = 3_600_000;

    /// <summary>How often the worker looks at the queue when nothing wakes it, in milliseconds.</summary>
    [Range(10, 3_600_000)]
    public int PollIntervalMs { get; set; } = 5_000;

    /// <summary>True when an endpoint is configured.</summary>
    public bool IsEnabled => !string.IsNullOrWhiteSpace(Endpoint);

    /// <summary>The core settings of the translation step.</summary>
    public TranslationSettings ToSettings() => new()
    {
        TargetLanguage = TargetLanguage,
        SourceLanguage = string.IsNullOrWhiteSpace(SourceLanguage) ? null : SourceLanguage,
        DailyCharacterBudget = DailyCharacterBudget,
        MaxSegmentCharacters = MaxSegmentCharacters,
    };

    /// <summary>The Azure Translator adapter's settings.</summary>
    public FeedRelay.Translation.Azure.AzureTranslatorOptions ToAzure() => new()
    {
        Endpoint = new Uri(Endpoint!),
        Key = Key,
        Region = Region,
        ResourceId = ResourceId,
        UseManagedIdentity = UseManagedIdentity,
        MaxRetries = MaxRetries,
        RetryDelay = TimeSpan.FromMilliseconds(RetryDelayMs),
        MaxRetryDelay = TimeSpan.FromMilliseconds(MaxRetryDelayMs),
        RequestTimeout = TimeSpan.FromMilliseconds(RequestTimeoutMs),
    };

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsEnabled)
        {
            yield break;
        }

        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("https" or "http"))
        {
            yield return new ValidationResult("FeedRelay:Translation:Endpoint must be an absolute http(s) URL", [nameof(Endpoint)]);
        }

        else if (string.IsNullOrWhiteSpace(Key) && endpoint.Scheme != "https")
        {
            yield return new ValidationResult("FeedRelay:Translation:Endpoint must be https to send Entra ID tokens", [nameof(Endpoint)]);
        }

        if (string.IsNullOrWhiteSpace(Key) && !UseManagedIdentity)
        {
            yield return new ValidationResult("FeedRelay:Translation needs a Key or UseManagedIdentity=true", [nameof(Key), nameof(UseManagedIdentity)]);
        }
    }
}
