using FeedRelay.Storage;
using FeedRelay.Storage.Sqlite;

namespace FeedRelay.Tests.Storage;

/// <summary>
/// SQLite's <see cref="SqliteArticleStore.UpsertIngestedManyAsync"/> reads the batch outside the writer and checks each
/// stored hash inside its write transaction: a translation committed between the two is kept. The writer is held while a
/// translation and then the ingestion's write queue up behind it, so the ingestion reads before the translation lands
/// and writes after it, every time.
/// </summary>
public sealed class SqliteIngestRaceTests : IDisposable
{
    private static readonly ArticleTranslation Landed = new()
    {
        Language = "en", Title = "Translated", Summary = "Translated summary", ContentHtml = "<p>Translated</p>", Level = "full", SourceHash = "h1",
    };

    private readonly SqliteTestStorage _storage = new();

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task A_translation_stored_between_the_batch_read_and_its_write_is_kept()
    {
        var (database, store, article) = await OpenWithAsync(StoreContractTests.Sample("a1", "bbc", 0));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = database.WriteAsync(_ => release.Task.Wait(TimeSpan.FromMinutes(1)));
        var translation = store.TryReplaceAsync(article, article with { Translation = Landed });

        var ingest = store.UpsertIngestedManyAsync([article, StoreContractTests.Sample("n1", "dw", 1)]);
        release.SetResult();

        Assert.True(await held);
        Assert.True(await translation);
        var outcomes = await ingest;
        Assert.Equal([UpsertOutcome.Unchanged, UpsertOutcome.Created], outcomes.Select(o => o.Outcome));
        Assert.Equal(Landed, outcomes[0].Article.Translation);
        Assert.Equal(Landed, (await store.GetAsync("a1"))!.Translation);
        Assert.NotNull(await store.GetAsync("n1"));
    }

    [Fact]
    public async Task Changed_text_stored_between_the_read_and_the_write_is_decided_again_without_the_old_translation()
    {
        var (database, store, article) = await OpenWithAsync(StoreContractTests.Sample("a1", "bbc", 0) with { Translation = Landed });
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = database.WriteAsync(_ => release.Task.Wait(TimeSpan.FromMinutes(1)));
        var corrected = article with { Title = "Corrected title", Translation = null };
        var other = store.UpsertAsync(corrected);

        var ingest = store.UpsertIngestedManyAsync([article with { Translation = null }]);
        release.SetResult();

        Assert.True(await held);
        Assert.Equal(UpsertOutcome.Updated, await other);
        // Decided on what was stored when it wrote (the corrected text, untranslated), not on what it read.
        var outcome = Assert.Single(await ingest);
        Assert.Equal(UpsertOutcome.Updated, outcome.Outcome);
        var stored = (await store.GetAsync("a1"))!;
        Assert.Equal(article.Title, stored.Title);
        Assert.Null(stored.Translation);
    }

    private async Task<(SqliteDatabase Database, SqliteArticleStore Store, Article Article)> OpenWithAsync(Article article)
    {
        var database = _storage.Open();
        var store = new SqliteArticleStore(database, TimeProvider.System);
        await store.UpsertAsync(article);
        return (database, store, (await store.GetAsync(article.Id))!);
    }
}
