using System.Text.Json.Nodes;
using FeedRelay.Host.Functions;
using FeedRelay.Tests.Host;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FeedRelay.Tests.Functions;

/// <summary>host.json and the function.json files agree with each other and with the endpoints the app maps.</summary>
public sealed class FunctionLayoutTests
{
    private static readonly string FunctionsRoot = Path.Combine(TestPaths.RepoRoot, "functions");

    [Fact]
    public void Host_json_declares_the_custom_handler_the_build_produces()
    {
        var host = ReadJson(Path.Combine(TestPaths.RepoRoot, "host.json"));

        Assert.Equal("2.0", host["version"]!.GetValue<string>());
        var executable = host["customHandler"]!["description"]!["defaultExecutablePath"]!.GetValue<string>();
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, executable)), $"the build has no executable named {executable}");
        Assert.True(host["customHandler"]!["enableForwardingHttpRequest"]!.GetValue<bool>());
        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", host["extensionBundle"]!["id"]!.GetValue<string>());
        Assert.Equal("[4.*, 5.0.0)", host["extensionBundle"]!["version"]!.GetValue<string>());
        Assert.Equal("", host["extensions"]!["http"]!["routePrefix"]!.GetValue<string>());
        Assert.InRange(host["extensions"]!["blobs"]!["poisonBlobThreshold"]!.GetValue<int>(), 1, 10);
    }

    [Fact]
    public void Trigger_bindings_match_what_the_handler_reads()
    {
        var seed = SingleBinding("NormaliseSeed");
        Assert.Equal("blobTrigger", seed["type"]!.GetValue<string>());
        Assert.Equal(NormaliseSeedFunction.Binding, seed["name"]!.GetValue<string>());
        Assert.Equal("seeds/{name}", seed["path"]!.GetValue<string>());
        Assert.Equal("EventGrid", seed["source"]!.GetValue<string>());

        var translate = SingleBinding("TranslateArticle");
        Assert.Equal("queueTrigger", translate["type"]!.GetValue<string>());
        Assert.Equal(TranslateArticleFunction.Binding, translate["name"]!.GetValue<string>());
        Assert.Equal("translate", translate["queueName"]!.GetValue<string>());

        var poison = SingleBinding("QuarantinePoisonSeed");
        Assert.Equal("queueTrigger", poison["type"]!.GetValue<string>());
        Assert.Equal(QuarantinePoisonSeedFunction.Binding, poison["name"]!.GetValue<string>());
        Assert.Equal("webjobs-blobtrigger-poison", poison["queueName"]!.GetValue<string>());
    }

    [Fact]
    public void Every_function_is_either_forwarded_http_or_a_trigger_the_app_handles()
    {
        using var app = new FeedRelayApp();
        using var client = app.CreateClient();
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText!.Trim('/')).ToHashSet(StringComparer.OrdinalIgnoreCase);

        foreach (var folder in Directory.EnumerateDirectories(FunctionsRoot))
        {
            var name = Path.GetFileName(folder);
            var bindings = ReadJson(Path.Combine(folder, "function.json"))["bindings"]!.AsArray().Select(b => b!.AsObject()).ToList();
            var triggers = bindings.Where(b => b["type"]!.GetValue<string>().EndsWith("Trigger", StringComparison.Ordinal)).ToList();
            Assert.True(triggers.Count == 1, $"{name} must have exactly one trigger");
            if (triggers[0]["type"]!.GetValue<string>() == "httpTrigger")
            {
                // enableForwardingHttpRequest forwards only functions with one httpTrigger in and one http out.
                Assert.True(bindings.Count == 2, $"{name}: an HTTP function has exactly two bindings");
                Assert.Equal("in", triggers[0]["direction"]!.GetValue<string>());
                Assert.Equal("anonymous", triggers[0]["authLevel"]!.GetValue<string>());
                var output = Assert.Single(bindings, b => b["type"]!.GetValue<string>() == "http");
                Assert.Equal("out", output["direction"]!.GetValue<string>());
            }
            else
            {
                Assert.True(routes.Contains(name), $"the app has no POST /{name} for function {name}");
            }
        }
    }

    [Fact]
    public void Every_page_the_app_serves_is_reachable_through_an_http_function()
    {
        using var app = new FeedRelayApp();
        using var client = app.CreateClient();
        var functionRoutes = Directory.EnumerateDirectories(FunctionsRoot)
            .SelectMany(folder => ReadJson(Path.Combine(folder, "function.json"))["bindings"]!.AsArray())
            .Where(b => b!["type"]!.GetValue<string>() == "httpTrigger")
            .Select(b => b!["route"]!.GetValue<string>())
            // `{ignored:maxlength(0)?}` is how a function claims the site root.
            .Select(route => route == "{ignored:maxlength(0)?}" ? "" : route)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var served = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(e => e.RoutePattern.RawText!.Trim('/'))
            .ToList();

        Assert.NotEmpty(served);
        Assert.All(served, route => Assert.True(functionRoutes.Contains(route), $"GET /{route} has no HTTP function: add functions/<Name>/function.json"));
    }

    private static JsonObject SingleBinding(string function) =>
        Assert.Single(ReadJson(Path.Combine(FunctionsRoot, function, "function.json"))["bindings"]!.AsArray())!.AsObject();

    private static JsonObject ReadJson(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();
}
