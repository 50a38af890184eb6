using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;

namespace FeedRelay.Storage.Azure;

/// <summary>
/// Articles as one JSON blob per article id in the <c>articles</c> container (the truth), indexed in the <c>articleindex</c>
/// table (see <see cref="IndexKeys"/>, <see cref="IndexRow"/>, <see cref="IndexCounters"/>); no instance holds or reads the
/// corpus. A write stores the blob first, conditional on the ETag read (or on the blob not existing), so concurrent writers
/// never overwrite each other blindly; then it upserts the article's feed rows (entity-group batches per partition), removes
/// the rows of its former position, and applies the counter changes; last it checks that the blob is still the version it
/// indexed (another instance may have written and indexed a newer one meanwhile) and indexes the newer one if not: a created
/// article by a batched marker insert (<see cref="VersionMarkers"/>), an updated one by its blob's ETag. A query
/// is one range read of one partition (or a merge of one per source) that reads only as many rows as it returns, plus a
/// bounded over-read for filters the partition does not cover, and then the blobs of the rows it returns (in parallel, and
/// not at all while a cached blob's hash matches).
/// A row whose hash differs from its blob (a write interrupted or overtaken) is checked against the blob, which wins.
/// </summary>
public sealed partial class AzureArticleStore : IArticleStore, IDisposable
{
    private const int MaxWriteAttempts = 8;
    private const int MaxBatch = 100;
    private const string StoreKind = "Azure";

    /// <summary>Metadata key of the id a create without a prior read tags its blob with.</summary>
    private const string WriteIdKey = "writeid";

    private readonly BlobContainerClient _container;
    private readonly TableClient _table;
    private readonly IndexCounters _counters;
    private readonly AzureStorageOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<AzureArticleStore> _logger;
    private readonly CreateOnce _createContainer;
    private readonly CreateOnce _createTable;
    private readonly ArticleBlobCache _cache;
    private readonly PrimedReads _primed;

    // Ids whose blob this instance has written and not indexed yet. An unchanged article among them whose index is missing
    // is not an interrupted write to report as stored: its own writer is about to index it and report it.
    private readonly ConcurrentDictionary<string, int> _unindexed = new(StringComparer.Ordinal);
    private readonly Lock _pendingLock = new();
    private List<(IReadOnlyList<Written> Written, TaskCompletionSource<IReadOnlySet<string>> Done)> _pending = [];
    private bool _flushing;

    /// <summary>Creates the store over <paramref name="clients"/>; nothing is read until first use.</summary>
    public AzureArticleStore(AzureStorageClients clients, TimeProvider clock, ILogger<AzureArticleStore> logger)
    {
        _options = clients.Options;
        _container = clients.Blobs.GetBlobContainerClient(_options.ArticlesContainer);
        _table = clients.Tables.GetTableClient(_options.IndexTable);
        _counters = new IndexCounters(_table, clock);
        _clock = clock;
        _logger = logger;
        _createContainer = new CreateOnce(ct => _container.CreateIfNotExistsAsync(cancellationToken: ct));
        _createTable = new CreateOnce(ct => _table.CreateIfNotExistsAsync(ct));
        _cache = new ArticleBlobCache(Math.Max(0, _options.ContentCacheMegabytes) * 1024L * 1024L);
        _primed = new PrimedReads(clock);
    }

    /// <summary>False: the index has no text index, and a keyword query throws <see cref="KeywordSearchNotSupportedException"/>.</summary>
    public bool SupportsKeywordSearch => false;

