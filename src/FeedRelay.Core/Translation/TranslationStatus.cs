namespace FeedRelay.Translation;

/// <summary>What happened to one translation work item.</summary>
public enum TranslationStatus
{
    /// <summary>Fully translated and stored.</summary>
    Translated,

    /// <summary>Translated only partly (or not at all) because of the budget; to be tried again when it resets.</summary>
    Degraded,

    /// <summary>The stored translation is already current.</summary>
    AlreadyCurrent,

    /// <summary>The article is already in the target language.</summary>
    NotNeeded,

    /// <summary>The article is gone.</summary>
    NotFound,

    /// <summary>The article changed meanwhile; its new version is queued.</summary>
    Superseded,

    /// <summary>The Translator failed; to be tried again later.</summary>
    Failed,
}
