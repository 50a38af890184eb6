using FeedRelay.Translation;

namespace FeedRelay.Tests.Translation;

/// <summary>
/// A text the Translator refuses as input (<see cref="TranslatorFailure.InputRefused"/>) would be refused on every try: it is
/// found by sending its request again in halves, kept in the original language, and the rest of the article is translated
/// and stored, instead of the article being retried for ever. A refusal of the request's settings or credentials is still a
/// failure that parks the article.
/// </summary>
public sealed class RefusedTextTests
{
    private const string Refused = "不可翻译";

    [Fact]
    public async Task A_refused_paragraph_stays_in_the_original_and_the_rest_is_translated_and_stored()
    {
        var fake = new ScriptedTranslator { RefusesText = t => t.Contains(Refused, StringComparison.Ordinal) };
        using var folder = TestPaths.NewTempFolder();
        using var rig = new TranslationRig(fake, folder.Path, new TranslationSettings { MaxSegmentCharacters = 120 }); // a piece per paragraph
        var story = TranslationRig.Story("a1", "VOA", paragraphs: 3);
        story = story with { ContentHtml = story.ContentHtml.Replace("第2段", "第2段" + Refused, StringComparison.Ordinal) };
        await rig.Store.UpsertAsync(story);

        var outcome = await rig.Processor.TranslateArticleAsync("a1");

        Assert.Equal((TranslationStatus.Translated, TranslationProcessor.Full), (outcome.Status, outcome.Level));
        Assert.True(outcome.IsDone);
        Assert.Contains("1 texts refused", outcome.Reason, StringComparison.Ordinal);
        var translation = (await rig.Store.GetAsync("a1"))!.Translation!;
        Assert.Contains("EN[", translation.Title, StringComparison.Ordinal);
        Assert.Contains("第2段" + Refused, translation.ContentHtml, StringComparison.Ordinal); // the original paragraph
        Assert.Contains("EN[第1段", translation.ContentHtml, StringComparison.Ordinal);
        Assert.Contains("EN[第3段", translation.ContentHtml, StringComparison.Ordinal);

        // Stored in full: a second pass sends nothing, and the refused text was neither cached nor billed.
        var requests = fake.Requests.Count;
        Assert.Equal(TranslationStatus.AlreadyCurrent, (await rig.Processor.TranslateArticleAsync("a1")).Status);
        Assert.Equal(requests, fake.Requests.Count);
        var keys = ArticleText.Of(story, rig.Settings).Content.Select(s => s.KeyFor(rig.Settings.TargetLanguage)).ToList();
        var cached = await rig.Cache.GetManyAsync(keys);
        Assert.Equal(keys.Count - 1, cached.Count);
        Assert.DoesNotContain(cached.Values, v => v.Contains(Refused, StringComparison.Ordinal));
        Assert.Equal(fake.CharactersBilled, await rig.Usage.GetAsync(DateOnly.FromDateTime(rig.Clock.GetUtcNow().UtcDateTime)));
    }

    [Fact]
    public async Task The_refused_text_is_found_in_a_logarithmic_number_of_requests_and_every_other_text_is_sent_once()
    {
        var fake = new ScriptedTranslator { RefusesText = t => t.Contains(Refused, StringComparison.Ordinal) };
        using var folder = TestPaths.NewTempFolder();
        using var rig = new TranslationRig(fake, folder.Path);
        var texts = Enumerable.Range(0, 64).Select(i => $"第{i}句话。" + (i == 41 ? Refused : "")).ToList();

        var result = await rig.Translator.TranslateAsync(texts.ConvertAll(t => TranslationSegment.Of(t, TextType.Plain)), null);

        Assert.Null(result.Failure);
        Assert.Equal(63, result.Translations.Count);
        Assert.Equal([TranslationSegment.Of(texts[41], TextType.Plain).KeyFor("en")], result.Refused);
        var succeeded = fake.Requests.Where(r => !r.Texts.Any(t => t.Contains(Refused, StringComparison.Ordinal))).SelectMany(r => r.Texts).ToList();
        Assert.Equal(63, succeeded.Count);
        Assert.Equal(63, succeeded.Distinct().Count());
        Assert.Equal(7, fake.Requests.Count(r => r.Texts.Any(t => t.Contains(Refused, StringComparison.Ordinal)))); // 64, 32, …, 1
        Assert.Equal(result.Billed, fake.CharactersBilled);
    }

    [Fact]
    public async Task Within_a_budget_the_characters_of_a_refused_text_are_given_back()
    {
        var fake = new ScriptedTranslator { RefusesText = t => t.Contains(Refused, StringComparison.Ordinal) };
        using var folder = TestPaths.NewTempFolder();
        using var rig = new TranslationRig(fake, folder.Path, new TranslationSettings { DailyCharacterBudget = 100_000 });
        var story = TranslationRig.Story("a1", "VOA", paragraphs: 2);
        await rig.Store.UpsertAsync(story with { Summary = story.Summary + Refused });

        var outcome = await rig.Processor.TranslateArticleAsync("a1");

        Assert.Equal(TranslationStatus.Translated, outcome.Status);
        Assert.Equal(story.Summary + Refused, (await rig.Store.GetAsync("a1"))!.Translation!.Summary);
        Assert.Equal(fake.CharactersBilled, await rig.Usage.GetAsync(DateOnly.FromDateTime(rig.Clock.GetUtcNow().UtcDateTime)));
    }

    [Fact]
    public async Task When_every_text_is_refused_on_its_own_the_request_is_taken_to_be_at_fault_and_nothing_is_stored()
    {
        var fake = new ScriptedTranslator { RefusesText = _ => true }; // a setting the service reads as input, say
        using var folder = TestPaths.NewTempFolder();
        using var rig = new TranslationRig(fake, folder.Path);
        await rig.Store.UpsertAsync(TranslationRig.Story("a1", "VOA"));

        var outcome = await rig.Processor.TranslateArticleAsync("a1");

        Assert.Equal(TranslationStatus.Failed, outcome.Status);
        Assert.IsType<TranslatorFailure.Refused>(outcome.Failure);
        Assert.Null((await rig.Store.GetAsync("a1"))!.Translation); // tried again later, not stored as translated
    }

    [Fact]
    public async Task A_refusal_of_the_settings_is_not_taken_for_a_refused_text()
    {
        var fake = new ScriptedTranslator();
        using var folder = TestPaths.NewTempFolder();
        using var rig = new TranslationRig(fake, folder.Path);
        await rig.Store.UpsertAsync(TranslationRig.Story("a1", "VOA"));
        fake.FailNext(new TranslatorFailure.Refused(400, "400036", "The target language is not valid."));

        var outcome = await rig.Processor.TranslateArticleAsync("a1");

        Assert.Equal(TranslationStatus.Failed, outcome.Status);
        Assert.False(outcome.IsDone);
        Assert.Null((await rig.Store.GetAsync("a1"))!.Translation);
    }
}
