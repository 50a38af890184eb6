using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace FeedRelay.Storage.Azure;

/// <summary>
/// Writes the <c>articleindex</c> table of <see cref="AzureArticleStore"/> (see <see cref="IndexKeys"/>, <see cref="IndexRow"/>,
/// <see cref="IndexCounters"/>) for blobs <see cref="ArticleBlobs"/> has written: the feed rows of each new state, the removal
/// of rows at positions an article left, and the counter changes, with the index work of concurrent writes of this instance
/// committed together (<see cref="IndexGroupedAsync"/>). After writing, it checks each indexed version against its blob
/// (<see cref="VersionMarkers"/>, or the blob's ETag) and indexes a newer one it finds. It never writes a blob.
/// </summary>
internal sealed partial class ArticleIndexer
{
    private const int MaxBatch = 100;

    /// <summary>
    /// Most written articles one flush indexes (a larger call is split): bounds the operations one flush puts on a counter
    /// row, which the row's ring of operation keys must hold for a retried flush to count nothing twice.
    /// </summary>
    internal const int MaxFlushWrites = 512;

    private readonly TableClient _table;
    private readonly IndexCounters _counters;
    private readonly ArticleBlobs _blobs;
    private readonly AzureStorageOptions _options;
    private readonly ILogger _logger;
    private readonly CreateOnce _createTable;
    private readonly Lock _pendingLock = new();
    private List<(IReadOnlyList<Written> Written, TaskCompletionSource<IReadOnlySet<string>> Done)> _pending = [];
    private bool _flushing;
    private int _largestFlush;

    /// <summary>
    /// Creates the indexer over <paramref name="table"/> and its <paramref name="counters"/>, checking versions against
    /// <paramref name="blobs"/>; nothing is written until first use. <paramref name="logger"/> is the store's, so that the
    /// log category stays <see cref="AzureArticleStore"/>.
    /// </summary>
    public ArticleIndexer(TableClient table, IndexCounters counters, ArticleBlobs blobs, AzureStorageOptions options, ILogger logger)
    {
        _table = table;
        _counters = counters;
        _blobs = blobs;
        _options = options;
        _logger = logger;
        _createTable = new CreateOnce(ct => _table.CreateIfNotExistsAsync(ct));
    }

    /// <summary>The most writes one flush has indexed so far (at most <see cref="MaxFlushWrites"/>), for diagnostics and tests.</summary>
    internal int LargestFlush => Volatile.Read(ref _largestFlush);

    /// <summary>For tests: runs at the start of every index flush, to let another writer in between a blob write and its index.</summary>
    internal Func<CancellationToken, Task>? OnIndexing { get; set; }

    /// <summary>
    /// Group commit: the index work of concurrent writes of this instance is done together, by one flush at a time, so that
    /// feed rows of a shared partition go in one batch and each counter row gets one merge per flush instead of one
    /// (contended) merge per article. Completes when a flush that contains <paramref name="written"/> has finished; a failed
    /// flush fails every write in it (each caller retries, and a retry re-indexes exactly, see <see cref="IndexAsync"/>).
    /// The flush counts each written (not unchanged) article indexed in <see cref="ArticleBlobs"/> when it ends, also for a
    /// caller that stopped waiting (<paramref name="cancellationToken"/>): the index work goes on without it. A flush holds at
    /// most <see cref="MaxFlushWrites"/> writes; a larger call joins several.
    /// </summary>
    public async Task<IReadOnlySet<string>> IndexGroupedAsync(IReadOnlyList<Written> written, CancellationToken cancellationToken)
    {
        if (written.Count <= MaxFlushWrites)
        {
            return await JoinFlushAsync(written, cancellationToken).ConfigureAwait(false);
        }

        var parts = await Task.WhenAll(written.Chunk(MaxFlushWrites).Select(part => JoinFlushAsync(part, cancellationToken))).ConfigureAwait(false);
        return parts.SelectMany(p => p).ToHashSet(StringComparer.Ordinal);
    }

    private Task<IReadOnlySet<string>> JoinFlushAsync(IReadOnlyList<Written> written, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<IReadOnlySet<string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (_pendingLock)
        {
            _pending.Add((written, done));
            start = !_flushing;
            _flushing = true;
        }

        if (start)
        {
            _ = Task.Run(FlushAsync, CancellationToken.None);
        }

        return done.Task.WaitAsync(cancellationToken);
    }

