using FeedRelay.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.AddFunctionsDefaults();
builder.AddFeedRelay(FeedRelayHosting.Functions);
builder.Build().Run();
