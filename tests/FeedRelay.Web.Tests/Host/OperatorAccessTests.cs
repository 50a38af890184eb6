using System.Net;
using System.Net.Http.Headers;
using FeedRelay.Web.Operations;
using Microsoft.AspNetCore.Http;

namespace FeedRelay.Tests.Host;

/// <summary>
/// Re-ingesting rejections is work on demand, so the server takes it only from an operator: a client on this machine, or,
/// once <c>FeedRelay:OperatorKey</c> is set, whoever sends that key. Reading the quarantine stays open.
/// </summary>
public sealed class OperatorAccessTests
{
    private const string Key = "0123456789abcdef-operator";

    [Theory]
    [InlineData(null, "127.0.0.1", false, null, "Allowed")]
    [InlineData(null, "::1", false, null, "Allowed")]
    [InlineData(null, null, false, null, "Allowed")] // no network peer: in-process
    [InlineData(null, "203.0.113.7", false, null, "LoopbackOnly")]
    [InlineData(null, "127.0.0.1", true, null, "LoopbackOnly")] // a reverse proxy on this machine forwarding someone else
    [InlineData("Bearer " + Key, "203.0.113.7", false, null, "LoopbackOnly")] // no key configured: a sent one means nothing
    [InlineData("Bearer " + Key, "203.0.113.7", false, Key, "Allowed")]
    [InlineData("Bearer " + Key, "127.0.0.1", true, Key, "Allowed")]
    [InlineData("bearer  " + Key + " ", "203.0.113.7", false, Key, "Allowed")]
    [InlineData(null, "127.0.0.1", false, Key, "KeyRequired")] // a configured key is asked of everyone
    [InlineData("Bearer " + Key + "x", "127.0.0.1", false, Key, "KeyRequired")]
    [InlineData("Basic " + Key, "127.0.0.1", false, Key, "KeyRequired")]
    [InlineData("Bearer ", "127.0.0.1", false, Key, "KeyRequired")]
    public void Decides_by_key_when_one_is_set_else_by_the_clients_address(string? authorization, string? remote, bool forwarded, string? key, string expected) =>
        Assert.Equal(expected, OperatorAccess.Decide(authorization, remote is null ? null : IPAddress.Parse(remote), forwarded, key).ToString());

    [Theory]
    [InlineData("Origin", "http://evil.example")] // a web page: any site open in a browser here could post it
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-origin")]
    [InlineData("X-Forwarded-For", "203.0.113.7")] // a reverse proxy on this machine forwarding someone else
    [InlineData("Forwarded", "for=203.0.113.7")]
    [InlineData("X-Real-IP", "203.0.113.7")]
    public async Task Without_a_key_a_loopback_retry_sent_by_a_web_page_or_forwarded_by_a_local_proxy_is_forbidden(string header, string value)
    {
        using var app = new FeedRelayApp();
        using var _ = app.CreateClient(); // starts the server

        var posted = await app.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Post;
            c.Request.Path = "/api/ingest/rejections/retry";
            c.Request.ContentType = "text/plain"; // a form post: no preflight
            c.Request.Headers[header] = value;
            c.Connection.RemoteIpAddress = IPAddress.Loopback;
        });

        Assert.Equal(StatusCodes.Status403Forbidden, posted.Response.StatusCode);
    }

    [Fact]
    public async Task Without_a_key_a_retry_from_another_machine_is_forbidden_and_reading_stays_open()
    {
        using var app = new FeedRelayApp();
        using var _ = app.CreateClient(); // starts the server

        var remote = await app.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Post;
            c.Request.Path = "/api/ingest/rejections/retry";
            c.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
        });
        var read = await app.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = "/api/ingest/rejections";
            c.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
        });
        var local = await app.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Post;
            c.Request.Path = "/api/ingest/rejections/retry";
            c.Connection.RemoteIpAddress = IPAddress.Loopback;
        });

        Assert.Equal(StatusCodes.Status403Forbidden, remote.Response.StatusCode);
        Assert.Equal(StatusCodes.Status200OK, read.Response.StatusCode);
        Assert.Equal(StatusCodes.Status200OK, local.Response.StatusCode);
    }

    [Fact]
    public async Task With_a_key_a_retry_needs_it_as_a_bearer_token()
    {
        using var app = new FeedRelayApp();
        app.Settings["FeedRelay:OperatorKey"] = Key;
        using var client = app.CreateClient();

        using var without = await client.PostAsync("/api/ingest/rejections/retry", null);
        using var wrong = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/ingest/rejections/retry")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "not-the-operator-key") },
        });
        using var right = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/ingest/rejections/retry")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Key) },
        });

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal("Bearer", without.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", without.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public void A_key_shorter_than_16_characters_stops_the_start()
    {
        using var app = new FeedRelayApp();
        app.Settings["FeedRelay:OperatorKey"] = "short";

        var failure = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("OperatorKey", failure.ToString(), StringComparison.Ordinal);
    }
}
