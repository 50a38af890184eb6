using System.Net;
using Azure;
using Azure.Data.Tables;
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
/// The blobs are kept by <see cref="ArticleBlobs"/> and the index is written by <see cref="ArticleIndexer"/>; this type composes
/// the two and answers the queries.
/// </summary>
public sealed partial class AzureArticleStore : IArticleStore, IDisposable
{
    private const string StoreKind = "Azure";

    private readonly ArticleBlobs _blobs;
    private readonly ArticleIndexer _indexer;
    private readonly TableClient _table;
    private readonly IndexCounters _counters;
    private readonly AzureStorageOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<AzureArticleStore> _logger;

    /// <summary>Creates the store over <paramref name="clients"/>; nothing is read until first use.</summary>
    public AzureArticleStore(AzureStorageClients clients, TimeProvider clock, ILogger<AzureArticleStore> logger)
    {
        _options = clients.Options;
        _table = clients.Tables.GetTableClient(_options.IndexTable);
        _counters = new IndexCounters(_table, clock);
        _clock = clock;
        _logger = logger;
        _blobs = new ArticleBlobs(clients, clock, logger);
        _indexer = new ArticleIndexer(_table, _counters, _blobs, _options, logger);
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

        await _blobs.EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var written = new Written[articles.Count];
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, articles.Count), _options.Fanout(cancellationToken), async (i, ct) =>
                written[i] = await _blobs.WriteAsync(articles[i], carryOver, ct).ConfigureAwait(false)).ConfigureAwait(false);
        }
        catch
        {
            // The blobs written before the failure will not be indexed by this call.
            _blobs.Indexed(written);

            throw;
        }

        // The indexer's flush counts the written articles indexed when it ends.
        var repaired = await _indexer.IndexGroupedAsync(written, cancellationToken).ConfigureAwait(false);
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

        for (var attempt = 1; ; attempt++)
        {
            var existing = attempt == 1 && _blobs.TryTakePrimed(current.Id, out var primed)
                ? primed
                : await _blobs.TryReadAsync(current.Id, cancellationToken).ConfigureAwait(false);
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
                await _indexer.IndexGroupedAsync([new Written(UpsertOutcome.Unchanged, read.Previous, read.PreviousHash, stored, read.Hash, read.ETag)], cancellationToken)
                    .ConfigureAwait(false);
                return true;
            }

            var toStore = replacement with { Updated = Max(_clock.GetUtcNow(), stored.Updated) };
            (string Hash, ETag ETag) uploaded;
            try
            {
                uploaded = await _blobs.UploadAsync(toStore, new BlobRequestConditions { IfMatch = read.ETag }, stored, read.Hash, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ArticleBlobs.IsConflict(ex) && attempt < ArticleBlobs.MaxWriteAttempts)
            {
                // Written by someone else between our read and our write: the next read decides whether it still matches.
                LogWriteConflict(current.Id, attempt);
                continue;
            }

            // Replaced. A failure of the index from here on is thrown, not taken for a write conflict (which would read the
            // replacement back, find it no longer matches current and say it was not replaced).
            await _indexer.IndexGroupedAsync([new Written(UpsertOutcome.Updated, stored, read.Hash, toStore, uploaded.Hash, uploaded.ETag)], cancellationToken)
                .ConfigureAwait(false);
            return true;
        }
    }

    /// <summary>The article with <paramref name="id"/>, or null; the read (ETag included) is kept briefly for a write that follows it.</summary>
    public async Task<Article?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        (await _blobs.ReadAndPrimeAsync(id, cancellationToken).ConfigureAwait(false))?.Article;

    /// <summary>
    /// The articles with <paramref name="ids"/> in order (null where there is none): their blobs read in parallel
    /// (<see cref="AzureStorageOptions.Parallelism"/> at once), each read kept briefly (<see cref="PrimedReads"/>) so that the
    /// <see cref="UpsertManyAsync"/> that follows writes them without reading them again: a new article is then one conditional
    /// <c>PUT</c> (<c>If-None-Match: *</c>), a changed one one <c>PUT</c> with <c>If-Match</c> the ETag read here.
    /// </summary>
    public async Task<IReadOnlyList<Article?>> GetManyAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        var articles = new Article?[ids.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, ids.Count), _options.Fanout(cancellationToken), async (i, ct) =>
            articles[i] = (await _blobs.ReadAndPrimeAsync(ids[i], ct).ConfigureAwait(false))?.Article).ConfigureAwait(false);
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
                        LogOverRead(skipped, string.Join(", ", plan.Partitions));
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
            // Not the rows' operation keys (kilobytes per row once a source has had many writes).
            rows = await _counters.ReadSourcesAsync(["Slug", "Name", "Count", "LatestPublished"], cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return [];
        }

        return rows
            .Where(r => (r.GetInt64("Count") ?? 0) > 0)
            .Select(SummaryOf)
            .OrderBy(s => s.Slug, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The sources among <paramref name="slugs"/> that hold articles: one point read each, at once.</summary>
    public async Task<IReadOnlyList<SourceSummary>> GetSourcesAsync(IReadOnlyCollection<string> slugs, CancellationToken cancellationToken = default)
    {
        var rows = await Task.WhenAll(slugs.Distinct(StringComparer.Ordinal).Select(slug => ReadSummariesAsync(slug, "", cancellationToken))).ConfigureAwait(false);
        return rows.SelectMany(r => r).Where(r => (r.GetInt64("Count") ?? 0) > 0).Select(SummaryOf).ToList();
    }

    private static SourceSummary SummaryOf(TableEntity row) =>
        new(row.GetString("Slug") ?? row.RowKey, row.GetString("Name") ?? "", (int)(row.GetInt64("Count") ?? 0),
            DateTimeOffset.TryParse(row.GetString("LatestPublished"), System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.RoundtripKind, out var latest) ? latest : default);

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

    /// <summary>For tests: the blob side of the store (its count of writes stored and not indexed yet).</summary>
    internal ArticleBlobs Blobs => _blobs;

    /// <summary>For tests: the store's indexer.</summary>
    internal ArticleIndexer Indexer => _indexer;

    /// <summary>For tests: runs at the start of every index flush, to let another writer in between a blob write and its index (<see cref="ArticleIndexer.OnIndexing"/>).</summary>
    internal Func<CancellationToken, Task>? OnIndexing
    {
        get => _indexer.OnIndexing;
        set => _indexer.OnIndexing = value;
    }

    /// <summary>The articles of <paramref name="rows"/> in order, from the cache or their blobs; rows their blob no longer backs are left out.</summary>
    private async Task<List<Article>> ReadRowsAsync(List<TableEntity> rows, ArticleQuery query, CancellationToken cancellationToken)
    {
        var articles = new Article?[rows.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, rows.Count), _options.Fanout(cancellationToken), async (i, ct) =>
        {
            var row = rows[i];
            var id = row.GetString("Id") ?? "";
            var hash = row.GetString("Hash") ?? "";
            if (_blobs.GetCached(id, hash) is { } cached)
            {
                articles[i] = cached;
                return;
            }

            if (await _blobs.TryReadAsync(id, ct).ConfigureAwait(false) is not { Article: { } article } read)
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

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Article {ArticleId} was written concurrently (attempt {Attempt}); re-reading")]
    private partial void LogWriteConflict(string articleId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Query over index partitions {Partitions} skipped {Skipped} rows that failed its other filters; returning what it found")]
    private partial void LogOverRead(int skipped, string partitions);
}
