using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;
using FeedRelay.Translation;

namespace FeedRelay.Translation.Azure;

/// <summary>Azure.Core's retry policy (exponential back-off honouring Retry-After) that also reports every retry it makes.</summary>
internal sealed class TranslatorRetryPolicy(RetryOptions retry, Action<TranslatorRetry>? onRetry, TimeProvider clock)
    : RetryPolicy(retry.MaxRetries, retry.Mode == RetryMode.Fixed
        ? DelayStrategy.CreateFixedDelayStrategy(retry.Delay)
        : DelayStrategy.CreateExponentialDelayStrategy(retry.Delay, retry.MaxDelay))
{
    protected override async ValueTask<bool> ShouldRetryAsync(HttpMessage message, Exception? exception)
    {
        var retrying = await base.ShouldRetryAsync(message, exception).ConfigureAwait(false);
        if (retrying && onRetry is not null)
        {
            onRetry(message.HasResponse
                ? new TranslatorRetry(message.Response.Status, ServerDelay(message.Response, clock))
                : new TranslatorRetry(0, null));
        }

        return retrying;
    }

    /// <summary>The delay the server asked for, read from the same headers Azure.Core's delay strategy honours; a date is read against <paramref name="clock"/>.</summary>
    internal static TimeSpan? ServerDelay(global::Azure.Response response, TimeProvider clock)
    {
        if ((response.Headers.TryGetValue("retry-after-ms", out var ms) || response.Headers.TryGetValue("x-ms-retry-after-ms", out ms))
            && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds))
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        if (response.Headers.TryGetValue("Retry-After", out var value))
        {
            if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                var delay = at - clock.GetUtcNow();
                return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
            }
        }

        return null;
    }
}
