using Azure.Core;
using FeedRelay.Translation;

namespace FeedRelay.Translation.Azure;

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

    /// <summary>The clock that dates in <c>Retry-After</c> are read against.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Called before each retry with the status that caused it and the server's Retry-After, for metrics and logs.</summary>
    public Action<TranslatorRetry>? OnRetry { get; set; }
}
