namespace FeedRelay.Translation;

/// <summary>
/// Why a translator request failed, by kind, so that callers decide what to do without parsing messages: wait
/// (<see cref="Throttled"/>, <see cref="QuotaExceeded"/>, <see cref="Unavailable"/>), or fix something
/// (<see cref="Refused"/>, <see cref="Malformed"/>), and is retried later by the translation step; or the texts themselves
/// cannot be translated (<see cref="InputRefused"/>), which sending them again would not change. <see cref="Busy"/>
/// is not the service's failure: another request is sending the same text, and its answer is read from the cache later.
/// </summary>
/// <param name="Detail">What happened, for logs and the status page.</param>
public abstract record TranslatorFailure(string Detail)
{
    /// <summary>Short, stable name of the kind (also the metrics tag).</summary>
    public abstract string Name { get; }

    /// <summary>The named reason, for example <c>malformed: 1 item for 2 texts</c>.</summary>
    public string Reason => Name + ": " + Detail;

    /// <summary>The service asked us to slow down (429), after the client's own retries.</summary>
    /// <param name="RetryAfter">The delay the service asked for, when it said.</param>
    /// <param name="Detail">What happened.</param>
    public sealed record Throttled(TimeSpan? RetryAfter, string Detail) : TranslatorFailure(Detail)
    {
        /// <inheritdoc />
        public override string Name => "throttled";
    }

    /// <summary>The subscription's quota is used up (for example the free tier's monthly characters).</summary>
    /// <param name="Detail">What happened.</param>
    public sealed record QuotaExceeded(string Detail) : TranslatorFailure(Detail)
    {
        /// <inheritdoc />
        public override string Name => "quota-exceeded";
    }

    /// <summary>No usable answer: network error, timeout, 408 or 5xx, after the client's own retries.</summary>
    /// <param name="Detail">What happened.</param>
    public sealed record Unavailable(string Detail) : TranslatorFailure(Detail)
    {
        /// <inheritdoc />
        public override string Name => "unavailable";
    }

    /// <summary>The service refused the request (credentials, limits, bad input).</summary>
    /// <param name="Status">HTTP status.</param>
    /// <param name="Code">The service's error code, when it gave one.</param>
    /// <param name="Detail">What happened.</param>
    public sealed record Refused(int Status, string? Code, string Detail) : TranslatorFailure(Detail)
    {
        /// <inheritdoc />
        public override string Name => "refused";
    }

    /// <summary>
    /// The service refused the texts sent, not the request's settings or credentials: invalid or over-long input (for
    /// Azure AI Translator, 400000, 400005, 400020, 400050, 400072 and 400077, or 413). The same texts would be refused
    /// again, so the translation step sends them again in smaller requests until the texts refused on their own are found,
    /// and keeps those in the original language instead of retrying the article for ever. Nothing refused is billed.
    /// </summary>
    /// <param name="Status">HTTP status.</param>
    /// <param name="Code">The service's error code, when it gave one.</param>
    /// <param name="Detail">What happened.</param>
    public sealed record InputRefused(int Status, string? Code, string Detail) : TranslatorFailure(Detail)
    {
        /// <inheritdoc />
        public override string Name => "input-refused";
    }

    /// <summary>A success status whose body is not the documented answer (bad JSON, wrong shape, too few items, no text).</summary>
    /// <param name="Detail">What was wrong with it.</param>
    public sealed record Malformed(string Detail) : TranslatorFailure(Detail)
    {
        /// <inheritdoc />
        public override string Name => "malformed";
    }

    /// <summary>
    /// Another request holds some of the texts: another instance's claim (see <c>ITranslationLeases</c>), or a concurrent
    /// request of this process that got no answer (its own failure is reported by that request). Nothing was sent for them.
    /// </summary>
    /// <param name="RetryAfter">When to try again: by then the other instance's answer is usually cached.</param>
    /// <param name="Detail">What happened.</param>
    public sealed record Busy(TimeSpan RetryAfter, string Detail) : TranslatorFailure(Detail)
    {
        /// <inheritdoc />
        public override string Name => "busy";
    }
}
