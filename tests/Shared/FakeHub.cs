using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FeedRelay.Tests;

/// <summary>A fake WebSub hub on loopback that records every publish notification (the server's and the Functions tests').</summary>
internal sealed class FakeHub : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeHub(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The hub's URL, to configure as <c>FeedRelay:Feeds:WebSubHubUrl</c>.</summary>
    public Uri Url { get; }

    /// <summary>Every notification received, in order: <c>hub.mode</c> and <c>hub.url</c>.</summary>
    public ConcurrentQueue<(string Mode, string Topic)> Published { get; } = new();

    public static async Task<FakeHub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeHub? hub = null;
        app.MapPost("/hub", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            hub!.Published.Enqueue((form["hub.mode"].ToString(), form["hub.url"].ToString()));
            return Results.NoContent();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        hub = new FakeHub(app, new Uri(address.TrimEnd('/') + "/hub"));
        return hub;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
