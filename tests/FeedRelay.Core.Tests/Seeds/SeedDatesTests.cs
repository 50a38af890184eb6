using FeedRelay.Seeds;

namespace FeedRelay.Tests.Seeds;

/// <summary>
/// Dates keep the zone their source wrote, whatever the machine's own zone: <c>build/test.sh</c> runs the suite with
/// <c>TZ=America/New_York</c>, so a zone word read as machine-local time (a .NET literal) fails here.
/// </summary>
public sealed class SeedDatesTests
{
    [Theory]
    [InlineData("Mon, 20 Jul 2020 08:00:00 GMT")]
    [InlineData("Mon, 20 Jul 2020 08:00:00 UTC")]
    [InlineData("Mon, 20 Jul 2020 08:00:00 UT")]
    [InlineData("Mon, 20 Jul 2020 08:00:00 Z")]
    [InlineData("20 Jul 2020 08:00:00 GMT")]
    [InlineData("2020-07-20T08:00:00Z")]
    [InlineData("Mon, 20 Jul 2020 08:00:00 +0000")]
    public void A_zone_written_as_a_word_or_zero_offset_is_UTC(string text)
    {
        Assert.True(SeedDates.TryParseZoned(text, out var value));

        Assert.Equal(new DateTimeOffset(2020, 7, 20, 8, 0, 0, TimeSpan.Zero), value);
        Assert.Equal(TimeSpan.Zero, value.Offset);
    }

    [Theory]
    [InlineData("Mon, 20 Jul 2020 16:00:00 +0800", 8)]
    [InlineData("2020-07-20T03:00:00-05:00", -5)]
    public void A_written_offset_is_kept(string text, int hours)
    {
        Assert.True(SeedDates.TryParseZoned(text, out var value));

        Assert.Equal(TimeSpan.FromHours(hours), value.Offset);
        Assert.Equal(new DateTimeOffset(2020, 7, 20, 8, 0, 0, TimeSpan.Zero), value.ToUniversalTime());
    }

    [Theory]
    [InlineData("Mon, 20 Jul 2020 04:00:00 EDT", -4)] // RFC 822's named zones
    [InlineData("Mon, 20 Jul 2020 00:00:00 PST", -8)]
    [InlineData("Mon, 20 Jul 2020 08:00:00 gmt", 0)] // a zone word in any case
    [InlineData("Sun, 20 Jul 2020 08:00:00 GMT", 0)] // a wrong weekday (20 July 2020 was a Monday) is not checked
    [InlineData("20 Jul 2020 16:00 +0800", 8)] // no seconds
    [InlineData("2020-07-20T16:00:00+08", 8)] // ISO 8601's short offset
    [InlineData("Mon, 20 Jul 2020 08:00:00 Z", 0)]
    public void Zones_and_forms_real_feeds_write_are_read(string text, int hours)
    {
        Assert.True(SeedDates.TryParseZoned(text, out var value), text);

        Assert.Equal(TimeSpan.FromHours(hours), value.Offset);
        Assert.Equal(new DateTimeOffset(2020, 7, 20, 8, 0, 0, TimeSpan.Zero), value.ToUniversalTime());
    }

    [Theory]
    [InlineData("2020-07-20 10:00:00")] // no zone: never read as machine-local
    [InlineData("2020-07-20")]
    [InlineData("Mon, 20 Jul 2020 08:00:00 XYZ")]
    [InlineData("Mon, 20 Jul 2020 08:00:60 GMT")] // a leap second
    [InlineData("Mon, 20 Jul 2020 08:00:00 +1500")] // no such offset
    [InlineData("Wed, 02 Mar 2022 12:31:49 CST")] // US Central or China Standard Time: ambiguous, so the epoch line decides
    [InlineData("Wed, 02 Mar 2022 12:31:49 CDT")]
    public void A_date_with_no_zone_or_an_unknown_one_is_refused(string text) =>
        Assert.False(SeedDates.TryParseZoned(text, out _), text);

    [Fact]
    public void The_suite_runs_outside_UTC_so_that_these_checks_can_fail()
    {
        // build/test.sh sets TZ; a run without it (an IDE) still checks the parsing, only not against a local offset.
        if (Environment.GetEnvironmentVariable("TZ") is { Length: > 0 } zone && zone != "UTC")
        {
            Assert.NotEqual(TimeSpan.Zero, TimeZoneInfo.Local.GetUtcOffset(new DateTime(2020, 7, 20, 8, 0, 0, DateTimeKind.Utc)));
        }
    }
}
