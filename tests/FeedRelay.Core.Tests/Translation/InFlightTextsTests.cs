using FeedRelay.Translation;

namespace FeedRelay.Tests.Translation;

public sealed class InFlightTextsTests
{
    [Fact]
    public async Task The_first_claim_sends_and_later_ones_get_its_answer()
    {
        var texts = new InFlightTexts();

        Assert.Null(texts.TryClaim("k"));
        var waiting = texts.TryClaim("k");
        Assert.NotNull(waiting);
        Assert.False(waiting.IsCompleted);

        texts.Complete("k", "answer");

        Assert.Equal("answer", await waiting);
        Assert.Equal("answer", await texts.TryClaim("k")!); // kept for a caller that missed the cache just before
    }

    [Fact]
    public async Task A_failed_send_is_forgotten_so_the_next_claim_sends_again()
    {
        var texts = new InFlightTexts();
        Assert.Null(texts.TryClaim("k"));
        var waiting = texts.TryClaim("k")!;

        texts.Complete("k", null);

        Assert.Null(await waiting);
        Assert.Null(texts.TryClaim("k"));
    }

    [Fact]
    public void Only_the_last_answers_up_to_the_capacity_are_kept_and_a_newer_claim_is_never_evicted()
    {
        var texts = new InFlightTexts(capacity: 2);
        foreach (var key in (string[])["a", "b"])
        {
            Assert.Null(texts.TryClaim(key));
            texts.Complete(key, key.ToUpperInvariant());
        }

        Assert.Null(texts.TryClaim("c")); // in flight: not an answer, so not counted
        texts.Complete("c", "C"); // a third answer evicts the oldest, "a"

        Assert.Null(texts.TryClaim("a")); // sent again by this claim
        Assert.NotNull(texts.TryClaim("b"));
        Assert.NotNull(texts.TryClaim("c"));
        Assert.NotNull(texts.TryClaim("a")); // the new claim of "a" is in flight, whatever the old queue entry says
    }

    [Fact]
    public void Answers_are_also_bounded_by_their_characters()
    {
        var texts = new InFlightTexts(capacity: 100, characters: 10);
        Assert.Null(texts.TryClaim("a"));
        texts.Complete("a", "123456");
        Assert.Null(texts.TryClaim("b"));
        texts.Complete("b", "123456"); // 12 characters kept: the oldest goes

        Assert.Null(texts.TryClaim("a"));
        Assert.NotNull(texts.TryClaim("b"));
    }
}
