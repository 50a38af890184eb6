using FeedRelay.Tests;

namespace FeedRelay.Infra.Tests;

/// <summary>The second stage, infra/eventgrid.bicep: BlobCreated in seeds/ goes to the blob trigger's webhook.</summary>
[Collection("bicep")]
public sealed class EventGridTemplateTests(BicepCompilation compilation)
{
    private readonly ArmTemplate template = compilation.Template("eventgrid.bicep");

    [Fact]
    public void Subscription_sends_only_blob_created_events_of_the_seeds_container()
    {
        var subscription = template.Single("Microsoft.EventGrid/systemTopics/eventSubscriptions");
        var filter = subscription.Properties["filter"]!;
        Assert.Equal(["Microsoft.Storage.BlobCreated"], filter["includedEventTypes"]!.AsArray().Select(t => (string?)t));
        Assert.Equal("[format('/blobServices/default/containers/{0}/', parameters('seedsContainerName'))]", (string?)filter["subjectBeginsWith"]);
        Assert.Equal("seeds", (string?)template.Root["parameters"]?["seedsContainerName"]?["defaultValue"]);
    }

    [Fact]
    public void Subscription_delivers_to_the_blobs_extension_webhook_of_normalise_seed_over_https()
    {
        var destination = template.Single("Microsoft.EventGrid/systemTopics/eventSubscriptions").Properties["destination"]!;
        Assert.Equal("WebHook", (string?)destination["endpointType"]);
        Assert.Equal(
            "[format('https://{0}/runtime/webhooks/blobs?functionName=Host.Functions.{1}&code={2}', reference(resourceId('Microsoft.Web/sites', parameters('functionAppName')), '2025-03-01').defaultHostName, parameters('functionName'), parameters('blobsExtensionKey'))]",
            (string?)destination["properties"]?["endpointUrl"]);
        Assert.Equal("NormaliseSeed", (string?)template.Root["parameters"]?["functionName"]?["defaultValue"]);
    }

    [Fact]
    public void Default_function_name_is_the_isolated_worker_function_with_the_event_grid_blob_trigger()
    {
        // Host.Functions.<name> must name the [Function] whose blob trigger has Source = EventGrid; the host answers
        // the webhook only for such a function.
        var source = Assert.Single(
            Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "src", "FeedRelay.Functions"), "*.cs", SearchOption.AllDirectories)
                .Select(File.ReadAllText),
            text => text.Contains("Source = BlobTriggerSource.EventGrid", StringComparison.Ordinal));
        Assert.Contains("[BlobTrigger(\"seeds/{name}\", Source = BlobTriggerSource.EventGrid", source, StringComparison.Ordinal);
        Assert.Contains("[Function(Name)]", source, StringComparison.Ordinal);
        Assert.Contains($"public const string Name = \"{(string?)template.Root["parameters"]?["functionName"]?["defaultValue"]}\";", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Undelivered_events_are_dead_lettered_to_the_replayed_container_with_the_topics_identity()
    {
        var subscription = template.Single("Microsoft.EventGrid/systemTopics/eventSubscriptions").Properties;
        var deadLetter = subscription["deadLetterWithResourceIdentity"]!;
        Assert.Equal("SystemAssigned", (string?)deadLetter["identity"]?["type"]);
        Assert.Equal("StorageBlob", (string?)deadLetter["deadLetterDestination"]?["endpointType"]);
        Assert.Equal("[parameters('deadLetterContainerName')]", (string?)deadLetter["deadLetterDestination"]?["properties"]?["blobContainerName"]);
        Assert.Equal("seeds-deadletter", (string?)template.Root["parameters"]?["deadLetterContainerName"]?["defaultValue"]);
        Assert.Null(subscription["deadLetterDestination"]); // not the key-based form: the account takes no shared keys
    }

    [Fact]
    public void Webhook_key_is_a_secure_parameter_without_default_and_is_never_output()
    {
        var key = template.Root["parameters"]!["blobsExtensionKey"]!;
        Assert.Equal("securestring", (string?)key["type"]);
        Assert.Null(key["defaultValue"]);
        Assert.DoesNotContain("blobsExtensionKey", template.Root["outputs"]!.ToJsonString(), StringComparison.Ordinal);
    }
}
