using FeedRelay.Web;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls(builder.Configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } urls ? urls : "http://localhost:7071");
builder.AddFeedRelay();

var app = builder.Build();
app.MapFeedRelay();
app.Run();

/// <summary>The standalone FeedRelay server: the whole HTTP surface and the background services over local or Azure storage.</summary>
public partial class Program;
