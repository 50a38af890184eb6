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
    public void Deploys_the_published_isolated_worker_folder_to_the_function_app_tagged_with_the_service_name()
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
    public void Prepackage_publishes_the_isolated_worker_for_the_flex_runtime_into_dist()
    {
        // `language: custom` deploys whatever `dist` holds, so the script must fill exactly that folder with the
        // Functions project, for the Flex instances' platform (linux-x64) on the platform's dotnet-isolated runtime.
        var script = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "build", "publish.sh"));
        Assert.Contains("dotnet publish src/FeedRelay.Functions/FeedRelay.Functions.csproj", script, StringComparison.Ordinal);
        Assert.Contains("--runtime linux-x64 --self-contained false", script, StringComparison.Ordinal);
        Assert.Contains("-p:PublishReadyToRun=true", script, StringComparison.Ordinal);
        Assert.Contains("app=\"$artifacts/app\"", script, StringComparison.Ordinal);
        Assert.Contains("artifacts=\"${1:-artifacts}\"", script, StringComparison.Ordinal);
        Assert.Contains("--output \"$app\"", script, StringComparison.Ordinal);

        var service = (YamlMappingNode)Assert.Single(Map(root, "services").Children).Value;
        Assert.Equal("artifacts/app", Scalar(service, "dist"));
        Assert.Equal("bash build/publish.sh", Scalar(Map(Map(Map(service, "hooks"), "prepackage"), "windows"), "run"));
    }

    [Fact]
    public void Describes_the_isolated_worker_and_says_why_azd_does_not_publish_it()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "azure.yaml"));
        Assert.Contains("isolated worker", text, StringComparison.Ordinal);
        Assert.Contains("dotnet-isolated 10.0", text, StringComparison.Ordinal);
        Assert.Contains("`custom`, not `dotnet`", text, StringComparison.Ordinal);
        Assert.DoesNotContain("custom handler", text, StringComparison.OrdinalIgnoreCase);
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
