using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Text.Json.Nodes;
using FeedRelay.Functions.Feeds;
using FeedRelay.Functions.Ingestion;
using Microsoft.AspNetCore.Routing;

namespace FeedRelay.Tests;

/// <summary>
/// <c>build/publish.sh</c> produces an isolated-worker app whose <c>functions.metadata</c> declares the triggers and one
/// HTTP function for every route the standalone server maps (read from the real publish output, so the two cannot drift).
/// </summary>
public sealed class PublishTests
{
    [Fact]
    public async Task Published_app_is_an_isolated_worker_with_host_json_and_ready_to_run_code()
    {
        var app = Path.Combine(await PublishedApp.FolderAsync(), "app");

        Assert.Equal(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "host.json")), File.ReadAllText(Path.Combine(app, "host.json")));
        var worker = JsonNode.Parse(File.ReadAllText(Path.Combine(app, "worker.config.json")))!;
        Assert.Equal("FeedRelay.Functions.dll", worker["description"]!["defaultWorkerPath"]!.GetValue<string>());
        var extensions = JsonNode.Parse(File.ReadAllText(Path.Combine(app, "extensions.json")))!["extensions"]!.AsArray();
        Assert.Contains(extensions, e => e!["name"]!.GetValue<string>() == "AzureStorageBlobs");
        Assert.Contains(extensions, e => e!["name"]!.GetValue<string>() == "AzureStorageQueues");
        using (var pe = new PEReader(File.OpenRead(Path.Combine(app, "FeedRelay.Functions.dll"))))
        {
            Assert.True(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, "FeedRelay.Functions.dll is not ReadyToRun");
        }

        Assert.False(Directory.Exists(Path.Combine(app, "NormaliseSeed")), "no custom-handler function.json folders");
        using var zip = ZipFile.OpenRead(Path.Combine(await PublishedApp.FolderAsync(), "feedrelay.zip"));
        Assert.NotNull(zip.GetEntry("host.json"));
        Assert.NotNull(zip.GetEntry("functions.metadata"));
        Assert.NotNull(zip.GetEntry("FeedRelay.Functions.dll"));
    }

    [Fact]
    public async Task Metadata_declares_the_triggers()
    {
        var functions = await MetadataAsync();

        var seed = Trigger(functions, "NormaliseSeed");
        Assert.Equal("blobTrigger", seed["type"]!.GetValue<string>());
        Assert.Equal("seeds/{name}", seed["path"]!.GetValue<string>());
        Assert.Equal("EventGrid", seed["source"]!.GetValue<string>());
        Assert.Equal("AzureWebJobsStorage", seed["connection"]!.GetValue<string>());

        var translate = Trigger(functions, "TranslateArticle");
        Assert.Equal("queueTrigger", translate["type"]!.GetValue<string>());
        Assert.Equal("translate", translate["queueName"]!.GetValue<string>());
        Assert.Equal("translate-poison", Trigger(functions, "TranslateArticlePoison")["queueName"]!.GetValue<string>());

        var poison = Trigger(functions, "QuarantinePoisonSeed");
        Assert.Equal("queueTrigger", poison["type"]!.GetValue<string>());
        Assert.Equal("webjobs-blobtrigger-poison", poison["queueName"]!.GetValue<string>());

        var rebuild = Trigger(functions, "RebuildFeeds");
        Assert.Equal("queueTrigger", rebuild["type"]!.GetValue<string>());
        Assert.Equal("feed-rebuilds", rebuild["queueName"]!.GetValue<string>());
        Assert.Equal("feed-rebuilds-poison", Trigger(functions, "RebuildFeedsPoison")["queueName"]!.GetValue<string>());

        var replay = Trigger(functions, "ReplayDeadLetteredSeeds");
        Assert.Equal("timerTrigger", replay["type"]!.GetValue<string>());
        Assert.Equal(ReplayDeadLetteredSeedsFunction.Schedule, replay["schedule"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_server_route_has_an_http_function_with_the_same_name_template_and_methods()
    {
        var functions = await MetadataAsync();
        var published = functions
            .Select(f => (Name: f["name"]!.GetValue<string>(), Binding: f["bindings"]!.AsArray().FirstOrDefault(b => b!["type"]!.GetValue<string>() == "httpTrigger")))
            .Where(f => f.Binding is not null)
            .Select(f => Describe(f.Name, f.Binding!["route"]!.GetValue<string>() is var route && route == FeedFunctions.HomeRoute ? "" : route,
                f.Binding!["methods"]!.AsArray().Select(m => m!.GetValue<string>())))
            .Order()
            .ToList();

        await using var app = await FunctionsApp.StartAsync();
        var served = app.ServerEndpoints
            .Select(e => Describe(
                e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "(unnamed " + e.RoutePattern.RawText + ")",
                e.RoutePattern.RawText!.TrimStart('/'),
                e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []))
            .Order()
            .ToList();

        Assert.Equal(served, published);
        Assert.Equal(18, functions.Count); // 11 routes + 7 triggers.
    }

    private static string Describe(string name, string route, IEnumerable<string> methods) =>
        $"{name} {route} {string.Join(',', methods.Select(m => m.ToUpperInvariant()).Order())}";

    private static async Task<List<JsonNode>> MetadataAsync()
    {
        var path = Path.Combine(await PublishedApp.FolderAsync(), "app", "functions.metadata");
        return JsonNode.Parse(File.ReadAllText(path))!.AsArray().Select(f => f!).ToList();
    }

    private static JsonNode Trigger(List<JsonNode> functions, string name) =>
        functions.Single(f => f["name"]!.GetValue<string>() == name)["bindings"]!.AsArray()
            .Single(b => b!["direction"]!.GetValue<string>() == "In")!;
}
