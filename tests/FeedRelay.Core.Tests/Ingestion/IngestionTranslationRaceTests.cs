using System.Text;
using FeedRelay.Ingestion;
using FeedRelay.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FeedRelay.Tests.Ingestion;

/// <summary>A translation stored between ingestion's read of an article and its write must survive the write.</summary>
public sealed class IngestionTranslationRaceTests : IDisposable
{
    private const string Seed = "<!--1595136758000-->\n[标题](https://www.rfa.org/a.html)\n------\n\n<p>正文第一段。</p>\n";
    private const string Redated = "<!--1595140358000-->\n[标题](https://www.rfa.org/a.html)\n------\n\n<p>正文第一段。</p>\n";
    private const string Corrected = "<!--1595136758000-->\n[标题（更正）](https://www.rfa.org/a.html)\n------\n\n<p>正文第一段，已更正。</p>\n";

    private static readonly ArticleTranslation Landed = new()
    {
        Language = "en", Title = "EN[标题]", Summary = "EN[正文第一段。]", ContentHtml = "<p>EN[正文第一段。]</p>", Level = "full", SourceHash = "h1",
    };

    private readonly TempFolder _data = TestPaths.NewTempFolder();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Re_ingesting_the_same_seed_keeps_a_translation_stored_between_its_read_and_its_write()
    {
        using var inner = OpenStore();
        var created = await Service(inner).IngestAsync("a.md", Encoding.UTF8.GetBytes(Seed));
        var racing = new TranslateAfterFirstRead(inner, Landed);

        var again = await Service(racing).IngestAsync("a.md", Encoding.UTF8.GetBytes(Seed));

        Assert.True(racing.Landed);
        Assert.Equal(created.ArticleId, again.ArticleId);
        Assert.Equal(Landed, (await inner.GetAsync(created.ArticleId!))!.Translation);
        Assert.Equal(IngestStatus.Unchanged, again.Status);
    }

    [Fact]
    public async Task A_new_publication_time_with_the_same_text_keeps_a_translation_stored_between_read_and_write()
    {
        using var inner = OpenStore();
        var created = await Service(inner).IngestAsync("a.md", Encoding.UTF8.GetBytes(Seed));
        var racing = new TranslateAfterFirstRead(inner, Landed);
        _clock.Advance(TimeSpan.FromHours(1));

        var updated = await Service(racing).IngestAsync("a.md", Encoding.UTF8.GetBytes(Redated));

        Assert.True(racing.Landed);
        Assert.Equal(IngestStatus.Updated, updated.Status);
        var stored = (await inner.GetAsync(created.ArticleId!))!;
        Assert.Equal(Landed, stored.Translation);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1595140358000), stored.Published);
    }

    [Fact]
    public async Task Changed_text_replaces_the_article_without_the_translation_of_the_old_text()
    {
        using var inner = OpenStore();
        var created = await Service(inner).IngestAsync("a.md", Encoding.UTF8.GetBytes(Seed));
        var racing = new TranslateAfterFirstRead(inner, Landed);

        var updated = await Service(racing).IngestAsync("a.md", Encoding.UTF8.GetBytes(Corrected));

        Assert.True(racing.Landed);
        Assert.Equal(IngestStatus.Updated, updated.Status);
        var stored = (await inner.GetAsync(created.ArticleId!))!;
        Assert.Equal("标题（更正）", stored.Title);
        Assert.Null(stored.Translation);
    }

    private FileArticleStore OpenStore() =>
        new(new FileStoreOptions { DataPath = _data.Path }, _clock, NullLogger<FileArticleStore>.Instance);

    private IngestionService Service(IArticleStore store) =>
        new(new IngestionOptions(), new ArticleNormaliser(), store, new FileQuarantine(new FileStoreOptions { DataPath = _data.Path }), _clock,
            NullLogger<IngestionService>.Instance);

    public void Dispose() => _data.Dispose();

    /// <summary>
    /// Stores <paramref name="translation"/> on the article right after the first read of it returns (as the translation
    /// processor would, racing with ingestion), so that the reader holds the article as it was before the translation.
    /// </summary>
    private sealed class TranslateAfterFirstRead(FileArticleStore inner, ArticleTranslation translation) : IArticleStore
    {
        public bool Landed { get; private set; }

        public async Task<Article?> GetAsync(string id, CancellationToken cancellationToken = default)
        {
            var article = await inner.GetAsync(id, cancellationToken);
            if (!Landed && article is not null)
            {
                Assert.True(await inner.TryReplaceAsync(article, article with { Translation = translation }, cancellationToken));
                Landed = true;
            }

            return article;
        }

        public Task<UpsertOutcome> UpsertAsync(Article article, CancellationToken cancellationToken = default) => inner.UpsertAsync(article, cancellationToken);

        public Task<bool> TryReplaceAsync(Article current, Article replacement, CancellationToken cancellationToken = default) =>
            inner.TryReplaceAsync(current, replacement, cancellationToken);

        public Task<IReadOnlyList<Article>> QueryAsync(ArticleQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

        public Task<IReadOnlyList<SourceSummary>> ListSourcesAsync(CancellationToken cancellationToken = default) => inner.ListSourcesAsync(cancellationToken);
    }
}
