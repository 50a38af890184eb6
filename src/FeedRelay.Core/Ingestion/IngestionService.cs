using System.Security.Cryptography;
using FeedRelay.Seeds;
using FeedRelay.Storage;
using Microsoft.Extensions.Logging;

namespace FeedRelay.Ingestion;

/// <summary>One seed in, one stored article or one quarantined file out: every input is accounted for.</summary>
public sealed partial class IngestionService(
    IngestionOptions options,
    ArticleNormaliser normaliser,
    IArticleStore store,
    IQuarantine quarantine,
    TimeProvider clock,
    ILogger<IngestionService> logger,
    IEnumerable<IIngestListener>? listeners = null)
{
    private readonly IIngestListener[] _listeners = listeners?.ToArray() ?? [];

    /// <summary>
    /// The pure part of ingestion: decode, parse and normalise the seed, or say at which stage and why it must be rejected.
    /// No I/O and no clock, so bulk imports run it on every core at once.
    /// </summary>
    public PreparedSeed Prepare(ReadOnlySpan<byte> content)
    {
        if (IsTooLarge(content.Length))
        {
            return PreparedSeed.Rejected("limits", new SeedError(TooLargeCode, $"seed: {content.Length} bytes is over the limit of {options.MaxSeedBytes} bytes"));
        }

        if (!SeedText.TryDecode(content, out var text, out var decodeError))
        {
            return PreparedSeed.Rejected("decode", decodeError!);
        }

        var parsed = SeedParser.Parse(text, options.Parser);
        if (!parsed.IsSuccess)
        {
            return PreparedSeed.Rejected("parse", parsed.Error);
        }

        try
        {
            return PreparedSeed.Of(normaliser.Normalise(parsed.Seed));
        }
#pragma warning disable CA1031 // A bug in a pure stage must quarantine this seed, not retry it forever or stop the host.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return PreparedSeed.Rejected("normalise", new SeedError("normalise.internal",
                $"normalise: failed unexpectedly ({ex.GetType().Name}: {ex.Message})"));
        }
    }

    /// <summary>Error code of a seed over <see cref="IngestionOptions.MaxSeedBytes"/>.</summary>
    public const string TooLargeCode = "seed.too-large";

    /// <summary>
    /// True when a seed of <paramref name="size"/> bytes is over <see cref="IngestionOptions.MaxSeedBytes"/>: callers that know
    /// the size before reading (a file, a blob) reject it without reading it into memory (<see cref="TooLarge"/>).
    /// </summary>
    public bool IsTooLarge(long size) => size > options.MaxSeedBytes;

    /// <summary>
    /// The batch seed of one too large to be read (<see cref="IsTooLarge"/>), of <paramref name="size"/> bytes hashing to
    /// <paramref name="sha256"/> (computed while streaming it): rejected at <c>limits</c> with its size and hash; its bytes are
    /// not kept in the quarantine, so a retry from there cannot ingest it, and the reason says so.
    /// </summary>
    public BatchSeed TooLarge(string name, long size, string sha256, bool wasRejected) =>
        new(name, ReadOnlyMemory<byte>.Empty, PreparedSeed.Rejected("limits", new SeedError(TooLargeCode,
            $"seed: {size} bytes is over the limit of {options.MaxSeedBytes} bytes; too large to be kept in the quarantine, so it must be " +
            "ingested again from where it came from once the limit is raised")), wasRejected)
        {
            Unread = new UnreadSeed(size, sha256.ToLowerInvariant()),
        };

    /// <summary>Quarantines the seed <paramref name="name"/>, too large to be read (see <see cref="TooLarge"/>).</summary>
    public async Task<IngestOutcome> RejectTooLargeAsync(string name, long size, string sha256, CancellationToken cancellationToken = default) =>
        (await IngestBatchAsync([TooLarge(name, size, sha256, wasRejected: false)], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Ingests the seed named <paramref name="name"/> with content <paramref name="content"/>.</summary>
    public async Task<IngestOutcome> IngestAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var prepared = Prepare(content.Span);
        if (prepared.Article is not { } article)
        {
            return await RejectAsync(name, content, prepared.Stage!, prepared.Error!, cancellationToken).ConfigureAwait(false);
        }

        (article, var outcome) = await StoreAsync(article, cancellationToken).ConfigureAwait(false);
        LogIngested(name, article.Id, outcome);
        // Unchanged too: a listener whose work was cut short last time (a crash, a failed queue write) finishes it now.
        foreach (var listener in _listeners)
        {
            await listener.ArticleStoredAsync(article, outcome, cancellationToken).ConfigureAwait(false);
        }

        // Only once the listeners are done: a rejection retried from the quarantine stays there until its work is complete.
        // The same bytes may have been rejected by an older parser; now they are accounted for as ingested.
        await quarantine.RemoveAsync(Sha256Of(content.Span), cancellationToken).ConfigureAwait(false);
        // A fixed file (other bytes) under a rejected name replaces that rejection.
        await quarantine.RemoveByNameAsync(name, cancellationToken).ConfigureAwait(false);

        return new IngestOutcome(name, Status(outcome), article.Id, null);
    }

    private static IngestStatus Status(UpsertOutcome outcome) => outcome switch
    {
        UpsertOutcome.Created => IngestStatus.Created,
        UpsertOutcome.Updated => IngestStatus.Updated,
        _ => IngestStatus.Unchanged,
    };

    /// <summary>
    /// Stores many prepared seeds at once (bulk import): rejections are quarantined, articles written in batched transactions
    /// with <see cref="IArticleStore.UpsertIngestedManyAsync"/>, keeping a stored translation whose text is unchanged. Earlier rejections
    /// of a seed are forgotten only for seeds flagged <see cref="BatchSeed.WasRejected"/> (so a clean import costs no quarantine
    /// writes). Outcomes are in the order of <paramref name="seeds"/>.
    /// </summary>
    public async Task<IReadOnlyList<IngestOutcome>> IngestBatchAsync(IReadOnlyList<BatchSeed> seeds, CancellationToken cancellationToken = default)
    {
        var outcomes = new IngestOutcome[seeds.Count];
        var articles = new List<(int Index, Article Article)>(seeds.Count);
        for (var i = 0; i < seeds.Count; i++)
        {
            var seed = seeds[i];
            if (seed.Prepared.Article is { } article)
            {
                articles.Add((i, article));
            }
            else
            {
                outcomes[i] = await RejectAsync(seed.Name, seed.Content, seed.Prepared.Stage!, seed.Prepared.Error!, cancellationToken, seed.Unread)
                    .ConfigureAwait(false);
            }
        }

        // One article may come from several seeds of the batch: the last one wins, as it would one by one.
        var last = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (index, article) in articles)
        {
            last[article.Id] = index;
        }

        var latest = articles.Where(a => last[a.Article.Id] == a.Index).ToList();
        var stored = await store.UpsertIngestedManyAsync(latest.ConvertAll(a => a.Article), cancellationToken).ConfigureAwait(false);
        var byIndex = new Dictionary<int, StoredOutcome>();
        for (var i = 0; i < latest.Count; i++)
        {
            byIndex[latest[i].Index] = stored[i];
        }

        foreach (var (index, article) in articles)
        {
            var outcome = byIndex.TryGetValue(index, out var written) ? written.Outcome : UpsertOutcome.Unchanged;
            outcomes[index] = new IngestOutcome(seeds[index].Name, Status(outcome), article.Id, null);
        }

        // Concurrently, so that a batching store writes the notifications' queue entries together. Unchanged articles too
        // (see IIngestListener); an earlier seed of the batch for the same article is told through the last one.
        await Task.WhenAll(stored.SelectMany(s => _listeners.Select(l => l.ArticleStoredAsync(s.Article, s.Outcome, cancellationToken))))
            .ConfigureAwait(false);

        // Only once the listeners are done, as in IngestAsync.
        foreach (var (index, _) in articles.Where(a => seeds[a.Index].WasRejected))
        {
            await quarantine.RemoveAsync(Sha256Of(seeds[index].Content.Span), cancellationToken).ConfigureAwait(false);
            await quarantine.RemoveByNameAsync(seeds[index].Name, cancellationToken).ConfigureAwait(false);
        }

        return outcomes;
    }

    /// <summary>
    /// Re-runs ingestion on the kept bytes of the rejection <paramref name="sha256"/> (after a parser fix or a configuration change).
    /// On success the rejection is removed; on failure it is kept with the new reason. Null when no such rejection exists.
    /// </summary>
    public async Task<IngestOutcome?> RetryAsync(string sha256, CancellationToken cancellationToken = default)
    {
        return await quarantine.GetAsync(sha256, cancellationToken).ConfigureAwait(false) is { } rejection
            ? await RetryAsync(rejection, cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <summary>
    /// Re-runs ingestion on one page of the quarantine (<see cref="IQuarantine.ListPageAsync"/>: at most about
    /// <paramref name="limit"/> rejections from where <paramref name="continuation"/> left off); returns their outcomes and
    /// where the next page starts (null after the last). A seed rejected again stays in the quarantine, where the next pages'
    /// listing does not meet it again. Throws <see cref="FormatException"/> for a continuation the store did not give.
    /// </summary>
    public async Task<RetryPage> RetryPageAsync(int limit, string? continuation, CancellationToken cancellationToken = default)
    {
        var page = await quarantine.ListPageAsync(limit, continuation, cancellationToken).ConfigureAwait(false);
        var outcomes = new List<IngestOutcome>(page.Items.Count);
        foreach (var rejection in page.Items)
        {
            if (await RetryAsync(rejection, cancellationToken).ConfigureAwait(false) is { } outcome)
            {
                outcomes.Add(outcome);
            }
        }

        return new RetryPage(outcomes, page.Continuation);
    }

    /// <summary>Re-runs ingestion on every quarantined seed, a page at a time (memory bounded by a page); one outcome per rejection.</summary>
    public async Task<IReadOnlyList<IngestOutcome>> RetryAllAsync(CancellationToken cancellationToken = default)
    {
        var outcomes = new List<IngestOutcome>();
        string? continuation = null;
        do
        {
            var page = await RetryPageAsync(100, continuation, cancellationToken).ConfigureAwait(false);
            outcomes.AddRange(page.Outcomes);
            continuation = page.Continuation;
        }
        while (continuation is not null);

        return outcomes;
    }

    private async Task<IngestOutcome?> RetryAsync(Rejection rejection, CancellationToken cancellationToken)
    {
        var content = await quarantine.GetContentAsync(rejection.Sha256, cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            return null;
        }

        if (content.Length != rejection.Size)
        {
            // A seed too large to be kept (see TooLarge): what is here is not the seed, and the rejection stays as it is.
            LogNotKept(rejection.Name, rejection.Sha256);
            return new IngestOutcome(rejection.Name, IngestStatus.Rejected, null, rejection);
        }

        var outcome = await IngestAsync(rejection.Name, content, cancellationToken).ConfigureAwait(false);
        LogRetried(rejection.Name, rejection.Sha256, outcome.Status);
        return outcome;
    }

    /// <summary>
    /// Stores <paramref name="article"/> as the bulk path does (<see cref="IArticleStore.UpsertIngestedManyAsync"/>): the store
    /// keeps a translation whose text is unchanged, and finishes the index of an article whose earlier write was interrupted.
    /// </summary>
    private async Task<(Article Stored, UpsertOutcome Outcome)> StoreAsync(Article article, CancellationToken cancellationToken)
    {
        var stored = (await store.UpsertIngestedManyAsync([article], cancellationToken).ConfigureAwait(false))[0];
        return (stored.Article, stored.Outcome);
    }

    private static string Sha256Of(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private async Task<IngestOutcome> RejectAsync(
        string name, ReadOnlyMemory<byte> content, string stage, SeedError error, CancellationToken cancellationToken, UnreadSeed? unread = null)
    {
        var rejection = new Rejection(name, stage, error.Code, error.Message, clock.GetUtcNow(), unread?.Size ?? content.Length,
            unread?.Sha256 ?? Sha256Of(content.Span));
        await quarantine.AddAsync(rejection, content, cancellationToken).ConfigureAwait(false);
        LogRejected(name, stage, error.Message);
        return new IngestOutcome(name, IngestStatus.Rejected, null, rejection);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingested seed {Name} as article {ArticleId}: {Outcome}")]
    private partial void LogIngested(string name, string articleId, UpsertOutcome outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retried quarantined seed {Name} ({Sha256}): {Status}")]
    private partial void LogRetried(string name, string sha256, IngestStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Quarantined seed {Name} ({Sha256}) cannot be retried from the quarantine: its bytes were too large to keep")]
    private partial void LogNotKept(string name, string sha256);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected seed {Name} at stage {Stage}: {Reason}")]
    private partial void LogRejected(string name, string stage, string reason);
}
