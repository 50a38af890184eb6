namespace FeedRelay.Translation.Azure;

/// <summary>One Translator request, named as in <c>Azure.AI.Translation.Text</c>.</summary>
public sealed class TextTranslationTranslateOptions
{
    /// <summary>Creates options translating <paramref name="content"/> into <paramref name="targetLanguage"/>.</summary>
    public TextTranslationTranslateOptions(string targetLanguage, IEnumerable<string> content)
    {
        TargetLanguages = [targetLanguage];
        Content = content.ToList();
    }

    /// <summary>Creates options translating <paramref name="content"/> into every one of <paramref name="targetLanguages"/>.</summary>
    public TextTranslationTranslateOptions(IEnumerable<string> targetLanguages, IEnumerable<string> content)
    {
        TargetLanguages = targetLanguages.ToList();
        Content = content.ToList();
    }

    /// <summary>Languages to translate into (each one is billed separately).</summary>
    public IList<string> TargetLanguages { get; }

    /// <summary>The texts to translate, one array element each.</summary>
    public IList<string> Content { get; }

    /// <summary>Language of the texts; detected by the service when null.</summary>
    public string? SourceLanguage { get; set; }

    /// <summary>Plain text or HTML.</summary>
    public TextType TextType { get; set; } = TextType.Plain;

    /// <summary>Custom Translator category, or null for the general model.</summary>
    public string? Category { get; set; }

    /// <summary>Value of <c>X-ClientTraceId</c>, to correlate with service logs.</summary>
    public Guid? ClientTraceId { get; set; }
}

/// <summary>The translations of one input element.</summary>
public sealed record TranslatedTextItem
{
    /// <summary>The language the service detected, when no source language was given.</summary>
    public DetectedLanguage? DetectedLanguage { get; init; }

    /// <summary>One translation per target language.</summary>
    public IReadOnlyList<TranslationText> Translations { get; init; } = [];
}

/// <summary>A language the service detected.</summary>
/// <param name="Language">BCP 47 tag.</param>
/// <param name="Confidence">0 to 1.</param>
public sealed record DetectedLanguage(string Language, float Confidence);

/// <summary>One translated text.</summary>
/// <param name="TargetLanguage">BCP 47 tag of the translation.</param>
/// <param name="Text">The translated text.</param>
public sealed record TranslationText(string TargetLanguage, string Text);
