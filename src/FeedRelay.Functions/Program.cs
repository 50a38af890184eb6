using FeedRelay.Host;

var builder = WebApplication.CreateBuilder(args);

builder.AddFeedRelay();

var app = builder.Build();

app.MapFeedRelay();

app.Run();

/// <summary>The FeedRelay executable: Azure Functions custom handler and standalone feed server in one.</summary>
public partial class Program;
