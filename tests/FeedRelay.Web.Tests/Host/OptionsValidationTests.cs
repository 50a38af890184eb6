using Microsoft.Extensions.Options;

namespace FeedRelay.Tests.Host;

/// <summary>
/// Every options record is checked at start by its generated validator: its attributes and its own rules, each problem
/// named, so that a bad setting stops the app before it serves anything.
/// </summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("FeedRelay:FeedItemLimit", "0", "FeedItemLimit")] // [Range] on FeedRelayOptions
    [InlineData("FeedRelay:PublicBaseUrl", "not a url", "PublicBaseUrl")] // [Url]
    [InlineData("FeedRelay:SourceZones:example.com", "Mars/Olympus_Mons", "Unknown time zone in FeedRelay:SourceZones: example.com=Mars/Olympus_Mons")] // its own rule
    [InlineData("FeedRelay:Feeds:TtlMinutes", "0", "TtlMinutes")] // FeedServingOptions
    [InlineData("FeedRelay:Translation:MaxRetries", "21", "MaxRetries")] // TranslationOptions
    [InlineData("FeedRelay:Translation:Endpoint", "ftp://translator.example", "FeedRelay:Translation:Endpoint must be an absolute http(s) URL")]
    public async Task A_bad_setting_stops_the_app_at_start_naming_the_setting(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { [key] = value };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => FeedRelayServer.StartAsync([], settings));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
