using System.Diagnostics.Metrics;
using FeedRelay.Storage;
using FeedRelay.Translation;
using Microsoft.Extensions.Time.Testing;

namespace FeedRelay.Tests.Translation;

public sealed class TranslationProcessorTests
{
    [Fact]
    public async Task Text_re_ingested_while_translating_is_never_overwritten_by_the_stale_translation()
    {
        var fake = new ScriptedTranslator();
        using var folder = TestPaths.NewTempFolder();
        using var rig = new TranslationRig(fake, folder.Path);
        var story = TranslationRig.Story("a1", "VOA");
        var newer = story with { ContentHtml = "<p>更正后的新文本。</p>" };
        await rig.Store.UpsertAsync(story);
        var racing = new ReingestBeforeWrite(rig.Store, newer);
        var processor = new TranslationProcessor(racing, rig.Translator, rig.Usage, rig.Settings, rig.Clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<TranslationProcessor>.Instance);

        var outcome = await processor.TranslateArticleAsync("a1");

        Assert.True(racing.Reingested);
        Assert.Equal(TranslationStatus.Superseded, outcome.Status);
        var stored = await rig.Store.GetAsync("a1");
        Assert.Equal(newer.ContentHtml, stored!.ContentHtml);
        Assert.Null(stored.Translation);
    }

    [Fact]
    public async Task A_change_that_keeps_the_text_is_merged_with_the_translation()
    {
        var fake = new ScriptedTranslator();
        using var folder = TestPaths.NewTempFolder();
        using var rig = new TranslationRig(fake, folder.Path);
        var story = TranslationRig.Story("a1", "VOA");
        var recategorised = story with { Categories = ["economy"] };
        await rig.Store.UpsertAsync(story);
        var racing = new ReingestBeforeWrite(rig.Store, recategorised);
        var processor = new TranslationProcessor(racing, rig.Translator, rig.Usage, rig.Settings, rig.Clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<TranslationProcessor>.Instance);

        var outcome = await processor.TranslateArticleAsync("a1");

        Assert.True(racing.Reingested);
        Assert.Equal(TranslationStatus.Translated, outcome.Status);
        var stored = await rig.Store.GetAsync("a1");
        Assert.Equal(["economy"], stored!.Categories);
        Assert.Equal("EN[央行宣布降息]", stored.Translation?.Title);
    }

    /// <summary>
    /// Re-ingests <paramref name="newer"/> right after the processor's second read of the article (its last read before
    /// writing), which is the window in which a concurrent ingestion can slip in.
    /// </summary>
    private sealed class ReingestBeforeWrite(FileArticleStore inner, Article newer) : IArticleStore
    {
        private int _reads;

        public bool Reingested { get; private set; }

        public async Task<Article?> GetAsync(string id, CancellationToken cancellationToken = default)
        {
            var article = await inner.GetAsync(id, cancellationToken);
            if (++_reads == 2)
            {
                await inner.UpsertAsync(newer, cancellationToken);
                Reingested = true;
            }

            return article;
        }

        public Task<UpsertOutcome> UpsertAsync(Article article, CancellationToken cancellationToken = default) => inner.UpsertAsync(article, cancellationToken);

        public Task<bool> TryReplaceAsync(Article current, Article replacement, CancellationToken cancellationToken = default) =>
            inner.TryReplaceAsync(current, replacement, cancellationToken);

        public Task<IReadOnlyList<Article>> QueryAsync(ArticleQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

        public Task<IReadOnlyList<SourceSummary>> ListSourcesAsync(CancellationToken cancellationToken = default) => inner.ListSourcesAsync(cancellationToken);
    }

    [Fact]
    public async Task An_article_is_translated_in_full_and_updated_in_place()
    {
        var fake = new ScriptedTranslator();
        using var folder = TestPaths.NewTempFolder();
        using var rig = new TranslationRig(fake, folder.Path);
        var story = TranslationRig.Story("a1", "VOA");
        await rig.Store.UpsertAsync(story);

        var outcome = await rig.Processor.TranslateArticleAsync("a1");

        Assert.Equal(TranslationStatus.Translated, outcome.Status);
        var stored = await rig.Store.GetAsync("a1");
        Assert.NotNull(stored?.Translation);
        Assert.Equal("a1", stored.Id);
        Assert.True(stored.Updated > story.Updated);
        Assert.Equal("full", stored.Translation.Level);
        Assert.Equal("en", stored.Translation.Language);
        Assert.Equal("EN[央行宣布降息]", stored.Translation.Title);
        Assert.Equal("EN[中国人民银行周五宣布下调贷款市场报价利率。]", stored.Translation.Summary);
        Assert.Equal(FakeTranslator.Translate(story.ContentHtml, html: true), stored.Translation.ContentHtml);
        Assert.Equal(story.Title, stored.Title);
        Assert.Equal(fake.CharactersBilled, rig.Metrics.CharactersBilled);
    }

