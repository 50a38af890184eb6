using FeedRelay.Functions;
using FeedRelay.Functions.Operations;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.AddFunctionsDefaults();
builder.AddFeedRelay(FeedRelayHosting.Functions);
builder.UseMiddleware<DependencyFailureMiddleware>();
builder.Build().Run();
