using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using FeedRelay.Web.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace FeedRelay.Tests.Host;

/// <summary>
/// A background part that fails (here the WebSub notifier against a hub that hangs or answers 500) never stops the
/// server: it keeps serving feeds, and <c>/api/health</c> reports the part as failing instead of <c>ok</c>.
/// </summary>
public sealed class BackgroundFailureTests
{
    [Fact]
    public async Task A_hub_that_accepts_connections_and_never_answers_does_not_stop_the_server()
    {
        // Accepts every connection (the kernel completes the handshake) and never reads or answers.
        using var hanging = new TcpListener(IPAddress.Loopback, 0);
        hanging.Start();
        var hub = new Uri($"http://127.0.0.1:{((IPEndPoint)hanging.LocalEndpoint).Port}/hub");

        await AssertKeepsServingWhileWebSubFailsAsync(hub, TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task A_hub_that_answers_500_is_reported_and_retried_with_back_off()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var failing = builder.Build();
        var calls = 0;
        failing.MapPost("/hub", () =>
        {
            Interlocked.Increment(ref calls);
            return Results.StatusCode(500);
        });
        await failing.StartAsync();
        var address = failing.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        // A timeout the moving clock cannot reach in the test's time: the hub's 500 is what fails each round.
        var health = await AssertKeepsServingWhileWebSubFailsAsync(new Uri(address.TrimEnd('/') + "/hub"), TimeSpan.FromMinutes(2));

        Assert.Contains("500", health.GetProperty("parts").GetProperty("websub").GetString(), StringComparison.Ordinal);
        Assert.True(Volatile.Read(ref calls) >= 1);
    }

    private static async Task<JsonElement> AssertKeepsServingWhileWebSubFailsAsync(Uri hub, TimeSpan hubTimeout)
    {
        // The hub's timeout, the poll and the back-off run on this clock, which each probe below moves on by a quarter second.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await FeedRelayServer.StartAsync(SampleArticles.Load(), new Dictionary<string, string?>
        {
            ["FeedRelay:Feeds:WebSubHubUrl"] = hub.AbsoluteUri,
            ["FeedRelay:Feeds:WebSubPollMs"] = "100",
            ["FeedRelay:Feeds:WebSubTimeoutMs"] = ((int)hubTimeout.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, clock);
        using var client = server.CreateClient();
        var background = server.Services.GetRequiredService<BackgroundHealth>();

        var health = await Eventually.WaitAsync(async () =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(250));
            return JsonDocument.Parse(await client.GetStringAsync("api/health")).RootElement.Clone();
        }, h => h.GetProperty("status").GetString() == "degraded", "/api/health to report the failing hub");
        Assert.StartsWith("failing since ", health.GetProperty("parts").GetProperty("websub").GetString(), StringComparison.Ordinal);

        // Several more failed rounds pass (1 s, then 2 s of back-off), and the server answers feed requests all along.
        var rounds = background.Failures("websub");
        await Eventually.WaitAsync(async () =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(250));
            using var response = await client.GetAsync("api/feeds/all.rss");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return background.Failures("websub");
        }, failures => failures >= rounds + 2, "two more failed WebSub rounds");
        return health;
    }
}
