using FeedRelay.Translation;

namespace FeedRelay.Web.Translation;

/// <summary>
/// How long an article whose translation failed waits before its next try, in the local worker and on Azure alike:
/// <see cref="TranslationOptions.ParkedRetryMs"/> doubled per attempt up to <see cref="TranslationOptions.MaxParkedRetryMs"/>;
/// the Translator's <c>Retry-After</c> when longer; a busy text's own wait.
/// </summary>
public static class TranslationRetryDelay
{
    /// <summary>The wait before try <paramref name="attempt"/> + 1 after <paramref name="failure"/> (null: not the Translator's).</summary>
    public static TimeSpan For(TranslationOptions options, int attempt, TranslatorFailure? failure)
    {
        var delay = TimeSpan.FromMilliseconds(Math.Min(options.ParkedRetryMs * Math.Pow(2, Math.Clamp(attempt, 0, 20)), options.MaxParkedRetryMs));
        return failure switch
        {
            TranslatorFailure.Busy busy => busy.RetryAfter,
            TranslatorFailure.Throttled { RetryAfter: { } after } when after > delay => after,
            _ => delay,
        };
    }
}