    /// <inheritdoc />
    public async Task<UpsertOutcome> UpsertAsync(Article article, CancellationToken cancellationToken = default) =>
        (await UpsertManyAsync([article], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>
    /// Writes the blobs in parallel (each as <see cref="UpsertAsync"/> would), then the feed rows of all of them grouped into
    /// entity-group batches per partition, then one counter update per touched source and shard.
    /// </summary>
    public async Task<IReadOnlyList<UpsertOutcome>> UpsertManyAsync(IReadOnlyList<Article> articles, CancellationToken cancellationToken = default)
    {
        if (articles.Select(a => a.Id).Distinct(StringComparer.Ordinal).Count() != articles.Count)
        {
            // The same id twice in one call: one after the other, so that the second is decided on the first.
            var outcomes = new List<UpsertOutcome>(articles.Count);
            foreach (var article in articles)
            {
                outcomes.Add(await UpsertAsync(article, cancellationToken).ConfigureAwait(false));
            }

            return outcomes;
        }

        return (await WriteManyAsync(articles, carryOver: false, cancellationToken).ConfigureAwait(false)).Select(w => w.Outcome).ToList();
    }

    /// <summary>
    /// As <see cref="UpsertManyAsync"/>, deciding each article's translation (<see cref="TranslationCarryOver"/>) inside its
    /// conditional write: a blob not read just before is first written with <c>If-None-Match: *</c> without a read (a new
    /// article costs one request), and only when it exists is it read and decided on, conditional on its ETag, so that a
    /// translation stored meanwhile is never overwritten.
    /// </summary>
    public async Task<IReadOnlyList<StoredOutcome>> UpsertIngestedManyAsync(IReadOnlyList<Article> articles, CancellationToken cancellationToken = default)
    {
        if (articles.Select(a => a.Id).Distinct(StringComparer.Ordinal).Count() != articles.Count)
        {
            throw new ArgumentException("Each article may be given once.", nameof(articles));
        }

        return (await WriteManyAsync(articles, carryOver: true, cancellationToken).ConfigureAwait(false))
            .Select(w => new StoredOutcome(w.Stored, w.Outcome)).ToList();
    }

    private async Task<Written[]> WriteManyAsync(IReadOnlyList<Article> articles, bool carryOver, CancellationToken cancellationToken)
    {
        if (articles.Count == 0)
        {
            return [];
        }

        await _createContainer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var written = new Written[articles.Count];
        IReadOnlySet<string> repaired;
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, articles.Count), Fanout(cancellationToken), async (i, ct) =>
                written[i] = await WriteBlobAsync(articles[i], carryOver, ct).ConfigureAwait(false)).ConfigureAwait(false);
            repaired = await IndexGroupedAsync(written, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var w in written)
            {
                if (w is { Outcome: not UpsertOutcome.Unchanged })
                {
                    Indexed(w.Stored.Id);
                }
            }
        }

        for (var i = 0; i < written.Length; i++)
        {
            if (written[i] is { Outcome: UpsertOutcome.Unchanged } w && repaired.Contains(w.Stored.Id))
            {
                // Its earlier write stopped between blob and index: only now is it in the feeds, so it counts as stored now.
                written[i] = w with { Outcome = w.Previous is null ? UpsertOutcome.Created : UpsertOutcome.Updated };
            }
        }