    [Fact]
    public async Task Long_content_goes_out_in_batches_within_the_limits_and_is_reassembled()
    {
        var fake = new ScriptedTranslator();
        using var folder = TestPaths.NewTempFolder();
        using var rig = new TranslationRig(fake, folder.Path, new TranslationSettings { MaxSegmentCharacters = 2_000 });
        var story = TranslationRig.Story("long", "DW", paragraphs: 2_000);
        Assert.True(story.ContentHtml.Length > 3 * TranslatorLimits.MaxCharacters);
        await rig.Store.UpsertAsync(story);

        var outcome = await rig.Processor.TranslateArticleAsync("long");

        Assert.Equal(TranslationStatus.Translated, outcome.Status);
        Assert.True(fake.Requests.Count >= 4);
        Assert.All(fake.Requests, r => Assert.True(r.Texts.Count <= 1_000 && r.Texts.Sum(t => t.Length) <= 50_000));
        Assert.All(fake.Requests.Where(r => r.Texts.Any(t => t.StartsWith("<p>", StringComparison.Ordinal))), r => Assert.Equal(TextType.Html, r.Type));
        var stored = await rig.Store.GetAsync("long");
        Assert.Equal(FakeTranslator.Translate(story.ContentHtml, html: true), stored!.Translation!.ContentHtml);
    }

    [Fact]
    public async Task Many_short_texts_are_sent_at_most_a_thousand_per_request()
    {
        var fake = new ScriptedTranslator();
        using var folder = TestPaths.NewTempFolder();
        using var rig = new TranslationRig(fake, folder.Path);
        var segments = Enumerable.Range(0, 2_500).Select(i => TranslationSegment.Of($"标题{i}", TextType.Plain)).ToList();

        var result = await rig.Translator.TranslateAsync(segments, null);

        Assert.Null(result.Failure);
        Assert.Equal(2_500, result.Translations.Count);
        Assert.Equal([1_000, 1_000, 500], fake.Requests.Select(r => r.Texts.Count));
    }

    [Fact]
    public async Task Translating_again_after_a_restart_and_the_same_story_from_another_source_bill_nothing()
    {
        var fake = new ScriptedTranslator();
        using var folder = TestPaths.NewTempFolder();
        using (var first = new TranslationRig(fake, folder.Path))
        {
            await first.Store.UpsertAsync(TranslationRig.Story("voa-1", "VOA"));
            Assert.Equal(TranslationStatus.Translated, (await first.Processor.TranslateArticleAsync("voa-1")).Status);
        }

        var billed = fake.CharactersBilled;
        var requests = fake.Requests.Count;
        Assert.True(billed > 0);

        using var restarted = new TranslationRig(fake, folder.Path);
        Assert.Equal(TranslationStatus.AlreadyCurrent, (await restarted.Processor.TranslateArticleAsync("voa-1")).Status);
        await restarted.Store.UpsertAsync(TranslationRig.Story("rfa-9", "RFA"));
        var outcome = await restarted.Processor.TranslateArticleAsync("rfa-9");

        Assert.Equal(TranslationStatus.Translated, outcome.Status);
        Assert.Equal("EN[央行宣布降息]", (await restarted.Store.GetAsync("rfa-9"))!.Translation!.Title);
        Assert.Equal(billed, fake.CharactersBilled);
        Assert.Equal(requests, fake.Requests.Count);
        Assert.Equal(0, restarted.Metrics.CharactersBilled);
        Assert.True(restarted.Metrics.CacheHits >= 3);
    }

    [Fact]
    public async Task Changed_text_sends_only_the_changed_part()
    {
        var fake = new ScriptedTranslator();
        using var folder = TestPaths.NewTempFolder();
        using var rig = new TranslationRig(fake, folder.Path);
        var story = TranslationRig.Story("a", "VOA");
        await rig.Store.UpsertAsync(story);
        await rig.Processor.TranslateArticleAsync("a");
        var billed = fake.CharactersBilled;

        var stored = await rig.Store.GetAsync("a");
        await rig.Store.UpsertAsync(stored! with { Title = "央行宣布再次降息" });
        var outcome = await rig.Processor.TranslateArticleAsync("a");

        Assert.Equal(TranslationStatus.Translated, outcome.Status);
        Assert.Equal(billed + "央行宣布再次降息".Length, fake.CharactersBilled);
        Assert.Equal("EN[央行宣布再次降息]", (await rig.Store.GetAsync("a"))!.Translation!.Title);
    }

