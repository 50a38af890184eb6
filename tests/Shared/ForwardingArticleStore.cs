using FeedRelay.Storage;

namespace FeedRelay.Tests;

/// <summary>
/// An <see cref="IArticleStore"/> that hands every call to <paramref name="inner"/>, so that a test store (one that counts,
/// fails or races) overrides only the calls it is about and keeps the inner store's own implementations of the rest.
/// </summary>
public abstract class ForwardingArticleStore(IArticleStore inner) : IArticleStore
{
    /// <summary>The store calls are handed to.</summary>
    protected IArticleStore Inner => inner;

    public virtual ArticleIndex? Index => inner.Index;

    public virtual bool SupportsKeywordSearch => inner.SupportsKeywordSearch;

    public virtual Task<UpsertOutcome> UpsertAsync(Article article, CancellationToken cancellationToken = default) =>
        inner.UpsertAsync(article, cancellationToken);

    public virtual Task<IReadOnlyList<UpsertOutcome>> UpsertManyAsync(IReadOnlyList<Article> articles, CancellationToken cancellationToken = default) =>
        inner.UpsertManyAsync(articles, cancellationToken);

    public virtual Task<IReadOnlyList<StoredOutcome>> UpsertIngestedManyAsync(IReadOnlyList<Article> articles, CancellationToken cancellationToken = default) =>
        inner.UpsertIngestedManyAsync(articles, cancellationToken);

    public virtual Task<bool> TryReplaceAsync(Article current, Article replacement, CancellationToken cancellationToken = default) =>
        inner.TryReplaceAsync(current, replacement, cancellationToken);

    public virtual Task<Article?> GetAsync(string id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

    public virtual Task<IReadOnlyList<Article?>> GetManyAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        inner.GetManyAsync(ids, cancellationToken);

    public virtual Task<IReadOnlyList<Article>> QueryAsync(ArticleQuery query, CancellationToken cancellationToken = default) =>
        inner.QueryAsync(query, cancellationToken);

    public virtual Task<IReadOnlyList<SourceSummary>> ListSourcesAsync(CancellationToken cancellationToken = default) =>
        inner.ListSourcesAsync(cancellationToken);

    public virtual Task<IReadOnlyList<SourceSummary>> GetSourcesAsync(IReadOnlyCollection<string> slugs, CancellationToken cancellationToken = default) =>
        inner.GetSourcesAsync(slugs, cancellationToken);

    public virtual Task EnsureFreshAsync(CancellationToken cancellationToken = default) => inner.EnsureFreshAsync(cancellationToken);

    public virtual ValueTask<long> GetVersionAsync(string? sourceSlug, CancellationToken cancellationToken = default) =>
        inner.GetVersionAsync(sourceSlug, cancellationToken);

    public virtual ValueTask<DateTimeOffset?> GetChangedAtAsync(string? sourceSlug, CancellationToken cancellationToken = default) =>
        inner.GetChangedAtAsync(sourceSlug, cancellationToken);

    public virtual Task<IReadOnlyDictionary<string, long>?> CountByTranslationLevelAsync(CancellationToken cancellationToken = default) =>
        inner.CountByTranslationLevelAsync(cancellationToken);
}
