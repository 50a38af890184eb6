using System.Text.Json.Nodes;
using FeedRelay.Host.Functions;
using FeedRelay.Tests.Host;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
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
                // Reading is public; anything that changes state needs a function key.
                var changesState = triggers[0]["methods"]!.AsArray().Any(m => m!.GetValue<string>() is not ("get" or "head"));
                Assert.Equal(changesState ? "function" : "anonymous", triggers[0]["authLevel"]!.GetValue<string>());
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
    public void Every_route_the_app_serves_is_reachable_through_an_http_function_with_its_methods()
    {
        using var app = new FeedRelayApp();
        using var client = app.CreateClient();
        var functions = Directory.EnumerateDirectories(FunctionsRoot)
            .SelectMany(folder => ReadJson(Path.Combine(folder, "function.json"))["bindings"]!.AsArray())
            .Where(b => b!["type"]!.GetValue<string>() == "httpTrigger")
            .Select(b => (Route: Shape(RoutePatternFactory.Parse(b!["route"]!.GetValue<string>())),
                Methods: b!["methods"]!.AsArray().Select(m => m!.GetValue<string>().ToUpperInvariant()).ToHashSet()))
            .ToList();
        var triggers = Directory.EnumerateDirectories(FunctionsRoot).Select(Path.GetFileName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var served = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !triggers.Contains(e.RoutePattern.RawText!.Trim('/'))) // POST /{FunctionName}: called by the host itself.
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Route: Shape(e.RoutePattern), Method: m)))
            .ToList();

        Assert.NotEmpty(served);
        Assert.All(served, endpoint => Assert.True(
            functions.Any(f => f.Route == endpoint.Route && f.Methods.Contains(endpoint.Method)),
            $"{endpoint.Method} /{endpoint.Route} has no HTTP function: add functions/<Name>/function.json"));
    }

    /// <summary>A route without parameter names' constraints or defaults (the app checks those), e.g. <c>api/ingest/rejections/{sha256}</c>.</summary>
    private static string Shape(RoutePattern pattern)
    {
        var segments = pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter when parameter.IsOptional && parameter.ParameterPolicies.Count > 0 => "", // `{ignored:maxlength(0)?}`: the root.
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            _ => "?",
        })));
        return string.Join('/', segments).Trim('/');
    }

    private static JsonObject SingleBinding(string function) =>
        Assert.Single(ReadJson(Path.Combine(FunctionsRoot, function, "function.json"))["bindings"]!.AsArray())!.AsObject();

    private static JsonObject ReadJson(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();
}