    [Fact]
    public async Task A_low_budget_degrades_to_title_and_summary_then_to_none_and_says_so()
    {
        var fake = new ScriptedTranslator();
        using var folder = TestPaths.NewTempFolder();
        var headline = "央行宣布降息".Length + "中国人民银行周五宣布下调贷款市场报价利率。".Length;
        using var rig = new TranslationRig(fake, folder.Path, new TranslationSettings { DailyCharacterBudget = headline + 5 });
        await rig.Store.UpsertAsync(TranslationRig.Story("a", "VOA"));
        await rig.Store.UpsertAsync(TranslationRig.Story("b", "DW", title: "另一条完全不同的新闻"));

        var first = await rig.Processor.TranslateArticleAsync("a");
        var second = await rig.Processor.TranslateArticleAsync("b");

        Assert.Equal((TranslationStatus.Degraded, "title-summary"), (first.Status, first.Level));
        Assert.False(first.IsDone);
        var a = (await rig.Store.GetAsync("a"))!.Translation!;
        Assert.Equal(("title-summary", "EN[央行宣布降息]", ""), (a.Level, a.Title, a.ContentHtml));
        Assert.Equal((TranslationStatus.Degraded, "none"), (second.Status, second.Level));
        Assert.Equal(("none", "另一条完全不同的新闻"), ((await rig.Store.GetAsync("b"))!.Translation!.Level, (await rig.Store.GetAsync("b"))!.Translation!.Title));
        Assert.Equal(headline, fake.CharactersBilled);
        Assert.True(fake.CharactersBilled <= rig.Settings.DailyCharacterBudget);
    }

    [Fact]
    public async Task An_outage_fails_the_item_without_touching_the_article_and_recovery_translates_it()
    {
        var fake = new ScriptedTranslator();
        using var folder = TestPaths.NewTempFolder();
        using var rig = new TranslationRig(fake, folder.Path);
        await rig.Store.UpsertAsync(TranslationRig.Story("a", "VOA"));
        fake.Down = true;

        var failed = await rig.Processor.TranslateArticleAsync("a");

        Assert.Equal(TranslationStatus.Failed, failed.Status);
        Assert.Contains("503", failed.Reason, StringComparison.Ordinal);
        Assert.False((await rig.Processor.ProcessAsync(new TranslationRequest("a"))).IsDone);
        Assert.Null((await rig.Store.GetAsync("a"))!.Translation);
        Assert.Equal(2, rig.Metrics.Failures);

        fake.Down = false;
        Assert.True((await rig.Processor.ProcessAsync(new TranslationRequest("a"))).IsDone);
        Assert.Equal("full", (await rig.Store.GetAsync("a"))!.Translation!.Level);
    }

    [Fact]
    public async Task Fewer_translations_than_texts_park_the_article_as_malformed_and_nothing_is_cached_or_billed()
    {
        var fake = new ScriptedTranslator();
        using var folder = TestPaths.NewTempFolder();
        using var rig = new TranslationRig(fake, folder.Path);
        await rig.Store.UpsertAsync(TranslationRig.Story("a", "VOA"));
        fake.AnswerNext(texts => TranslatorResult.Success(texts.Skip(1).ToList()));

        var parked = await rig.Processor.TranslateArticleAsync("a");

        Assert.Equal(TranslationStatus.Failed, parked.Status);
        Assert.IsType<TranslatorFailure.Malformed>(parked.Failure);
        Assert.StartsWith("malformed: ", parked.Reason, StringComparison.Ordinal);
        Assert.Null((await rig.Store.GetAsync("a"))!.Translation);
        Assert.Empty(await rig.Cache.GetManyAsync([TranslationSegment.Of("央行宣布降息", TextType.Plain).KeyFor("en")]));
        Assert.Equal(0, await rig.Usage.GetAsync(DateOnly.FromDateTime(rig.Clock.GetUtcNow().UtcDateTime)));

        Assert.Equal(TranslationStatus.Translated, (await rig.Processor.TranslateArticleAsync("a")).Status);
    }

