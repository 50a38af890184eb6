namespace FeedRelay.Storage;

/// <summary>
/// The default of <see cref="IArticleStore.UpsertIngestedManyAsync"/> for stores that cannot decide inside their own write:
/// new articles are written together, and an existing one is replaced only while it is still the version read
/// (<see cref="IArticleStore.TryReplaceAsync"/>), so that a translation stored between the read and the write is kept.
/// </summary>
internal static class IngestedWrites
{
    /// <summary>Reads of an article that keeps changing before its write gives up (the seed is ingested again later).</summary>
    private const int MaxAttempts = 8;

    public static async Task<IReadOnlyList<StoredOutcome>> UpsertAsync(IArticleStore store, IReadOnlyList<Article> articles, CancellationToken cancellationToken)
    {
        var existing = await store.GetManyAsync(articles.Select(a => a.Id).ToList(), cancellationToken).ConfigureAwait(false);
        var results = new StoredOutcome[articles.Count];
        var fresh = Enumerable.Range(0, articles.Count).Where(i => existing[i] is null).ToList();
        var created = await store.UpsertManyAsync(fresh.ConvertAll(i => articles[i]), cancellationToken).ConfigureAwait(false);
        for (var n = 0; n < fresh.Count; n++)
        {
            results[fresh[n]] = new StoredOutcome(articles[fresh[n]], created[n]);
        }

        for (var i = 0; i < articles.Count; i++)
        {
            if (existing[i] is { } stored)
            {
                results[i] = await ReplaceAsync(store, stored, articles[i], cancellationToken).ConfigureAwait(false);
            }
        }

        return results;
    }

    private static async Task<StoredOutcome> ReplaceAsync(IArticleStore store, Article stored, Article article, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var candidate = TranslationCarryOver.Apply(stored, article);
            if (StoreJson.ContentOf(stored) == StoreJson.ContentOf(candidate))
            {
                return new StoredOutcome(stored, UpsertOutcome.Unchanged);
            }

            if (await store.TryReplaceAsync(stored, candidate, cancellationToken).ConfigureAwait(false))
            {
                return new StoredOutcome(candidate, UpsertOutcome.Updated);
            }

            if (attempt >= MaxAttempts)
            {
                throw new InvalidOperationException(
                    $"Article {article.Id} kept changing while it was being stored ({attempt} attempts); the seed is ingested again on the next scan.");
            }

            // Changed since it was read (a translation landed, or another writer): decide again on what is stored now.
            if (await store.GetAsync(article.Id, cancellationToken).ConfigureAwait(false) is not { } current)
            {
                return new StoredOutcome(article, await store.UpsertAsync(article, cancellationToken).ConfigureAwait(false));
            }

            stored = current;
        }
    }
}
