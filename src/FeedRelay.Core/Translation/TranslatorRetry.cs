namespace FeedRelay.Translation;

/// <summary>One retry a translator client is about to make (reported for metrics and logs).</summary>
/// <param name="Status">HTTP status of the failed try, or 0 when it failed without a response (timeout, connection).</param>
/// <param name="RetryAfter">The delay the server asked for, if any.</param>
public sealed record TranslatorRetry(int Status, TimeSpan? RetryAfter);
