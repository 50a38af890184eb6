using Azure;
using FeedRelay.Translation;

namespace FeedRelay.Translation.Azure;

/// <summary>
/// The translation step's <see cref="ITextTranslator"/> on Azure AI Translator: sends through
/// <see cref="TextTranslationClient"/> (which retries 408/429/5xx and timeouts) and turns whatever comes back into a
/// <see cref="TranslatorResult"/>: a 200 that is not one translation per text is <see cref="TranslatorFailure.Malformed"/>,
/// network errors and timeouts are <see cref="TranslatorFailure.Unavailable"/>, a 400 about the texts themselves is
/// <see cref="TranslatorFailure.InputRefused"/>; only the caller's cancellation throws.
/// </summary>
public sealed class AzureTextTranslator(TextTranslationClient client) : ITextTranslator
{
    /// <summary>Translator's error code for a subscription whose free quota is used up.</summary>
    private const string FreeQuotaExceeded = "403001";

    /// <summary>
    /// Translator's codes for a 400 caused by the texts themselves, not by the request's settings: a request input, an input
    /// text or an element of the array is not valid (400000, 400005, 400020), a text is too long (400050), too many elements
    /// (400072), the request is too large (400077). Language, category, version and credential errors are not among them.
    /// </summary>
    private static readonly HashSet<string> InputCodes = ["400000", "400005", "400020", "400050", "400072", "400077"];

    /// <inheritdoc />
    public async Task<TranslatorResult> TranslateAsync(
        IReadOnlyList<string> texts, string to, string? from, TextType textType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0)
        {
            return TranslatorResult.Success([]);
        }

        var options = new TextTranslationTranslateOptions(to, texts) { SourceLanguage = from, TextType = textType };
        IReadOnlyList<TranslatedTextItem> items;
        try
        {
            items = (await client.TranslateAsync(options, cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex)
        {
            return TranslatorResult.Failed(FailureOf(ex));
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return TranslatorResult.Failed(FailureOf(ex));
        }
        catch (HttpRequestException ex)
        {
            return TranslatorResult.Failed(FailureOf(ex));
        }
        catch (AggregateException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Azure.Core's retry policy gathers the exceptions of every try when more than one failed without a response.
            return TranslatorResult.Failed(FailureOf(ex));
        }

        return Check(items, texts.Count, to);
    }

    /// <summary>One translation into <paramref name="to"/> per text sent, in order, or why the answer does not give that.</summary>
    internal static TranslatorResult Check(IReadOnlyList<TranslatedTextItem> items, int sent, string to)
    {
        if (items.Count != sent)
        {
            return TranslatorResult.Failed(new TranslatorFailure.Malformed($"{items.Count} items for {sent} texts"));
        }

        var translations = new string[sent];
        for (var i = 0; i < sent; i++)
        {
            var translation = items[i].Translations.FirstOrDefault(t => string.Equals(t.TargetLanguage, to, StringComparison.OrdinalIgnoreCase));
            if (translation?.Text is not { } text)
            {
                return TranslatorResult.Failed(new TranslatorFailure.Malformed($"item {i} has no translation into {to}"));
            }

            translations[i] = text;
        }

        return TranslatorResult.Success(translations);
    }

    /// <summary>The named failure an exception from the client stands for.</summary>
    internal static TranslatorFailure FailureOf(Exception exception) => exception switch
    {
        RequestFailedException { ErrorCode: TextTranslationClient.MalformedResponseCode } ex => new TranslatorFailure.Malformed(ex.Message),
        RequestFailedException { Status: 0 } ex => new TranslatorFailure.Unavailable("no answer: " + (ex.InnerException?.Message ?? ex.Message)),
        RequestFailedException { Status: 429 } ex => new TranslatorFailure.Throttled(ex.Data[TextTranslationClient.RetryAfterKey] as TimeSpan?, ex.Message),
        RequestFailedException { Status: 403, ErrorCode: FreeQuotaExceeded } ex => new TranslatorFailure.QuotaExceeded(ex.Message),
        RequestFailedException { Status: 408 or >= 500 } ex => new TranslatorFailure.Unavailable(ex.Message),
        RequestFailedException { Status: 400, ErrorCode: { } code } ex when InputCodes.Contains(code) => new TranslatorFailure.InputRefused(ex.Status, code, ex.Message),
        RequestFailedException { Status: 413 } ex => new TranslatorFailure.InputRefused(ex.Status, ex.ErrorCode, ex.Message),
        RequestFailedException ex => new TranslatorFailure.Refused(ex.Status, ex.ErrorCode, ex.Message),
        OperationCanceledException ex => new TranslatorFailure.Unavailable("timed out: " + ex.Message),
        HttpRequestException ex => new TranslatorFailure.Unavailable("network error: " + ex.Message),
        AggregateException { InnerExceptions.Count: > 0 } ex => Retried(FailureOf(ex.InnerExceptions[^1]), ex.InnerExceptions.Count),
        _ => new TranslatorFailure.Unavailable($"{exception.GetType().Name}: {exception.Message}"),
    };

    private static TranslatorFailure Retried(TranslatorFailure last, int tries) => last switch
    {
        TranslatorFailure.Unavailable unavailable => unavailable with { Detail = $"{tries} tries failed, the last one {unavailable.Detail}" },
        _ => last,
    };
}