    [Fact]
    public async Task A_translator_that_throws_parks_the_article_as_unavailable_instead_of_escaping()
    {
        using var folder = TestPaths.NewTempFolder();
        using var rig = new TranslationRig(new ThrowingTranslator(), folder.Path);
        await rig.Store.UpsertAsync(TranslationRig.Story("a", "VOA"));

        var parked = await rig.Processor.TranslateArticleAsync("a");

        Assert.Equal(TranslationStatus.Failed, parked.Status);
        Assert.StartsWith("unavailable: ", parked.Reason, StringComparison.Ordinal);
        Assert.Contains("JsonException", parked.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_callers_cancellation_still_cancels()
    {
        using var folder = TestPaths.NewTempFolder();
        using var rig = new TranslationRig(new ScriptedTranslator(), folder.Path);
        await rig.Store.UpsertAsync(TranslationRig.Story("a", "VOA"));
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rig.Translator.TranslateAsync([TranslationSegment.Of("文本", TextType.Plain)], null, cancel.Token));
    }

    [Theory]
    [InlineData("throttled")]
    [InlineData("quota-exceeded")]
    [InlineData("refused")]
    public async Task Every_failure_kind_parks_the_article_under_its_name(string name)
    {
        var fake = new ScriptedTranslator();
        using var folder = TestPaths.NewTempFolder();
        using var rig = new TranslationRig(fake, folder.Path);
        await rig.Store.UpsertAsync(TranslationRig.Story("a", "VOA"));
        TranslatorFailure failure = name switch
        {
            "throttled" => new TranslatorFailure.Throttled(TimeSpan.FromSeconds(30), "429001"),
            "quota-exceeded" => new TranslatorFailure.QuotaExceeded("403001"),
            _ => new TranslatorFailure.Refused(401, "401000", "bad key"),
        };
        fake.FailNext(failure);

        var parked = await rig.Processor.TranslateArticleAsync("a");

        Assert.Equal((TranslationStatus.Failed, failure), (parked.Status, parked.Failure));
        Assert.Equal(name + ": " + failure.Detail, parked.Reason);
    }

    [Fact]
    public async Task The_daily_budget_resets_at_the_next_UTC_midnight_of_the_injected_clock()
    {
        var fake = new ScriptedTranslator();
        using var folder = TestPaths.NewTempFolder();
        var story = TranslationRig.Story("a", "VOA");
        var headline = ArticleText.Of(story, new TranslationSettings()).Headline.Sum(s => s.Characters);
        var content = ArticleText.Of(story, new TranslationSettings()).Content.Sum(s => s.Characters);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 23, 59, 0, TimeSpan.Zero));
        using var rig = new TranslationRig(fake, folder.Path, new TranslationSettings { DailyCharacterBudget = content }, clock: clock);
        await rig.Store.UpsertAsync(story);

        var before = await rig.Processor.TranslateArticleAsync("a");
        clock.Advance(TimeSpan.FromSeconds(59));
        var lastSecond = await rig.Processor.TranslateArticleAsync("a");
        clock.Advance(TimeSpan.FromSeconds(1));
        var midnight = await rig.Processor.TranslateArticleAsync("a");

        Assert.Equal((TranslationStatus.Degraded, "title-summary"), (before.Status, before.Level));
        Assert.Equal((TranslationStatus.Degraded, "title-summary"), (lastSecond.Status, lastSecond.Level));
        Assert.Equal((TranslationStatus.Translated, "full"), (midnight.Status, midnight.Level));
        Assert.Equal(headline, await rig.Usage.GetAsync(new DateOnly(2026, 11, 2)));
        Assert.Equal(content, await rig.Usage.GetAsync(new DateOnly(2026, 11, 3)));
        Assert.Equal(headline + content, fake.CharactersBilled);
    }

    /// <summary>A translator adapter with a bug: it throws what a parser would.</summary>
    private sealed class ThrowingTranslator : ITextTranslator
    {
        public Task<TranslatorResult> TranslateAsync(IReadOnlyList<string> texts, string to, string? from, TextType textType, CancellationToken cancellationToken = default) =>
            throw new System.Text.Json.JsonException("'<' is an invalid start of a value.");
    }

    [Fact]
    public async Task A_missing_article_is_done_and_an_english_one_is_not_sent()
    {
        var fake = new ScriptedTranslator();
        using var folder = TestPaths.NewTempFolder();
        using var rig = new TranslationRig(fake, folder.Path);
        await rig.Store.UpsertAsync(TranslationRig.Story("en", "BBC") with { Language = "en-GB" });

        Assert.Equal(TranslationStatus.NotFound, (await rig.Processor.TranslateArticleAsync("nope")).Status);
        Assert.Equal(TranslationStatus.NotNeeded, (await rig.Processor.TranslateArticleAsync("en")).Status);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task Metrics_are_published_on_the_FeedRelay_Translation_meter()
    {
        var fake = new ScriptedTranslator();
        using var folder = TestPaths.NewTempFolder();
        using var rig = new TranslationRig(fake, folder.Path);
        var totals = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, GetMeter(rig)))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (totals)
            {
                totals[instrument.Name] = totals.GetValueOrDefault(instrument.Name) + value;
            }
        });
        listener.Start();
        await rig.Store.UpsertAsync(TranslationRig.Story("a", "VOA"));
        await rig.Store.UpsertAsync(TranslationRig.Story("b", "RFA"));

        await rig.Processor.TranslateArticleAsync("a");
        await rig.Processor.TranslateArticleAsync("b");

        Assert.Equal(fake.CharactersBilled, totals["feedrelay.translation.characters"]);
        Assert.Equal(fake.Requests.Count, totals["feedrelay.translation.requests"]);
        Assert.True(totals["feedrelay.translation.cache_hits"] >= 3);
    }

    private static Meter GetMeter(TranslationRig rig) => rig.Metrics.Meter;
}