    private async Task FlushAsync()
    {
        while (true)
        {
            List<(IReadOnlyList<Written> Written, TaskCompletionSource<IReadOnlySet<string>> Done)> flush;
            lock (_pendingLock)
            {
                // One write per article id per flush (a batch may not hold one row twice), at most MaxFlushWrites writes; the
                // rest wait for the next flush.
                var ids = new HashSet<string>(StringComparer.Ordinal);
                flush = [];
                var later = new List<(IReadOnlyList<Written> Written, TaskCompletionSource<IReadOnlySet<string>> Done)>();
                foreach (var item in _pending)
                {
                    // The first item always goes (callers pass at most MaxFlushWrites; never leave one waiting for ever).
                    var fits = flush.Count == 0
                        || (ids.Count + item.Written.Count <= MaxFlushWrites && !item.Written.Any(w => ids.Contains(w.Stored.Id)));
                    if (fits)
                    {
                        ids.UnionWith(item.Written.Select(w => w.Stored.Id));
                    }

                    (fits ? flush : later).Add(item);
                }

                _pending = later;
                if (flush.Count == 0)
                {
                    _flushing = false;
                    return;
                }

                _largestFlush = Math.Max(_largestFlush, ids.Count);
            }

            IReadOnlySet<string>? repaired = null;
            Exception? failure = null;
            try
            {
                repaired = await IndexAsync(flush.SelectMany(f => f.Written).ToList(), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            // The flush has ended, whether or not its callers still wait (a cancelled one does not): only now are its
            // writes no longer about to be indexed.
            _blobs.Indexed(flush.SelectMany(f => f.Written));

            flush.ForEach(f => _ = failure is null ? f.Done.TrySetResult(repaired!) : f.Done.TrySetException(failure));
        }
    }

    /// <summary>
    /// Brings the index in line with what was written: feed rows of every new state (batched per partition), deletion of rows
    /// at positions the articles left, then the counters. An unchanged article is checked (one point read of its <c>all</c>
    /// row) and re-indexed when a former write stopped between blob and index. Returns the ids of the articles so repaired.
    /// Then each indexed version is checked to still be the blob's (see <see cref="VersionMarkers"/>): created articles by
    /// batched marker inserts, updated and repaired ones (and created ones whose insert failed) by their blob's ETag.
    /// </summary>
    private async Task<IReadOnlySet<string>> IndexAsync(IReadOnlyList<Written> written, CancellationToken cancellationToken)
    {
        if (OnIndexing is { } hook)
        {
            await hook(cancellationToken).ConfigureAwait(false);
        }

        await _createTable.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await WriteRowsAsync(written.Where(w => w.Outcome == UpsertOutcome.Updated).Select(w => VersionMarkers.Row(w.Stored.Id)), cancellationToken)
            .ConfigureAwait(false);
        var repaired = await IndexOnceAsync(written, cancellationToken).ConfigureAwait(false);
        var unclaimed = await VersionMarkers.ClaimCreatedAsync(
            _table, written.Where(w => w.Outcome == UpsertOutcome.Created).Select(w => w.Stored.Id), _options.Fanout(cancellationToken)).ConfigureAwait(false);
        await IndexNewerVersionsAsync(
            written.Where(w => w.Outcome == UpsertOutcome.Updated || repaired.Contains(w.Stored.Id)
                || (w.Outcome == UpsertOutcome.Created && unclaimed.Contains(w.Stored.Id))).ToList(),
            cancellationToken).ConfigureAwait(false);
        return repaired;
    }

    /// <summary>
    /// Another instance may write a newer version of an article after this one's blob write and index it before this one's
    /// index write lands, which then replaces its newer rows with older ones. The blob is the truth: once the rows are
    /// written, each article's blob is checked (one <c>HEAD</c>) to still be the version indexed, and an article whose blob
    /// moved on is indexed again from what it holds now (its counter transitions are keyed, so the other instance's own
    /// update of the same transition is not counted twice). Repeats while versions keep moving, at most a few times.
    /// </summary>
    private async Task IndexNewerVersionsAsync(List<Written> indexed, CancellationToken cancellationToken)
    {
        for (var round = 0; indexed.Count > 0 && round < ArticleBlobs.MaxWriteAttempts; round++)
        {
            var newer = new Written?[indexed.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, indexed.Count), _options.Fanout(cancellationToken), async (i, ct) =>
            {
                var w = indexed[i];
                if (!await _blobs.MovedOnAsync(w.Stored.Id, w.BlobETag, ct).ConfigureAwait(false))
                {
                    return;
                }

                if (await _blobs.TryReadAsync(w.Stored.Id, ct).ConfigureAwait(false) is { Article: { } current } read && read.Hash != w.Hash)
                {
                    LogNewerVersion(w.Stored.Id);
                    newer[i] = new Written(UpsertOutcome.Updated, w.Stored, w.Hash, current, read.Hash, read.ETag)
                    {
                        // More than one version may have come between: each writer counts its own transition, and the
                        // last one is named by the blob. Counting from this instance's version would count the others twice.
                        CountedFrom = read is { Previous: { } before, PreviousHash: { } beforeHash } && beforeHash != w.Hash ? (before, beforeHash) : null,
                    };
                }
            }).ConfigureAwait(false);
            indexed = newer.OfType<Written>().ToList();
            if (indexed.Count > 0)
            {
                await IndexOnceAsync(indexed, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One pass of <see cref="IndexAsync"/>: the rows and counters of <paramref name="written"/>; returns the ids repaired.</summary>
    private async Task<IReadOnlySet<string>> IndexOnceAsync(IReadOnlyList<Written> written, CancellationToken cancellationToken)
    {
        await _createTable.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var changed = written.Where(w => w.Outcome != UpsertOutcome.Unchanged).ToList();
        var repairs = new Written?[written.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, written.Count).Where(i => written[i].Outcome == UpsertOutcome.Unchanged),
            _options.Fanout(cancellationToken), async (i, ct) =>
            {
                var w = written[i];
                var row = await _table.GetEntityIfExistsAsync<TableEntity>(IndexKeys.All, IndexKeys.Row(w.Stored), ["Hash"], ct).ConfigureAwait(false);
                if (!row.HasValue || row.Value?.GetString("Hash") != w.Hash)
                {
                    repairs[i] = w;
                }
            }).ConfigureAwait(false);
        changed.AddRange(repairs.OfType<Written>());
        // Indexed either way (rows are idempotent); reported as stored only when no write of this instance is about to.
        var repaired = repairs.OfType<Written>().Select(w => w.Stored.Id).Where(id => !_blobs.IsUnindexed(id)).ToHashSet(StringComparer.Ordinal);
        foreach (var id in repaired)
        {
            LogRepair(id);
        }

        if (changed.Count == 0)
        {
            return repaired;
        }

        var upserts = new List<TableEntity>();
        var deletes = new List<(string Partition, string Row)>();
        foreach (var w in changed)
        {
            var partitions = IndexKeys.PartitionsOf(w.Stored);
            upserts.AddRange(partitions.Select(p => IndexRow.Create(p, w.Stored, w.Hash)));
            if (w.Previous is { } previous)
            {
                var row = IndexKeys.Row(w.Stored);
                var oldRow = IndexKeys.Row(previous);
                deletes.AddRange(IndexKeys.PartitionsOf(previous)
                    .Where(p => oldRow != row || !partitions.Contains(p, StringComparer.Ordinal))
                    .Select(p => (p, oldRow)));
            }
        }

        // The rows of partition "all" go last, after the counters: an article's "all" row with its blob's hash means that its
        // whole index is complete (the check above), so a write that stops anywhere before is finished by the next one.
        await WriteRowsAsync(upserts.Where(e => e.PartitionKey != IndexKeys.All), cancellationToken).ConfigureAwait(false);
        await DeleteRowsAsync(deletes.Where(d => d.Partition != IndexKeys.All), cancellationToken).ConfigureAwait(false);
        await _counters.ApplyAsync(
                changed.Select(w => w.CountedFrom is var (from, fromHash) ? CounterOp.Of(from, fromHash, w.Stored, w.Hash) : CounterOp.Of(w.Previous, w.PreviousHash, w.Stored, w.Hash)).ToList(),
                cancellationToken)
            .ConfigureAwait(false);
        await WriteRowsAsync(upserts.Where(e => e.PartitionKey == IndexKeys.All), cancellationToken).ConfigureAwait(false);
        await DeleteRowsAsync(deletes.Where(d => d.Partition == IndexKeys.All), cancellationToken).ConfigureAwait(false);
        return repaired;
    }

    /// <summary>Upserts <paramref name="rows"/> in entity-group batches of up to 100 rows per partition, batches in parallel.</summary>
    private async Task WriteRowsAsync(IEnumerable<TableEntity> rows, CancellationToken cancellationToken)
    {
        var batches = rows.GroupBy(e => e.PartitionKey, StringComparer.Ordinal)
            .SelectMany(g => g.Chunk(MaxBatch))
            .ToList();
        await Parallel.ForEachAsync(batches, _options.Fanout(cancellationToken), async (batch, ct) =>
        {
            if (batch.Length == 1)
            {
                await _table.UpsertEntityAsync(batch[0], TableUpdateMode.Replace, ct).ConfigureAwait(false);
            }
            else
            {
                await _table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), ct)
                    .ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    private async Task DeleteRowsAsync(IEnumerable<(string Partition, string Row)> keys, CancellationToken cancellationToken) =>
        await Parallel.ForEachAsync(keys, _options.Fanout(cancellationToken), async (key, ct) =>
            await _table.DeleteEntityAsync(key.Partition, key.Row, ETag.All, ct).ConfigureAwait(false)).ConfigureAwait(false);

    [LoggerMessage(Level = LogLevel.Information, Message = "Article {ArticleId} was written again by another instance while it was being indexed; indexing the newer version")]
    private partial void LogNewerVersion(string articleId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Article {ArticleId} was stored but not indexed (an earlier write stopped midway); indexing it now")]
    private partial void LogRepair(string articleId);
}
