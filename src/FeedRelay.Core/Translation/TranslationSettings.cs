namespace FeedRelay.Translation;

/// <summary>What the translation step does; safe defaults, bound by the host from <c>FeedRelay:Translation</c>.</summary>
public sealed record TranslationSettings
{
    /// <summary>BCP 47 tag to translate into.</summary>
    public string TargetLanguage { get; init; } = "en";

    /// <summary>Language of the articles, or null to let the service detect it (the article's own language is used when known).</summary>
    public string? SourceLanguage { get; init; }

    /// <summary>Characters that may be billed per UTC day; 0 means no limit.</summary>
    public long DailyCharacterBudget { get; init; }

    /// <summary>Longest piece of content sent as one element; longer content is split at element boundaries.</summary>
    public int MaxSegmentCharacters { get; init; } = 10_000;

    /// <summary>Most characters per request (the service allows 50,000).</summary>
    public int MaxRequestCharacters { get; init; } = TranslatorLimits.MaxCharacters;

    /// <summary>Most elements per request (the service allows 1,000).</summary>
    public int MaxRequestElements { get; init; } = TranslatorLimits.MaxElements;

    /// <summary>
    /// How long a claim on texts being sent keeps other instances from sending them too (see <c>ITranslationLeases</c>). The
    /// sender renews its claims every third of it for as long as its send takes (retries included); an instance that died
    /// stops renewing, so its texts are held up for at most this long.
    /// </summary>
    public TimeSpan ClaimLease { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>When to try again an article some of whose texts another instance is sending.</summary>
    public TimeSpan BusyRetry { get; init; } = TimeSpan.FromSeconds(15);
}
