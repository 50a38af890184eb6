using System.Text.Json;

namespace FeedRelay.Translation.Azure;

/// <summary>
/// Reads the body of a <c>/translate</c> answer: a JSON array with one item per text, each with a <c>translations</c>
/// array of <c>{ "text", "to" }</c>. The body is untrusted: anything else (not JSON, cut off, another shape, a missing
/// or non-string text) is a named error, never an exception. Pure and thread-safe.
/// </summary>
public static class TranslatedTextParser
{
    /// <summary>The items of <paramref name="body"/>, or why it is not the documented answer.</summary>
    public static TranslatedTextParse Parse(BinaryData body)
    {
        ArgumentNullException.ThrowIfNull(body);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToMemory());
        }
        catch (JsonException ex)
        {
            return TranslatedTextParse.Invalid($"the body is not JSON ({ex.Message})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                return TranslatedTextParse.Invalid($"the body is a JSON {Kind(root)}, not an array of items");
            }

            var items = new List<TranslatedTextItem>(root.GetArrayLength());
            var index = 0;
            foreach (var element in root.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.Object)
                {
                    return TranslatedTextParse.Invalid($"item {index} is a JSON {Kind(element)}, not an object");
                }

                if (!element.TryGetProperty("translations", out var translations) || translations.ValueKind != JsonValueKind.Array)
                {
                    return TranslatedTextParse.Invalid($"item {index} has no translations array");
                }

                var texts = new List<TranslationText>(translations.GetArrayLength());
                var position = 0;
                foreach (var translation in translations.EnumerateArray())
                {
                    if (translation.ValueKind != JsonValueKind.Object
                        || !translation.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
                    {
                        return TranslatedTextParse.Invalid($"translation {position} of item {index} has no text");
                    }

                    if (!translation.TryGetProperty("to", out var to) || to.ValueKind != JsonValueKind.String)
                    {
                        return TranslatedTextParse.Invalid($"translation {position} of item {index} does not say its language");
                    }

                    texts.Add(new TranslationText(to.GetString()!, text.GetString()!));
                    position++;
                }

                items.Add(new TranslatedTextItem { DetectedLanguage = DetectedOf(element), Translations = texts });
                index++;
            }

            return TranslatedTextParse.Of(items);
        }
    }

    /// <summary>The detected language, which is informative only: an unreadable one is left out rather than failing the answer.</summary>
    private static DetectedLanguage? DetectedOf(JsonElement item)
    {
        if (!item.TryGetProperty("detectedLanguage", out var detected) || detected.ValueKind != JsonValueKind.Object
            || !detected.TryGetProperty("language", out var language) || language.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var score = detected.TryGetProperty("score", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetSingle(out var value) ? value : 0f;
        return new DetectedLanguage(language.GetString()!, score);
    }

    private static string Kind(JsonElement element) => element.ValueKind.ToString().ToLowerInvariant();
}

/// <summary>What <see cref="TranslatedTextParser.Parse"/> read: the items, or the error.</summary>
/// <param name="Items">The items, when the body is the documented answer.</param>
/// <param name="Error">Why it is not, or null.</param>
public sealed record TranslatedTextParse(IReadOnlyList<TranslatedTextItem>? Items, string? Error)
{
    /// <summary>A successful read.</summary>
    public static TranslatedTextParse Of(IReadOnlyList<TranslatedTextItem> items) => new(items, null);

    /// <summary>A body that is not the documented answer.</summary>
    public static TranslatedTextParse Invalid(string error) => new(null, error);
}
