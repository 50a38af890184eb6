using System.Collections.Concurrent;
using FeedRelay.Storage;
using FeedRelay.Storage.Azure;
using FeedRelay.Translation;
using Microsoft.Extensions.Time.Testing;

namespace FeedRelay.Tests.Storage;

/// <summary>
/// Claims on texts being translated, shared by instances over one account (Azurite): two instances never pay for the same
/// text at the same time, a claim ends with its cached translation or its lease, and an expired claim has one new holder.
/// </summary>
public sealed class AzureTranslationLeasesTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
    private AzureStorageClients _clients = null!;

    public async Task InitializeAsync() => _clients = await AzureTestStorage.NewClientsAsync();

    public async Task DisposeAsync() =>
        await _clients.Tables.GetTableClient(_clients.Options.TranslationCacheTable).DeleteAsync();

    [Fact]
    public async Task A_text_claimed_by_one_instance_is_held_for_the_others_until_its_translation_is_cached()
    {
        var (first, second) = (Instance(), Instance());

        Assert.Empty(await first.ClaimAsync(["k1", "k2"], Lease));
        Assert.Equal(["k1"], await second.ClaimAsync(["k1", "k3"], Lease));
        Assert.Empty(await first.ClaimAsync(["k1"], Lease)); // its own claim, renewed (a retry)
        Assert.Empty(await new AzureTranslationCache(_clients).GetManyAsync(["k1", "k2"])); // a claim is not a translation

        await new AzureTranslationCache(_clients).SetManyAsync(new Dictionary<string, string> { ["k1"] = "one" });

        Assert.Equal(["k1"], await second.ClaimAsync(["k1"], Lease)); // cached now: read, not claimed
        Assert.Equal("one", (await new AzureTranslationCache(_clients).GetManyAsync(["k1"]))["k1"]);
        Assert.Equal(["k2"], await second.ClaimAsync(["k2"], Lease)); // still the first instance's
    }

    [Fact]
    public async Task An_expired_claim_is_taken_over_by_exactly_one_of_the_instances_racing_for_it()
    {
        var holder = Instance();
        Assert.Empty(await holder.ClaimAsync(["k"], Lease));
        var racers = Enumerable.Range(0, 4).Select(_ => Instance()).ToList();
        Assert.All(await Task.WhenAll(racers.Select(r => r.ClaimAsync(["k"], Lease))), held => Assert.Equal(["k"], held));

        _clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var results = await Task.WhenAll(racers.Select(r => Task.Run(() => r.ClaimAsync(["k"], Lease))));

        Assert.Single(results, held => held.Count == 0);
        Assert.Equal(["k"], await holder.ClaimAsync(["k"], Lease)); // its lease ran out: the text is someone else's now
    }

    [Fact]
    public async Task Two_instances_translating_the_same_text_at_once_pay_for_it_once()
    {
        var translator = new HeldTranslator { Held = true };
        var cache = new AzureTranslationCache(_clients);
        var first = Translator(translator, cache);
        var second = Translator(translator, cache);
        var shared = Segment("央行宣布降息");

        var sending = first.TranslateAsync([Segment("第一段"), shared], "zh");
        await translator.FirstRequestArrived;
        var busy = await second.TranslateAsync([shared, Segment("第三段")], "zh");
        translator.Release();
        var sent = await sending;
        var retry = await second.TranslateAsync([shared], "zh");

        Assert.Null(sent.Failure);
        var failure = Assert.IsType<TranslatorFailure.Busy>(busy.Failure);
        Assert.Equal(TimeSpan.FromSeconds(15), failure.RetryAfter);
        Assert.Equal(["EN[第三段]"], busy.Translations.Values); // what was not held was sent and kept
        Assert.Null(retry.Failure);
        Assert.Equal(["EN[央行宣布降息]"], retry.Translations.Values); // read from the first instance's cached answer
        Assert.Equal(new[] { "第一段", "央行宣布降息", "第三段" }.Order(StringComparer.Ordinal), translator.Sent.Order(StringComparer.Ordinal)); // each text once
    }

    [Fact]
    public async Task A_failed_send_releases_its_claims_so_that_another_instance_sends_at_once()
    {
        var down = new HeldTranslator { Down = true };
        var up = new HeldTranslator();
        var cache = new AzureTranslationCache(_clients);
        var shared = Segment("央行宣布降息");

        var failed = await Translator(down, cache).TranslateAsync([shared], "zh");
        var other = await Translator(up, cache).TranslateAsync([shared], "zh");

        Assert.IsType<TranslatorFailure.Unavailable>(failed.Failure);
        Assert.Null(other.Failure); // not busy for the rest of the lease
        Assert.Equal(["央行宣布降息"], up.Sent);
    }

    [Fact]
    public async Task Releasing_leaves_other_instances_claims_and_cached_texts_alone()
    {
        var (holder, other) = (Instance(), Instance());
        Assert.Empty(await holder.ClaimAsync(["held"], Lease));
        await new AzureTranslationCache(_clients).SetManyAsync(new Dictionary<string, string> { ["cached"] = "value" });

        await other.ReleaseAsync(["held", "cached", "unknown"]);

        Assert.Equal(["held"], await Instance().ClaimAsync(["held"], Lease));
        Assert.Equal("value", (await new AzureTranslationCache(_clients).GetManyAsync(["cached"]))["cached"]);
        await holder.ReleaseAsync(["held"]);
        Assert.Empty(await Instance().ClaimAsync(["held"], Lease));
    }

    private AzureTranslationLeases Instance() => new(_clients, _clock);

    private SegmentTranslator Translator(ITextTranslator translator, ITranslationCache cache) =>
        new(translator, cache, Instance(), new AzureTranslationUsage(_clients, _clock), new TranslationMetrics(null), new TranslationSettings(), _clock);

    private static TranslationSegment Segment(string text) => TranslationSegment.Of(text, TextType.Plain);

    /// <summary>Answers "EN[text]" (or fails, while <see cref="Down"/>); holds the first request until <see cref="Release"/> when <see cref="Held"/>; records every text sent.</summary>
    private sealed class HeldTranslator : ITextTranslator
    {
        private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public ConcurrentQueue<string> Sent { get; } = new();

        public Task FirstRequestArrived => _first.Task;

        public bool Held { get; init; }

        public bool Down { get; init; }

        public void Release() => _release.SetResult();

        public async Task<TranslatorResult> TranslateAsync(IReadOnlyList<string> texts, string to, string? from, TextType textType, CancellationToken cancellationToken = default)
        {
            foreach (var text in texts)
            {
                Sent.Enqueue(text);
            }

            if (Interlocked.Increment(ref _calls) == 1 && Held)
            {
                _first.SetResult();
                await _release.Task.WaitAsync(cancellationToken);
            }

            return Down ? TranslatorResult.Failed(new TranslatorFailure.Unavailable("down")) : TranslatorResult.Success(texts.Select(t => $"EN[{t}]").ToList());
        }
    }
}
