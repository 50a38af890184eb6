using FeedRelay.Storage;

namespace FeedRelay.Tests.Storage;

public sealed class FeedCursorTests
{
    [Theory]
    [InlineData(0L, "a")]
    [InlineData(638_000_000_000_000_000L, "0123456789abcdef0123456789abcdef")]
    [InlineData(638_000_000_000_000_001L, "cdt-repost-of-dw/北约 ?&=")]
    public void A_cursor_survives_its_url_safe_token(long ticks, string id)
    {
        var cursor = new FeedCursor(ticks, id);

        var token = cursor.Encode();

        Assert.Matches("^[A-Za-z0-9_-]+$", token);
        Assert.True(FeedCursor.TryDecode(token, out var decoded));
        Assert.Equal(cursor, decoded);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a token!")]
    [InlineData("AAAA")]
    [InlineData("____________")]
    [InlineData("%2F%2F")]
    public void Anything_else_is_refused_without_an_exception(string? token)
    {
        Assert.False(FeedCursor.TryDecode(token, out var cursor));
        Assert.Null(cursor);
    }

    [Fact]
    public void Before_means_strictly_later_in_feed_order()
    {
        var at = new DateTimeOffset(2024, 5, 1, 8, 0, 0, TimeSpan.FromHours(2));
        var cursor = new FeedCursor(at.UtcTicks, "m");
        Article A(string id, int minutes) => new() { Id = id, Source = "S", SourceSlug = "s", Title = "t", Published = at.AddMinutes(minutes) };

        Assert.True(cursor.IsBefore(A("z", -1)));
        Assert.True(cursor.IsBefore(A("n", 0)));
        Assert.False(cursor.IsBefore(A("m", 0)));
        Assert.False(cursor.IsBefore(A("a", 0)));
        Assert.False(cursor.IsBefore(A("a", 1)));
        Assert.Equal(cursor, FeedCursor.After(A("m", 0)));
    }
}
