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
