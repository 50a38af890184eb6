namespace FeedRelay.Storage;

/// <summary>Where normalised articles live, newest first by publication time.</summary>
public interface IArticleStore
{
    /// <summary>Adds or updates an article; an identical article is a no-op.</summary>
    Task<UpsertOutcome> UpsertAsync(Article article, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces <paramref name="current"/> with <paramref name="replacement"/> (same id) only while the stored article still has
    /// <paramref name="current"/>'s content; false when it is gone or changed meanwhile (re-read and decide again), so that a
    /// slow writer never overwrites newer text. The replacement gets a later update time, as in <see cref="UpsertAsync"/>.
    /// </summary>
    Task<bool> TryReplaceAsync(Article current, Article replacement, CancellationToken cancellationToken = default);

    /// <summary>The article with <paramref name="id"/>, or null.</summary>
    Task<Article?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// The articles with <paramref name="ids"/>, in the same order (null where there is none); stores that can read many rows or
    /// blobs in one round trip override this (bulk ingestion reads every article of a batch before writing it).
    /// </summary>
    async Task<IReadOnlyList<Article?>> GetManyAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        var articles = new Article?[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            articles[i] = await GetAsync(ids[i], cancellationToken).ConfigureAwait(false);
        }

        return articles;
    }

    /// <summary>Articles matching <paramref name="query"/>, newest first.</summary>
    Task<IReadOnlyList<Article>> QueryAsync(ArticleQuery query, CancellationToken cancellationToken = default);

    /// <summary>Every source with its article count and latest publication.</summary>
    Task<IReadOnlyList<SourceSummary>> ListSourcesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The sources among <paramref name="slugs"/> that hold articles, in no particular order: what a feed request needs to
    /// know of its sources, read by key (the stores override this; the default lists every source, for small stores).
    /// </summary>
    async Task<IReadOnlyList<SourceSummary>> GetSourcesAsync(IReadOnlyCollection<string> slugs, CancellationToken cancellationToken = default) =>
        slugs.Count == 0 ? [] : (await ListSourcesAsync(cancellationToken).ConfigureAwait(false)).Where(s => slugs.Contains(s.Slug)).ToList();

    /// <summary>The store's in-memory index, when it keeps one; feeds use its version to cache documents.</summary>
    ArticleIndex? Index => null;

    /// <summary>
    /// Brings <see cref="Index"/> up to date when it may lag the backing storage (another instance wrote to it);
    /// cheap when fresh. Callers that read <see cref="Index"/> directly call this first.
    /// </summary>
    Task EnsureFreshAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>
    /// A number that changes whenever a feed of <paramref name="sourceSlug"/> (null: any feed) could change, for keying cached
    /// feed documents; -1 when the store cannot tell (do not cache). Stores with an <see cref="Index"/> use its versions.
    /// </summary>
    async ValueTask<long> GetVersionAsync(string? sourceSlug, CancellationToken cancellationToken = default)
    {
        await EnsureFreshAsync(cancellationToken).ConfigureAwait(false);
        return Index is not { } index ? -1 : sourceSlug is null ? index.Version : index.SourceVersion(sourceSlug);
    }

    /// <summary>
    /// When an article of <paramref name="sourceSlug"/> (null: of any source) was last stored as new or changed, by the
    /// store's clock; null when the store does not keep it. Never moves back. A feed's <c>Last-Modified</c> is at least this,
    /// so that an article entering a feed with an older date, or leaving it, is a change for readers that revalidate by date.
    /// </summary>
    ValueTask<DateTimeOffset?> GetChangedAtAsync(string? sourceSlug, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<DateTimeOffset?>(null);

    /// <summary>
    /// False when <see cref="ArticleQuery.Keyword"/> cannot be answered without scanning the corpus: <see cref="QueryAsync"/>
    /// then throws <see cref="KeywordSearchNotSupportedException"/> for a query with a keyword.
    /// </summary>
    bool SupportsKeywordSearch => true;

    /// <summary>
    /// Stored articles by translation level: <c>full</c>, <c>title-summary</c>, <c>none</c> (as on
    /// <see cref="ArticleTranslation.Level"/>) and <see cref="Untranslated"/>, from counts the store keeps as it writes; null
    /// when it keeps none (then nobody counts by reading the whole archive).
    /// </summary>
    Task<IReadOnlyDictionary<string, long>?> CountByTranslationLevelAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<string, long>?>(null);

    /// <summary>The <see cref="CountByTranslationLevelAsync"/> key of articles without a translation.</summary>
    const string Untranslated = "untranslated";

    /// <summary>
    /// Stores many articles at once (bulk ingestion), as <see cref="UpsertAsync"/> would one by one; stores that can write them in
    /// batched transactions do so. Outcomes are in the order of <paramref name="articles"/>.
    /// </summary>
    async Task<IReadOnlyList<UpsertOutcome>> UpsertManyAsync(IReadOnlyList<Article> articles, CancellationToken cancellationToken = default)
    {
        var outcomes = new UpsertOutcome[articles.Count];
        for (var i = 0; i < articles.Count; i++)
        {
            outcomes[i] = await UpsertAsync(articles[i], cancellationToken).ConfigureAwait(false);
        }

        return outcomes;
    }

    /// <summary>
    /// Stores freshly ingested articles as <see cref="UpsertManyAsync"/> would, except that each keeps the translation of its
    /// stored version while the text is the same (<see cref="TranslationCarryOver"/>), and a translation stored meanwhile is
    /// never overwritten. Returns what was stored (or found unchanged) and the outcome, in the order of <paramref name="articles"/>;
    /// ids must be distinct. Ingestion stores every seed this way, one or many. The default reads the batch, writes the new
    /// articles together and replaces each existing one conditionally (<see cref="TryReplaceAsync"/>); stores that decide inside
    /// their own write override it (no read before a new article; an unchanged article's index checked and repaired).
    /// </summary>
    Task<IReadOnlyList<StoredOutcome>> UpsertIngestedManyAsync(IReadOnlyList<Article> articles, CancellationToken cancellationToken = default) =>
        IngestedWrites.UpsertAsync(this, articles, cancellationToken);
}

/// <summary>What <see cref="IArticleStore.UpsertIngestedManyAsync"/> did with one article: <paramref name="Article"/> is what is stored.</summary>
public sealed record StoredOutcome(Article Article, UpsertOutcome Outcome);

/// <summary>What an upsert did.</summary>
public enum UpsertOutcome
{
    /// <summary>A new article was stored.</summary>
    Created,

    /// <summary>An existing article changed and was replaced.</summary>
    Updated,

    /// <summary>The same article was already stored; nothing changed.</summary>
    Unchanged,
}

/// <summary>One source as listed in the index and OPML.</summary>
public sealed record SourceSummary(string Slug, string Name, int ArticleCount, DateTimeOffset LatestPublished);
