using FeedRelay.Feeds;
using FeedRelay.Translation;

namespace FeedRelay.Tests.Translation;

/// <summary>
/// The Translator's answers are untrusted input, as the seeds are: translated content is cleaned as ingested content is,
/// translated titles and summaries lose their markup as ingested titles do, and a budget already spent past its limit
/// (by another instance) still lets an article whose texts are all cached be stored in full.
/// </summary>
public sealed class UntrustedTranslationTests
{
    [Fact]
    public async Task Markup_the_Translator_adds_is_cleaned_before_it_is_stored()
    {
        var fake = new ScriptedTranslator();
        using var folder = TestPaths.NewTempFolder();
        using var rig = new TranslationRig(fake, folder.Path);
        await rig.Store.UpsertAsync(TranslationRig.Story("a1", "VOA", paragraphs: 1));
        fake.AnswerNext(texts => TranslatorResult.Success(texts.Select(_ => "Rate cut <svg onload=alert(1)>now</svg><script>alert(2)</script>").ToList()));
        fake.AnswerNext(texts => TranslatorResult.Success(texts.Select(_ =>
            "<p>Paragraph <img src=x onerror=alert(3)><a href=\"javascript:alert(4)\">link</a></p><script>alert(5)</script><p>end</p>").ToList()));

        var outcome = await rig.Processor.TranslateArticleAsync("a1");

        Assert.Equal(TranslationStatus.Translated, outcome.Status);
        var translation = (await rig.Store.GetAsync("a1"))!.Translation!;
        Assert.Equal("Rate cut", translation.Title); // an <svg> goes with what it holds, as in ingested content
        Assert.Equal("Rate cut", translation.Summary);
        Assert.DoesNotContain("script", translation.ContentHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", translation.ContentHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript", translation.ContentHtml, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<p>end</p>", translation.ContentHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_article_whose_texts_are_all_cached_is_translated_in_full_even_when_the_budget_is_overspent()
    {
        var fake = new ScriptedTranslator();
        using var folder = TestPaths.NewTempFolder();
        using var rig = new TranslationRig(fake, folder.Path, new TranslationSettings { DailyCharacterBudget = 100_000 });
        await rig.Store.UpsertAsync(TranslationRig.Story("a1", "VOA"));
        await rig.Store.UpsertAsync(TranslationRig.Story("a2", "RFA"));
        Assert.Equal(TranslationStatus.Translated, (await rig.Processor.TranslateArticleAsync("a1")).Status);
        // Other instances spent past the day's budget meanwhile.
        await rig.Usage.AddAsync(DateOnly.FromDateTime(rig.Clock.GetUtcNow().UtcDateTime), 200_000);
        var requests = fake.Requests.Count;

        var outcome = await rig.Processor.TranslateArticleAsync("a2"); // the same story: every text is cached

        Assert.Equal((TranslationStatus.Translated, TranslationProcessor.Full), (outcome.Status, outcome.Level));
        Assert.Equal(requests, fake.Requests.Count);
    }

    [Fact]
    public async Task Articles_translated_at_once_never_spend_past_the_budget_together()
    {
        var fake = new ScriptedTranslator();
        using var folder = TestPaths.NewTempFolder();
        using var rig = new TranslationRig(fake, folder.Path, new TranslationSettings { DailyCharacterBudget = 400 });
        // Every read of the day's usage is as stale as it can be (other instances' sends not seen yet): deciding by what
        // was read, each article would think the whole budget its own.
        var processor = new TranslationProcessor(rig.Store, rig.Translator, new UnseenUsage(rig.Usage), rig.Settings, rig.Clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<TranslationProcessor>.Instance);
        var outcomes = new List<TranslationOutcome>();
        for (var i = 0; i < 8; i++)
        {
            // Eight different stories (nothing shared, nothing cached) of about 100 characters each.
            await rig.Store.UpsertAsync(TranslationRig.Story($"a{i}", "VOA", paragraphs: 1, title: $"第{i}号新闻") with
            {
                Summary = $"摘要{i}", ContentHtml = $"<p>正文{i}：中国人民银行宣布下调贷款市场报价利率，财政部表示继续实施积极的财政政策。</p>",
            });
            outcomes.Add(await processor.TranslateArticleAsync($"a{i}"));
        }

        var used = await rig.Usage.GetAsync(DateOnly.FromDateTime(rig.Clock.GetUtcNow().UtcDateTime));
        Assert.InRange(used, 1, 400);
        Assert.Equal(fake.CharactersBilled, used);
        Assert.Contains(outcomes, o => o.Status == TranslationStatus.Translated);
        Assert.Contains(outcomes, o => o.Status == TranslationStatus.Degraded);
    }

    /// <summary>Usage whose reads never see what was added (another instance's view, a moment before); its adds are real.</summary>
    private sealed class UnseenUsage(FeedRelay.Storage.ITranslationUsage inner) : FeedRelay.Storage.ITranslationUsage
    {
        public Task<long> GetAsync(DateOnly day, CancellationToken cancellationToken = default) => Task.FromResult(0L);

        public Task AddAsync(DateOnly day, long characters, CancellationToken cancellationToken = default) => inner.AddAsync(day, characters, cancellationToken);

        public Task<bool> TryAddAsync(DateOnly day, long characters, long limit, CancellationToken cancellationToken = default) =>
            inner.TryAddAsync(day, characters, limit, cancellationToken);
    }

    [Fact]
    public void A_translation_the_budget_paid_nothing_for_is_not_shown_as_one()
    {
        var article = TranslationRig.Story("a1", "VOA") with
        {
            Language = "zh-Hans",
            Translation = new ArticleTranslation { Language = "en", Title = "央行宣布降息", Summary = "中国人民银行周五宣布下调贷款市场报价利率。", Level = TranslationProcessor.None },
        };

        var feed = new FeedDescription("voa", "VOA", new Uri("https://relay.example/voa.atom"), new Uri("https://relay.example/"),
            id => new Uri("https://relay.example/articles/" + id));
        var english = Assert.Single(FeedDocumentBuilder.Build(feed, [article], FeedView.English, new ClusteringOptions(), 10).Items);
        var both = Assert.Single(FeedDocumentBuilder.Build(feed, [article], FeedView.Both, new ClusteringOptions(), 10).Items);

        Assert.Equal(article.Title, english.Title);
        Assert.False(english.Translated);
        Assert.Equal(article.Title, both.Title); // not "央行宣布降息 / 央行宣布降息"
        Assert.DoesNotContain("Machine translation", english.ContentHtml, StringComparison.Ordinal);
    }
}
