using FeedRelay.Storage;
using FeedRelay.Translation;

namespace FeedRelay.Tests.Translation;

/// <summary>
/// A send slower than the claim lease (a slow Translator, its retries) keeps its texts claimed: the sender renews its claims
/// on the texts not cached yet every third of the lease, so no other instance takes them over and pays for them again;
/// the renewals stop when the send ends. Made deterministic by holding the request at the translator and moving a fake clock.
/// </summary>
public sealed class ClaimRenewalTests
{
    // Only a guard against hanging when renewal is broken: a working translator renews as soon as the clock moves.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_send_slower_than_the_lease_renews_its_claims_until_its_answers_are_cached()
    {
        var translator = new HeldTranslator(new ScriptedTranslator());
        var leases = new RecordingLeases();
        using var folder = TestPaths.NewTempFolder();
        using var rig = new TranslationRig(translator, folder.Path, leases: leases);
        await rig.Store.UpsertAsync(TranslationRig.Story("a1", "VOA", paragraphs: 1));

        var translating = rig.Processor.TranslateArticleAsync("a1");
        await translator.Arrived.WaitAsync(Guard);
        var claimed = Assert.Single(leases.Claims);

        rig.Clock.Advance(rig.Settings.ClaimLease / 3);
        var renewed = await leases.Claimed(2).WaitAsync(Guard);
        Assert.Equal(claimed.Order(), renewed.Order()); // nothing is cached yet: every text is renewed
        Assert.Equal(rig.Settings.ClaimLease, leases.Leases[1]);

        translator.Release();
        Assert.Equal(TranslationStatus.Translated, (await translating.WaitAsync(Guard)).Status);
        var claims = leases.Claims.Count;
        rig.Clock.Advance(rig.Settings.ClaimLease * 3);
        Assert.Equal(claims, leases.Claims.Count); // the send is over: no more renewals
    }

    /// <summary>Holds the first request until <see cref="Release"/>; lets the others through.</summary>
    private sealed class HeldTranslator(ScriptedTranslator inner) : ITextTranslator
    {
        private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public Task Arrived => _arrived.Task;

        public void Release() => _release.TrySetResult();

        public async Task<TranslatorResult> TranslateAsync(IReadOnlyList<string> texts, string to, string? from, TextType textType, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                _arrived.TrySetResult();
                await _release.Task.WaitAsync(cancellationToken);
            }

            return await inner.TranslateAsync(texts, to, from, textType, cancellationToken);
        }
    }

    /// <summary>Grants every claim, as one process does, and records each call.</summary>
    private sealed class RecordingLeases : ITranslationLeases
    {
        private readonly Lock _lock = new();
        private readonly List<(int Count, TaskCompletionSource<IReadOnlyCollection<string>> Done)> _waiters = [];

        public List<IReadOnlyCollection<string>> Claims { get; } = [];

        public List<TimeSpan> Leases { get; } = [];

        /// <summary>The keys of the <paramref name="count"/>th claim, once it is made.</summary>
        public Task<IReadOnlyCollection<string>> Claimed(int count)
        {
            lock (_lock)
            {
                if (Claims.Count >= count)
                {
                    return Task.FromResult(Claims[count - 1]);
                }

                var done = new TaskCompletionSource<IReadOnlyCollection<string>>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((count, done));
                return done.Task;
            }
        }

        public Task<IReadOnlySet<string>> ClaimAsync(IReadOnlyCollection<string> keys, TimeSpan lease, CancellationToken cancellationToken = default)
        {
            lock (_lock)
            {
                Claims.Add(keys.ToList());
                Leases.Add(lease);
                foreach (var (count, done) in _waiters.Where(w => w.Count == Claims.Count))
                {
                    done.TrySetResult(Claims[count - 1]);
                }
            }

            return Task.FromResult<IReadOnlySet<string>>(new HashSet<string>());
        }

        public Task ReleaseAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
