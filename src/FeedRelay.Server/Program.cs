using FeedRelay.Server;
using FeedRelay.Web;

if (args is ["import", .. var importArgs])
{
    return await ImportCommand.RunAsync(importArgs);
}

// The content root (where appsettings.json is read and watched) is the app's own folder, not the working directory: the
// configuration file watcher walks every folder under the content root, and a working directory holding an archive or a
// node_modules tree made every start walk it (docs/performance.md, "The configuration watcher walked the working directory").
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.WebHost.UseUrls(builder.Configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } urls ? urls : "http://localhost:7071");
builder.AddFeedRelay();

var app = builder.Build();
app.UseExceptionHandler();
app.MapFeedRelay();
await app.RunAsync();
return 0;

/// <summary>The standalone FeedRelay server: the whole HTTP surface and the background services over local or Azure storage.</summary>
public partial class Program;
