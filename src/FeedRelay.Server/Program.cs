using FeedRelay.Server;
using FeedRelay.Web;

if (args is ["import", .. var importArgs])
{
    return await ImportCommand.RunAsync(importArgs);
}

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls(builder.Configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } urls ? urls : "http://localhost:7071");
builder.AddFeedRelay();

var app = builder.Build();
app.UseExceptionHandler();
app.MapFeedRelay();
await app.RunAsync();
return 0;

/// <summary>The standalone FeedRelay server: the whole HTTP surface and the background services over local or Azure storage.</summary>
public partial class Program;
