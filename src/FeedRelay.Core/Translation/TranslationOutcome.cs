namespace FeedRelay.Translation;

/// <summary>The outcome of one translation work item.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Level">The level stored on the article, when one was.</param>
/// <param name="Reason">
/// Why it must be tried again, when it must (a translator failure's named reason, e.g. <c>malformed: …</c>); for a stored
/// translation, what it lacks (the budget reached, texts the translator refused).
/// </param>
public sealed record TranslationOutcome(TranslationStatus Status, string? Level, string? Reason)
{
    /// <summary>The translator's failure when <see cref="Status"/> is <see cref="TranslationStatus.Failed"/> because of it.</summary>
    public TranslatorFailure? Failure { get; init; }

    /// <summary>The source of the article when a translation was stored on it (its feeds changed), else null.</summary>
    public string? StoredSourceSlug { get; init; }

    /// <summary>False when the item must be kept and tried again later.</summary>
    public bool IsDone => Status is not (TranslationStatus.Failed or TranslationStatus.Degraded);
}
