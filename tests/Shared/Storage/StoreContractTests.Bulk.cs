using FeedRelay.Storage;

namespace FeedRelay.Tests.Storage;

/// <summary>The bulk reads and writes of ingestion (<see cref="IArticleStore.GetManyAsync"/>, <see cref="IArticleStore.UpsertIngestedManyAsync"/>).</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task GetMany_returns_each_stored_article_in_order_and_null_for_missing_ones()
    {
        await using var stores = await CreateAsync();
        await stores.Articles.UpsertManyAsync([Sample("b1", "bbc", 0), Sample("b2", "dw", 1), Sample("b3", "bbc", 2)]);

        var read = await stores.Articles.GetManyAsync(["b3", "missing", "b1", "b2", "other"]);

        Assert.Equal(["b3", null, "b1", "b2", null], read.Select(a => a?.Id));
        Assert.Equal(StoreJson.ContentOf(Sample("b2", "dw", 1)), StoreJson.ContentOf(read[3]!));
        Assert.Empty(await stores.Articles.GetManyAsync([]));
    }

    [Fact]
    public async Task GetMany_then_writes_of_the_same_articles_see_changes_made_in_between()
    {
        await using var stores = await CreateAsync();
        await stores.Articles.UpsertAsync(Sample("b1", "bbc", 0));
        var other = await stores.ReopenAsync();

        // This instance reads the batch; another changes one article and creates another before this one writes.
        var read = await stores.Articles.GetManyAsync(["b1", "b2"]);
        Assert.Null(read[1]);
        await other.UpsertAsync(Sample("b1", "bbc", 0) with { Title = "Changed elsewhere" });
        await other.UpsertAsync(Sample("b2", "bbc", 1) with { Title = "Created elsewhere" });

        var outcomes = await stores.Articles.UpsertManyAsync([Sample("b1", "bbc", 0) with { Title = "Changed here" }, Sample("b2", "bbc", 1)]);

        // Both were written over what the other instance stored (the file store's instances cannot tell created from updated).
        Assert.DoesNotContain(UpsertOutcome.Unchanged, outcomes);
        Assert.Equal("Changed here", (await stores.Articles.GetAsync("b1"))!.Title);
        Assert.Equal(Sample("b2", "bbc", 1).Title, (await stores.Articles.GetAsync("b2"))!.Title);
        Assert.Equal(2, (await stores.Articles.QueryAsync(new ArticleQuery())).Count);
    }

    [Fact]
    public async Task Ingested_articles_keep_a_stored_translation_only_while_their_text_is_the_same()
    {
        await using var stores = await CreateAsync();
        var translation = new ArticleTranslation { Language = "en", Title = "Translated", SourceHash = "h" };
        await stores.Articles.UpsertManyAsync([Sample("t1", "bbc", 0) with { Translation = translation }, Sample("t2", "bbc", 1) with { Translation = translation }]);

        var outcomes = await stores.Articles.UpsertIngestedManyAsync(
            [Sample("t1", "bbc", 0), Sample("t2", "bbc", 1) with { ContentHtml = "<p>new text</p>" }, Sample("t3", "dw", 2)]);

        Assert.Equal([UpsertOutcome.Unchanged, UpsertOutcome.Updated, UpsertOutcome.Created], outcomes.Select(o => o.Outcome));
        Assert.Equal("Translated", outcomes[0].Article.Translation?.Title);
        Assert.Null(outcomes[1].Article.Translation);
        Assert.Equal("Translated", (await stores.Articles.GetAsync("t1"))!.Translation?.Title);
        Assert.Null((await stores.Articles.GetAsync("t2"))!.Translation);
        Assert.Equal(3, (await stores.Articles.QueryAsync(new ArticleQuery())).Count);

        var again = await stores.Articles.UpsertIngestedManyAsync([Sample("t1", "bbc", 0), Sample("t3", "dw", 2)]);
        Assert.All(again, o => Assert.Equal(UpsertOutcome.Unchanged, o.Outcome));
    }
}
