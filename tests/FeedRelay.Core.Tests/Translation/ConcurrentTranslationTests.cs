using FeedRelay.Translation;

namespace FeedRelay.Tests.Translation;

/// <summary>
/// Translations running at once in one process (a queue trigger's batch) never pay twice for a text: a text another
/// translation is sending is awaited, not sent again. Made deterministic by holding the first request at the translator
/// until the second translation has claimed its texts.
/// </summary>
public sealed class ConcurrentTranslationTests
{
    /// <summary>How long a test waits for a request to reach the translator before it fails instead of hanging.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Two_articles_sharing_paragraphs_translated_at_once_send_each_text_once()
    {
        var gate = new GatedTranslator(new ScriptedTranslator());
        using var folder = TestPaths.NewTempFolder();
        using var rig = new TranslationRig(gate, folder.Path);

        var (first, second) = await TranslateSharingArticlesAtOnceAsync(rig, gate);

        Assert.Equal(TranslationStatus.Translated, (await first).Status);
        Assert.Equal(TranslationStatus.Translated, (await second).Status);
        var sent = gate.Inner.Requests.SelectMany(r => r.Texts).ToList();
        Assert.Equal(sent.Distinct().Count(), sent.Count);
        Assert.Single(gate.Inner.Requests, r => r.Texts.SequenceEqual(["央行再次降息"])); // a2 sent only what a1 did not
        var a1 = (await rig.Store.GetAsync("a1"))!.Translation!;
        var a2 = (await rig.Store.GetAsync("a2"))!.Translation!;
        Assert.Equal(a1.ContentHtml, a2.ContentHtml);
        Assert.Equal("EN[央行再次降息]", a2.Title);
    }

    [Fact]
    public async Task A_translation_waiting_on_a_failed_send_is_busy_and_its_next_attempt_sends_again()
    {
        var gate = new GatedTranslator(new ScriptedTranslator()) { FailFirst = true };
        using var folder = TestPaths.NewTempFolder();
        using var rig = new TranslationRig(gate, folder.Path);

        var (first, second) = await TranslateSharingArticlesAtOnceAsync(rig, gate);

        Assert.Equal(TranslationStatus.Failed, (await first).Status);
        var waited = await second;
        Assert.Equal(TranslationStatus.Failed, waited.Status);
        Assert.Equal("busy: a concurrent request for the same text got no answer", waited.Reason); // the sender reports the failure

        // Nothing of the failed send is remembered: the retry sends the shared texts itself (its title is cached).
        Assert.Equal(TranslationStatus.Translated, (await rig.Processor.TranslateArticleAsync("a2")).Status);
        Assert.DoesNotContain(gate.Inner.Requests.Skip(1), r => r.Texts.Contains("央行再次降息"));
    }

    /// <summary>
    /// Stores a1 and a2 (same summary and paragraphs, different titles), starts a1's translation, and starts a2's once a1's
    /// first request is held at the translator (so a1 has claimed every text); releases a1 once a2's own title went out.
    /// </summary>
    private static async Task<(Task<TranslationOutcome> First, Task<TranslationOutcome> Second)> TranslateSharingArticlesAtOnceAsync(
        TranslationRig rig, GatedTranslator gate)
    {
        await rig.Store.UpsertAsync(TranslationRig.Story("a1", "VOA"));
        await rig.Store.UpsertAsync(TranslationRig.Story("a2", "RFA", title: "央行再次降息"));
        var first = rig.Processor.TranslateArticleAsync("a1");
        await gate.FirstRequestArrived.WaitAsync(Guard);
        var second = rig.Processor.TranslateArticleAsync("a2");
        await gate.SecondRequestArrived.WaitAsync(Guard);
        gate.Release();
        return (first, second);
    }

    /// <summary>Holds the first request until <see cref="Release"/> (then fails it if <see cref="FailFirst"/>); lets the others through.</summary>
    private sealed class GatedTranslator(ScriptedTranslator inner) : ITextTranslator
    {
        private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _second = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public ScriptedTranslator Inner => inner;

        public bool FailFirst { get; init; }

        public Task FirstRequestArrived => _first.Task;

        public Task SecondRequestArrived => _second.Task;

        public void Release() => _release.TrySetResult();

        public async Task<TranslatorResult> TranslateAsync(IReadOnlyList<string> texts, string to, string? from, TextType textType, CancellationToken cancellationToken = default)
        {
            switch (Interlocked.Increment(ref _calls))
            {
                case 1:
                    _first.TrySetResult();
                    await _release.Task.WaitAsync(cancellationToken);
                    if (FailFirst)
                    {
                        return TranslatorResult.Failed(new TranslatorFailure.Unavailable("Translator returned 503"));
                    }

                    break;
                case 2:
                    _second.TrySetResult();
                    break;
            }

            return await inner.TranslateAsync(texts, to, from, textType, cancellationToken);
        }
    }
}
