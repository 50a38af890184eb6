using FeedRelay.Content;
using FeedRelay.Storage;
using Microsoft.Extensions.Logging;

namespace FeedRelay.Translation;

/// <summary>
/// Translates one article and stores the result on it. Sends only what the cache does not already hold, keeps within
/// the daily character budget by degrading full → title + summary → none, and says which on the article. Never throws
/// for service failures: it reports them so the work item can be parked and retried. The Translator's answers are
/// untrusted: the translated content goes through <paramref name="cleaner"/> as ingested content does, and the title and
/// summary lose any markup, as ingested titles do.
/// </summary>
public sealed partial class TranslationProcessor(
    IArticleStore store,
    SegmentTranslator translator,
    ITranslationUsage usage,
    TranslationSettings settings,
    TimeProvider clock,
    ILogger<TranslationProcessor> logger,
    HtmlCleaner? cleaner = null) : ITranslationProcessor
{
    private readonly HtmlCleaner _cleaner = cleaner ?? new HtmlCleaner();

    private const int MaxReplaceAttempts = 5;
    private const int MaxReserveAttempts = 10;

    /// <summary>Level of a complete translation.</summary>
    public const string Full = "full";

    /// <summary>Level when the budget allowed only title and summary.</summary>
    public const string TitleSummary = "title-summary";

    /// <summary>Level when the budget allowed nothing.</summary>
    public const string None = "none";

    /// <inheritdoc />
    public Task<TranslationOutcome> ProcessAsync(TranslationRequest request, CancellationToken cancellationToken = default) =>
        TranslateArticleAsync(request.ArticleId, cancellationToken);

    /// <summary>Translates the article <paramref name="articleId"/>, telling what happened and whether to try again later.</summary>
    public async Task<TranslationOutcome> TranslateArticleAsync(string articleId, CancellationToken cancellationToken = default)
    {
        var article = await store.GetAsync(articleId, cancellationToken).ConfigureAwait(false);
        if (article is null)
        {
            return new TranslationOutcome(TranslationStatus.NotFound, null, null);
        }

        if (IsInTargetLanguage(article))
        {
            return new TranslationOutcome(TranslationStatus.NotNeeded, null, null);
        }

        var text = ArticleText.Of(article, settings);
        if (article.Translation is { Level: Full } existing && existing.SourceHash == text.SourceHash)
        {
            return new TranslationOutcome(TranslationStatus.AlreadyCurrent, Full, null);
        }

        var translations = new Dictionary<string, string>(
            await translator.LookupAsync(text.Headline.Concat(text.Content), cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);
        var missingHeadline = Missing(text.Headline, translations);
        var missingContent = Missing(text.Content, translations);
        var (level, toSend, reserved) = await ReserveAsync(missingHeadline, missingContent, cancellationToken).ConfigureAwait(false);
        var refused = 0;
        if (toSend.Count > 0)
        {
            var result = await translator.TranslateAsync(toSend, settings.SourceLanguage, usageReserved: reserved is not null, cancellationToken)
                .ConfigureAwait(false);
            if (reserved is { } held && held.Characters > result.Billed)
            {
                // Reserved but not paid for (texts another request sent, a failure): given back, whatever the caller does now.
                // (An exception in between keeps the reservation: the budget then errs low, never high.)
                await usage.AddAsync(held.Day, result.Billed - held.Characters, CancellationToken.None).ConfigureAwait(false);
            }

            foreach (var (key, value) in result.Translations)
            {
                translations[key] = value;
            }

            // Texts the translator refused on their own stay in the original language (Build's fallback): stored as far as
            // the article can be translated, instead of retried for ever.
            refused = result.Refused.Count;

            if (result.Failure is { } failure)
            {
                if (failure is TranslatorFailure.Busy)
                {
                    LogBusy(articleId, failure.Detail);
                }
                else
                {
                    LogFailed(articleId, failure.Reason);
                }

                return new TranslationOutcome(TranslationStatus.Failed, null, failure.Reason) { Failure = failure };
            }
        }

        var translation = Build(article, text, translations, level);
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.GetAsync(articleId, cancellationToken).ConfigureAwait(false);
            if (current is null || ArticleText.Of(current, settings).SourceHash != text.SourceHash)
            {
                // Changed while we worked: ingestion queued the new version, which the cache makes cheap.
                return new TranslationOutcome(TranslationStatus.Superseded, null, null);
            }

            // Conditional, so that text re-ingested between this read and the write is never overwritten; on a conflict
            // the next read decides whether this translation still fits (for example, only the categories changed).
            if (await store.TryReplaceAsync(current, current with { Translation = translation }, cancellationToken).ConfigureAwait(false))
            {
                break;
            }

            LogReplaceConflict(articleId, attempt);
            if (attempt >= MaxReplaceAttempts)
            {
                return new TranslationOutcome(TranslationStatus.Failed, null, "the article kept changing while its translation was stored");
            }
        }

        LogTranslated(articleId, level);
        if (refused > 0)
        {
            LogKeptOriginal(articleId, refused);
        }

        return level == Full
            ? new TranslationOutcome(TranslationStatus.Translated, level, refused > 0 ? $"{refused} texts refused by the translator kept in the original language" : null)
            {
                StoredSourceSlug = article.SourceSlug,
            }
            : new TranslationOutcome(TranslationStatus.Degraded, level, $"daily character budget of {settings.DailyCharacterBudget} reached")
            {
                StoredSourceSlug = article.SourceSlug,
            };
    }

    /// <summary>
    /// The level the budget pays for and what to send for it, with the characters to send reserved in today's usage (one
    /// atomic check-and-add, so that articles translated at once, here or on other instances, cannot together spend past
    /// the budget). When another sender took what was left meanwhile, the level is decided again. No budget: nothing is
    /// reserved, and the translator records what it pays for.
    /// </summary>
    private async Task<(string Level, List<TranslationSegment> ToSend, (DateOnly Day, long Characters)? Reserved)> ReserveAsync(
        List<TranslationSegment> headline, List<TranslationSegment> content, CancellationToken cancellationToken)
    {
        var all = headline.Concat(content).ToList();
        if (settings.DailyCharacterBudget <= 0)
        {
            return (Full, all, null);
        }

        var (headlineCost, contentCost) = (Cost(headline), Cost(all) - Cost(headline));
        for (var attempt = 0; attempt < MaxReserveAttempts; attempt++)
        {
            // Never below zero (another instance may have spent past the budget): what is all cached costs nothing and is full.
            var day = Today();
            var remaining = Math.Max(0, settings.DailyCharacterBudget - await usage.GetAsync(day, cancellationToken).ConfigureAwait(false));
            var (level, toSend) = remaining >= headlineCost + contentCost ? (Full, all) : remaining >= headlineCost ? (TitleSummary, headline) : (None, []);
            var cost = Cost(toSend);
            if (cost == 0)
            {
                return (level, toSend, null);
            }

            if (await usage.TryAddAsync(day, cost, settings.DailyCharacterBudget, cancellationToken).ConfigureAwait(false))
            {
                return (level, toSend, (day, cost));
            }
        }

        return (None, [], null);
    }

    /// <summary>Billed characters of <paramref name="segments"/>, each text once (as it is sent).</summary>
    private long Cost(IEnumerable<TranslationSegment> segments) =>
        segments.DistinctBy(s => s.KeyFor(settings.TargetLanguage)).Sum(s => (long)s.Characters);

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private List<TranslationSegment> Missing(IEnumerable<TranslationSegment> segments, Dictionary<string, string> translations) =>
        segments.Where(s => !translations.ContainsKey(s.KeyFor(settings.TargetLanguage))).ToList();

    private ArticleTranslation Build(Article article, ArticleText text, Dictionary<string, string> translations, string level)
    {
        string Of(TranslationSegment segment) => translations.GetValueOrDefault(segment.KeyFor(settings.TargetLanguage), segment.Text);
        if (level == None)
        {
            // Nothing translated: the original text, so that an English view can still show the item.
            return new ArticleTranslation
            {
                Language = settings.TargetLanguage, Title = article.Title, Summary = article.Summary, Level = None, SourceHash = text.SourceHash,
            };
        }

        var content = "";
        if (level == Full)
        {
            // Translatable pieces and content segments are in the same order; bare tags go back unchanged. A segment is sent
            // trimmed, so each translation gets its piece's own leading and trailing white space back; two translated pieces
            // that meet inside a run of text with no white space (the source language needs none) get a space in a language
            // that separates words.
            var translated = new List<string>(text.ContentPieces.Count);
            var next = 0;
            var spaced = SeparatesWords(settings.TargetLanguage);
            var afterTranslated = false;
            foreach (var piece in text.ContentPieces)
            {
                if (!piece.Translate)
                {
                    translated.Add(piece.Html);
                    afterTranslated = false;
                    continue;
                }

                var html = piece.Html;
                var lead = html[..(html.Length - html.TrimStart().Length)];
                var trail = html[html.TrimEnd().Length..];
                var core = Of(text.Content[next++]).Trim();
                if (spaced && afterTranslated && lead.Length == 0 && translated[^1] is [.., var end] && !char.IsWhiteSpace(end) && end != '>'
                    && core is [not '<', ..])
                {
                    lead = " "; // both sides are text: the cut was inside a run of text
                }

                translated.Add(lead + core + trail);
                afterTranslated = true;
            }

            content = _cleaner.Clean(HtmlSegmenter.Join(translated), article.Link);
        }

        return new ArticleTranslation
        {
            Language = settings.TargetLanguage,
            Title = _cleaner.CleanPlain(Of(text.Title)) ?? article.Title,
            Summary = text.Summary is null ? "" : _cleaner.CleanPlain(Of(text.Summary)) ?? "",
            ContentHtml = content,
            Level = level,
            SourceHash = text.SourceHash,
        };
    }

    /// <summary>False for the languages written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer, Burmese).</summary>
    private static bool SeparatesWords(string language) =>
        language.Split('-')[0].ToLowerInvariant() is not ("zh" or "ja" or "th" or "lo" or "km" or "my");

    /// <summary>
    /// True when <paramref name="article"/> is in another language than <paramref name="targetLanguage"/> (or in an unknown
    /// one) and holds no translation at all: its translation may never have been queued. One of any level says it was (a
    /// degraded one is tried again on its own schedule).
    /// </summary>
    public static bool NeverTranslated(Article article, string targetLanguage) =>
        !IsIn(article, targetLanguage) && article.Translation is null;

    private bool IsInTargetLanguage(Article article) => IsIn(article, settings.TargetLanguage);

    private static bool IsIn(Article article, string targetLanguage) =>
        article.Language is { Length: > 0 } language
        && language.Split('-')[0].Equals(targetLanguage.Split('-')[0], StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Information, Message = "Translated article {ArticleId} ({Level})")]
    private partial void LogTranslated(string articleId, string level);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Article {ArticleId} keeps {Count} texts in the original language: the translator refused them")]
    private partial void LogKeptOriginal(string articleId, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Article {ArticleId} changed while its translation was stored (attempt {Attempt}); reading it again")]
    private partial void LogReplaceConflict(string articleId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Article {ArticleId} waits for another instance: {Detail}")]
    private partial void LogBusy(string articleId, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Translating article {ArticleId} failed: {Reason}")]
    private partial void LogFailed(string articleId, string reason);
}