        return written;
    }

    /// <inheritdoc />
    public async Task<bool> TryReplaceAsync(Article current, Article replacement, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(current.Id);
        if (replacement.Id != current.Id)
        {
            throw new ArgumentException("The replacement must have the id of the article it replaces.", nameof(replacement));
        }

        var blob = _container.GetBlobClient(BlobNameOf(current.Id));
        for (var attempt = 1; ; attempt++)
        {
            var existing = attempt == 1 && _primed.TryTake(current.Id, out var primed)
                ? primed
                : await TryReadAsync(blob, cancellationToken).ConfigureAwait(false);
            if (existing is not { Article: { } stored } read)
            {
                return false;
            }

            if (StoreJson.ContentOf(stored) != StoreJson.ContentOf(current))
            {
                return false;
            }

            if (StoreJson.ContentOf(stored) == StoreJson.ContentOf(replacement))
            {
                await IndexGroupedAsync([new Written(UpsertOutcome.Unchanged, read.Previous, read.PreviousHash, stored, read.Hash, read.ETag)], cancellationToken)
                    .ConfigureAwait(false);
                return true;
            }

            var toStore = replacement with { Updated = Max(_clock.GetUtcNow(), stored.Updated) };
            try
            {
                var (hash, etag) = await UploadAsync(blob, toStore, new BlobRequestConditions { IfMatch = read.ETag }, stored, read.Hash, cancellationToken)
                    .ConfigureAwait(false);
                try
                {
                    await IndexGroupedAsync([new Written(UpsertOutcome.Updated, stored, read.Hash, toStore, hash, etag)], cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    Indexed(current.Id);
                }

                return true;
            }
            catch (RequestFailedException ex) when (IsConflict(ex) && attempt < MaxWriteAttempts)
            {
                // Written by someone else between our read and our write: the next read decides whether it still matches.
                LogWriteConflict(current.Id, attempt);
            }
        }
    }

    /// <summary>The article with <paramref name="id"/>, or null; the read (ETag included) is kept briefly for a write that follows it.</summary>
    public async Task<Article?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        (await ReadAndPrimeAsync(id, cancellationToken).ConfigureAwait(false))?.Article;

    /// <summary>
    /// The articles with <paramref name="ids"/> in order (null where there is none): their blobs read in parallel
    /// (<see cref="AzureStorageOptions.Parallelism"/> at once), each read kept briefly (<see cref="PrimedReads"/>) so that the
    /// <see cref="UpsertManyAsync"/> that follows writes them without reading them again: a new article is then one conditional
    /// <c>PUT</c> (<c>If-None-Match: *</c>), a changed one one <c>PUT</c> with <c>If-Match</c> the ETag read here.
    /// </summary>
    public async Task<IReadOnlyList<Article?>> GetManyAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        var articles = new Article?[ids.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, ids.Count), Fanout(cancellationToken), async (i, ct) =>
            articles[i] = (await ReadAndPrimeAsync(ids[i], ct).ConfigureAwait(false))?.Article).ConfigureAwait(false);
        return articles;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Article>> QueryAsync(ArticleQuery query, CancellationToken cancellationToken = default)
    {
        if (query.Keyword is not null)
        {
            throw new KeywordSearchNotSupportedException(StoreKind);
        }

        var limit = Math.Max(0, query.Limit);
        var plan = QueryPlan.Of(query);
        if (limit == 0 || plan.Partitions.Count == 0)
        {
            return [];
        }

        var after = query.Before is { } before ? IndexKeys.Row(before.PublishedUtcTicks, before.Id) : null;
        var until = query.Since is { } since ? IndexKeys.OlderThan(since.UtcTicks) : null;
        // Read exactly what is returned when the partition answers every filter, more when some are checked on the rows.
        var pageSize = plan.Residual ? Math.Clamp(limit * 4, 100, 1000) : Math.Clamp(limit + 1, 1, 1000);
        var readers = plan.Partitions.Select(p => new PartitionReader(_table, p, after, until, pageSize)).ToList();
        try
        {
            var merged = new PriorityQueue<PartitionReader, string>(StringComparer.Ordinal);
            foreach (var reader in readers)
            {
                if (await reader.MoveNextAsync(cancellationToken).ConfigureAwait(false))
                {
                    merged.Enqueue(reader, reader.Current.RowKey);
                }
            }

            var result = new List<Article>(Math.Min(limit, 1000));
            var skipped = 0;
            string? lastRow = null;
            while (result.Count < limit && merged.Count > 0)
            {
                // Take the next rows that pass the filters, as many as are still missing, then read their blobs together.
                var batch = new List<TableEntity>();
                while (batch.Count < Math.Min(limit - result.Count, 1000) && merged.TryDequeue(out var reader, out _))
                {
                    var row = reader.Current;
                    if (await reader.MoveNextAsync(cancellationToken).ConfigureAwait(false))
                    {
                        merged.Enqueue(reader, reader.Current.RowKey);
                    }

                    if (row.RowKey == lastRow)
                    {
                        continue;
                    }

                    lastRow = row.RowKey;
                    if (query.Matches(IndexRow.Describe(row)))
                    {
                        batch.Add(row);
                    }
                    else if (++skipped > _options.MaxQueryOverRead)
                    {
                        LogOverRead(skipped, plan.Partitions[0]);
                        merged.Clear();
                        break;
                    }
                }

                result.AddRange(await ReadRowsAsync(batch, query, cancellationToken).ConfigureAwait(false));
            }

            return result;
        }
        finally
        {
            foreach (var reader in readers)
            {
                await reader.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Every source with a stored article (one partition query of the summary rows).</summary>
    public async Task<IReadOnlyList<SourceSummary>> ListSourcesAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<TableEntity> rows;
        try
        {
            rows = await _counters.ReadSourcesAsync(null, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return [];
        }

        return rows
            .Where(r => (r.GetInt64("Count") ?? 0) > 0)
            .Select(r => new SourceSummary(r.GetString("Slug") ?? r.RowKey, r.GetString("Name") ?? "", (int)(r.GetInt64("Count") ?? 0),
                DateTimeOffset.TryParse(r.GetString("LatestPublished"), System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.RoundtripKind, out var latest) ? latest : default))
            .OrderBy(s => s.Slug, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The version of source <paramref name="sourceSlug"/>'s summary row (one point read), or for null the sum over every source
    /// (one partition query): it moves with every stored change of an article of that source, translations included.
    /// </summary>
    public async ValueTask<long> GetVersionAsync(string? sourceSlug, CancellationToken cancellationToken = default) =>
        (await ReadSummariesAsync(sourceSlug, "Version", cancellationToken).ConfigureAwait(false)).Sum(r => r.GetInt64("Version") ?? 0);

    /// <summary>
    /// When an article of source <paramref name="sourceSlug"/> last changed, from its summary row (one point read), or for null
    /// the latest over every source (one partition query).
    /// </summary>
    public async ValueTask<DateTimeOffset?> GetChangedAtAsync(string? sourceSlug, CancellationToken cancellationToken = default) =>
        (await ReadSummariesAsync(sourceSlug, "Changed", cancellationToken).ConfigureAwait(false)).Max(r => r.GetDateTimeOffset("Changed"));

    /// <summary>
    /// The summary rows a feed of <paramref name="sourceSlug"/> depends on: that source's (one point read), or for null every
    /// source's with only <paramref name="column"/> (one partition query); none before the index table exists.
    /// </summary>
    private async Task<IReadOnlyList<TableEntity>> ReadSummariesAsync(string? sourceSlug, string column, CancellationToken cancellationToken)
    {
        try
        {
            if (sourceSlug is null)
            {
                return await _counters.ReadSourcesAsync([column], cancellationToken).ConfigureAwait(false);
            }

            return await _counters.ReadSourceAsync(sourceSlug, cancellationToken).ConfigureAwait(false) is { } row ? [row] : [];
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return [];
        }
    }

    /// <summary>Stored articles by translation level, from the counter shards (one partition query).</summary>
    public async Task<IReadOnlyDictionary<string, long>?> CountByTranslationLevelAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _counters.ReadLevelsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return new Dictionary<string, long>();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    internal static string BlobNameOf(string id) => id + ".json";

    /// <summary>One write of <paramref name="id"/> by this instance is indexed (or failed).</summary>
    private void Indexed(string id)
    {
        while (_unindexed.TryGetValue(id, out var n))
        {
            if (n <= 1 ? _unindexed.TryRemove(KeyValuePair.Create(id, n)) : _unindexed.TryUpdate(id, n - 1, n))
            {
                return;
            }
        }
    }

    /// <summary>
    /// Stores <paramref name="article"/>'s blob as <see cref="UpsertAsync"/> decides, without touching the index; with
    /// <paramref name="carryOver"/>, as ingestion decides (<see cref="TranslationCarryOver"/>), trying a create without a read first.
    /// </summary>
    private async Task<Written> WriteBlobAsync(Article article, bool carryOver, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(BlobNameOf(article.Id));
        var createFirst = carryOver;
        string? ownCreate = null;
        for (var attempt = 1; ; attempt++)
        {
            // A read just made for this write (GetManyAsync) is used once; after a conflict the blob is read again. Ingestion
            // without such a read assumes a new article first: If-None-Match: * tells it otherwise (409) in the same request.
            var optimistic = false;
            string? writeId = null;
            StoredBlob? existing;
            if (attempt == 1 && _primed.TryTake(article.Id, out var primed))
            {
                existing = primed;
                createFirst = false;
            }
            else if (createFirst)
            {
                existing = null;
                optimistic = true;
                createFirst = false;
                writeId = Guid.NewGuid().ToString("N");
                ownCreate = writeId;
            }
            else
            {
                existing = await TryReadAsync(blob, cancellationToken).ConfigureAwait(false);
                if (ownCreate is not null && existing is { Article: { } mine, WriteId: var id } && id == ownCreate)
                {
                    // Our own create, whose response was lost and whose retry met it (409): it was created, by us.
                    return new Written(UpsertOutcome.Created, null, null, mine, existing.Hash, existing.ETag);
                }
            }

            Article toStore;
            BlobRequestConditions conditions;
            UpsertOutcome outcome;
            if (existing is { Article: { } stored, ETag: var etag })
            {
                var candidate = carryOver ? TranslationCarryOver.Apply(stored, article) : article;
                if (StoreJson.ContentOf(stored) == StoreJson.ContentOf(candidate))
                {
                    return new Written(UpsertOutcome.Unchanged, existing.Previous, existing.PreviousHash, stored, existing.Hash, etag);
                }

                toStore = candidate with { Updated = Max(_clock.GetUtcNow(), stored.Updated) };
                conditions = new BlobRequestConditions { IfMatch = etag };
                outcome = UpsertOutcome.Updated;
            }
            else if (existing is { ETag: var unreadable })
            {
                // A blob we cannot parse is replaced, but still only if nobody changed it meanwhile.
                toStore = carryOver ? TranslationCarryOver.Apply(null, article) : article;
                conditions = new BlobRequestConditions { IfMatch = unreadable };
                outcome = UpsertOutcome.Updated;
            }
            else
            {
                toStore = carryOver ? TranslationCarryOver.Apply(null, article) : article;
                conditions = new BlobRequestConditions { IfNoneMatch = ETag.All };
                outcome = UpsertOutcome.Created;
            }

            try
            {
                var (hash, version) = await UploadAsync(blob, toStore, conditions, existing?.Article, existing?.Hash, cancellationToken, writeId).ConfigureAwait(false);
                return new Written(outcome, existing?.Article, existing?.Hash, toStore, hash, version);
            }
            catch (RequestFailedException ex) when (IsConflict(ex) && (optimistic || attempt < MaxWriteAttempts))
            {
                if (optimistic)
                {
                    // Not new after all: read it and decide.
                    continue;
                }

                // Another instance wrote this article between our read and our write: read again and decide again.
                LogWriteConflict(article.Id, attempt);
            }
        }
    }

    /// <summary>
    /// Group commit: the index work of concurrent writes of this instance is done together, by one flush at a time, so that
    /// feed rows of a shared partition go in one batch and each counter row gets one merge per flush instead of one
    /// (contended) merge per article. Completes when a flush that contains <paramref name="written"/> has finished; a failed
    /// flush fails every write in it (each caller retries, and a retry re-indexes exactly, see <see cref="IndexAsync"/>).
    /// </summary>
    private Task<IReadOnlySet<string>> IndexGroupedAsync(IReadOnlyList<Written> written, CancellationToken cancellationToken)
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
                // One write per article id per flush (a batch may not hold one row twice); the rest wait for the next flush.
                var ids = new HashSet<string>(StringComparer.Ordinal);
                flush = [];
                var later = new List<(IReadOnlyList<Written> Written, TaskCompletionSource<IReadOnlySet<string>> Done)>();
                foreach (var item in _pending)
                {
                    (item.Written.All(w => ids.Add(w.Stored.Id)) ? flush : later).Add(item);
                }

                _pending = later;
                if (flush.Count == 0)
                {
                    _flushing = false;
                    return;
                }
            }

            try
            {
                var repaired = await IndexAsync(flush.SelectMany(f => f.Written).ToList(), CancellationToken.None).ConfigureAwait(false);
                flush.ForEach(f => f.Done.TrySetResult(repaired));
            }
            catch (Exception ex)
            {
                flush.ForEach(f => f.Done.TrySetException(ex));
            }
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
            _table, written.Where(w => w.Outcome == UpsertOutcome.Created).Select(w => w.Stored.Id), Fanout(cancellationToken)).ConfigureAwait(false);
        await IndexNewerVersionsAsync(
            written.Where(w => w.Outcome == UpsertOutcome.Updated || repaired.Contains(w.Stored.Id)
                || (w.Outcome == UpsertOutcome.Created && unclaimed.Contains(w.Stored.Id))).ToList(),
            cancellationToken).ConfigureAwait(false);
        return repaired;
    }

    /// <summary>For tests: runs at the start of every index flush, to let another writer in between a blob write and its index.</summary>
    internal Func<CancellationToken, Task>? OnIndexing { get; set; }

    /// <summary>
    /// Another instance may write a newer version of an article after this one's blob write and index it before this one's
    /// index write lands, which then replaces its newer rows with older ones. The blob is the truth: once the rows are
    /// written, each article's blob is checked (one <c>HEAD</c>) to still be the version indexed, and an article whose blob
    /// moved on is indexed again from what it holds now (its counter transitions are keyed, so the other instance's own
    /// update of the same transition is not counted twice). Repeats while versions keep moving, at most a few times.
    /// </summary>
    private async Task IndexNewerVersionsAsync(List<Written> indexed, CancellationToken cancellationToken)
    {
        for (var round = 0; indexed.Count > 0 && round < MaxWriteAttempts; round++)
        {
            var newer = new Written?[indexed.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, indexed.Count), Fanout(cancellationToken), async (i, ct) =>
            {
                var w = indexed[i];
                var blob = _container.GetBlobClient(BlobNameOf(w.Stored.Id));
                try
                {
                    if ((await blob.GetPropertiesAsync(cancellationToken: ct).ConfigureAwait(false)).Value.ETag == w.BlobETag)
                    {
                        return;
                    }
                }
                catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
                {
                    return;
                }

                if (await TryReadAsync(blob, ct).ConfigureAwait(false) is { Article: { } current } read && read.Hash != w.Hash)
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
            Fanout(cancellationToken), async (i, ct) =>
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
        var repaired = repairs.OfType<Written>().Select(w => w.Stored.Id).Where(id => !_unindexed.ContainsKey(id)).ToHashSet(StringComparer.Ordinal);
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
        await Parallel.ForEachAsync(batches, Fanout(cancellationToken), async (batch, ct) =>
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
        await Parallel.ForEachAsync(keys, Fanout(cancellationToken), async (key, ct) =>
            await _table.DeleteEntityAsync(key.Partition, key.Row, ETag.All, ct).ConfigureAwait(false)).ConfigureAwait(false);

    /// <summary>The articles of <paramref name="rows"/> in order, from the cache or their blobs; rows their blob no longer backs are left out.</summary>
    private async Task<List<Article>> ReadRowsAsync(List<TableEntity> rows, ArticleQuery query, CancellationToken cancellationToken)
    {
        var articles = new Article?[rows.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, rows.Count), Fanout(cancellationToken), async (i, ct) =>
        {
            var row = rows[i];
            var id = row.GetString("Id") ?? "";
            var hash = row.GetString("Hash") ?? "";
            if (_cache.Get(id, hash) is { } cached)
            {
                articles[i] = cached;
                return;
            }

            if (await TryReadAsync(_container.GetBlobClient(BlobNameOf(id)), ct).ConfigureAwait(false) is not { Article: { } article } read)
            {
                return;
            }

            if (read.Hash == hash || (IndexKeys.Row(article) == row.RowKey && query.Matches(article)))
            {
                // A lagging row whose blob still belongs here is shown with the blob's (newer) content.
                articles[i] = article;
            }
        }).ConfigureAwait(false);
        return articles.OfType<Article>().ToList();
    }

    /// <summary>
    /// Uploads <paramref name="article"/> with, in the same request, the indexed state it replaces (<paramref name="previous"/>,
    /// hash <paramref name="previousHash"/>) as metadata, so that a write that stopped before its index was complete can be
    /// finished exactly (same counter operation, same stale rows) by whoever stores the article next.
    /// </summary>
    private async Task<(string Hash, ETag ETag)> UploadAsync(
        BlobClient blob, Article article, BlobRequestConditions conditions, Article? previous, string? previousHash, CancellationToken cancellationToken,
        string? writeId = null)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(article, StoreJson.Options);
        var metadata = PreviousState.ToMetadata(previous, previousHash);
        if (writeId is not null)
        {
            metadata[WriteIdKey] = writeId;
        }

        _unindexed.AddOrUpdate(article.Id, 1, (_, n) => n + 1);
        Response<BlobContentInfo> response;
        try
        {
            response = await blob.UploadAsync(
                BinaryData.FromBytes(bytes),
                new BlobUploadOptions
                {
                    Conditions = conditions,
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                    Metadata = metadata,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Indexed(article.Id);
            throw;
        }

        var hash = IndexKeys.Hash(bytes);
        _cache.Set(article, hash, bytes.Length);
        return (hash, response.Value.ETag);
    }

    private async Task<StoredBlob?> ReadAndPrimeAsync(string id, CancellationToken cancellationToken)
    {
        var read = await TryReadAsync(_container.GetBlobClient(BlobNameOf(id)), cancellationToken).ConfigureAwait(false);
        _primed.Set(id, read);
        return read;
    }

    private async Task<StoredBlob?> TryReadAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var response = await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            var etag = response.Value.Details.ETag;
            var bytes = response.Value.Content.ToMemory();
            var hash = IndexKeys.Hash(bytes.Span);
            var (previous, previousHash) = PreviousState.FromMetadata(response.Value.Details.Metadata);
            var writeId = response.Value.Details.Metadata is { } m && m.TryGetValue(WriteIdKey, out var w) ? w : null;
            try
            {
                var article = JsonSerializer.Deserialize<Article>(bytes.Span, StoreJson.Options);
                if (article is not null)
                {
                    _cache.Set(article, hash, bytes.Length);
                }

                return new StoredBlob(article, etag, hash, previous, previousHash, writeId);
            }
            catch (JsonException ex)
            {
                LogUnreadable(ex, blob.Name);
                return new StoredBlob(null, etag, hash, previous, previousHash, writeId);
            }
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private ParallelOptions Fanout(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = Math.Max(1, _options.Parallelism), CancellationToken = cancellationToken };

    private static bool IsConflict(RequestFailedException ex) =>
        ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>
    /// What a blob write did (or found unchanged): <see cref="Stored"/> (hash <see cref="Hash"/>, blob ETag <see cref="BlobETag"/>)
    /// replaced <see cref="Previous"/> (hash <see cref="PreviousHash"/>).
    /// </summary>
    private sealed record Written(UpsertOutcome Outcome, Article? Previous, string? PreviousHash, Article Stored, string Hash, ETag BlobETag)
    {
        /// <summary>
        /// The state the counters' transition starts from when it is not <see cref="Previous"/>: the version the blob's
        /// last writer replaced, when other versions came between this instance's and the blob's (its rows still go from
        /// <see cref="Previous"/>, which this instance wrote).
        /// </summary>
        public (Article Article, string Hash)? CountedFrom { get; init; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Article {ArticleId} was written again by another instance while it was being indexed; indexing the newer version")]
    private partial void LogNewerVersion(string articleId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping unreadable stored article blob {Blob}")]
    private partial void LogUnreadable(Exception exception, string blob);

    [LoggerMessage(Level = LogLevel.Information, Message = "Article {ArticleId} was written concurrently (attempt {Attempt}); re-reading")]
    private partial void LogWriteConflict(string articleId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Article {ArticleId} was stored but not indexed (an earlier write stopped midway); indexing it now")]
    private partial void LogRepair(string articleId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Query over index partition {Partition} skipped {Skipped} rows that failed its other filters; returning what it found")]
    private partial void LogOverRead(int skipped, string partition);
}
