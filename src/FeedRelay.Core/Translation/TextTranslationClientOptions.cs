using Azure.Core;

namespace FeedRelay.Translation;

/// <summary>Pipeline settings of <see cref="TextTranslationClient"/>: retries, timeouts, transport.</summary>
public sealed class TextTranslationClientOptions : ClientOptions
{
    /// <summary>Creates options with Translator-friendly retries: 5 tries, exponential back-off from 1 s up to 60 s, 100 s per try.</summary>
    public TextTranslationClientOptions()
    {
        Diagnostics.ApplicationId = "FeedRelay";
        Retry.MaxRetries = 5;
        Retry.Mode = RetryMode.Exponential;
        Retry.Delay = TimeSpan.FromSeconds(1);
        Retry.MaxDelay = TimeSpan.FromSeconds(60);
        Retry.NetworkTimeout = TimeSpan.FromSeconds(100);
    }

    /// <summary>Called before each retry with the status that caused it and the server's Retry-After, for metrics and logs.</summary>
    public Action<TranslatorRetry>? OnRetry { get; set; }
}

/// <summary>One retry the client is about to make.</summary>
/// <param name="Status">HTTP status of the failed try, or 0 when it failed without a response (timeout, connection).</param>
/// <param name="RetryAfter">The delay the server asked for (<c>Retry-After</c>, <c>retry-after-ms</c>, <c>x-ms-retry-after-ms</c>), if any.</param>
public sealed record TranslatorRetry(int Status, TimeSpan? RetryAfter);
