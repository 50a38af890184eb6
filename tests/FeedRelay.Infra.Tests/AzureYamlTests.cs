using FeedRelay.Tests;
using YamlDotNet.RepresentationModel;

namespace FeedRelay.Infra.Tests;

/// <summary>azure.yaml wires `azd up` to the Bicep, the publish script and the postdeploy hook.</summary>
public sealed class AzureYamlTests
{
    private readonly YamlMappingNode root = Load();

    [Fact]
    public void Provisions_infra_main_with_bicep()
    {
        var infra = Map(root, "infra");
        Assert.Equal("bicep", Scalar(infra, "provider"));
        Assert.Equal("infra", Scalar(infra, "path"));
        Assert.Equal("main", Scalar(infra, "module"));
        Assert.True(File.Exists(Path.Combine(TestPaths.RepoRoot, "infra", "main.bicep")));
        Assert.True(File.Exists(Path.Combine(TestPaths.RepoRoot, "infra", "main.bicepparam")));
    }

    [Fact]
    public void Deploys_the_published_custom_handler_folder_to_the_function_app_tagged_with_the_service_name()
    {
        var service = Assert.Single(Map(root, "services").Children);
        var name = ((YamlScalarNode)service.Key).Value;
        var config = (YamlMappingNode)service.Value;
        Assert.Equal("function", Scalar(config, "host"));
        Assert.Equal("custom", Scalar(config, "language"));
        Assert.Equal("artifacts/app", Scalar(config, "dist"));
        Assert.Equal("bash build/publish.sh", Scalar(Map(Map(Map(config, "hooks"), "prepackage"), "posix"), "run"));

        // azd finds the app by its azd-service-name tag, which main.bicep sets from this variable.
        var main = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "infra", "main.bicep"));
        Assert.Contains($"var serviceName = '{name}'", main, StringComparison.Ordinal);
        Assert.Contains("'azd-service-name': serviceName", File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "infra", "app", "function-app.bicep")), StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_the_event_grid_stage_after_deploy()
    {
        var run = Scalar(Map(Map(Map(root, "hooks"), "postdeploy"), "posix"), "run");
        Assert.Equal("bash infra/hooks/postdeploy.sh", run);
        Assert.True(File.Exists(Path.Combine(TestPaths.RepoRoot, "infra", "hooks", "postdeploy.sh")));
    }

    private static YamlMappingNode Load()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(TestPaths.RepoRoot, "azure.yaml"));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];

    private static string? Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value;
}
