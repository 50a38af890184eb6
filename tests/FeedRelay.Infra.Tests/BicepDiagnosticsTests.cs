using System.Text.Json;
using FeedRelay.Tests;

namespace FeedRelay.Infra.Tests;

/// <summary>Every Bicep file builds and lints with 0 errors and 0 warnings (the CI gate).</summary>
[Collection("bicep")]
public sealed class BicepDiagnosticsTests(BicepCompilation compilation)
{
    /// <summary>Each .bicep file under infra/, for per-file theories.</summary>
    public static TheoryData<string> Files => [.. BicepCompilation.BicepFiles];

    [Fact]
    public void Infra_holds_the_main_template_its_modules_and_the_event_grid_stage()
    {
        var files = BicepCompilation.BicepFiles;
        Assert.Contains("main.bicep", files);
        Assert.Contains("eventgrid.bicep", files);
        Assert.Subset(files.ToHashSet(), new HashSet<string>
        {
            "app/event-topic.bicep", "app/function-app.bicep", "app/identity.bicep", "app/monitoring.bicep",
            "app/roles.bicep", "app/storage.bicep", "app/translator.bicep",
        });
        Assert.True(File.Exists(BicepCompilation.ParamsFile));
    }

    [Fact]
    public void Build_reports_no_errors_and_no_warnings()
    {
        Assert.True(compilation.Build.ExitCode == 0, compilation.Build.ToString());
        Assert.Empty(compilation.BuildDiagnostics);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Each_file_compiles_to_an_arm_template(string bicepFile)
    {
        var template = compilation.Template(bicepFile);
        Assert.Equal("1.0.0.0", (string?)template.Root["contentVersion"]);
        Assert.Equal("bicep", (string?)template.Root["metadata"]?["_generator"]?["name"]);
    }

    [Fact]
    public void Lint_covers_every_bicep_file_and_the_parameters_file_with_no_errors_and_no_warnings()
    {
        Assert.True(compilation.Lint.ExitCode == 0, compilation.Lint.ToString());
        Assert.Empty(compilation.LintDiagnostics);

        // One SARIF document per linted file: a pattern that matched nothing would also report no diagnostics.
        var documents = SarifDiagnostics.CountDocuments(compilation.Lint.StandardOutput)
            + SarifDiagnostics.CountDocuments(compilation.Lint.StandardError);
        Assert.Equal(BicepCompilation.BicepFiles.Count + 1, documents);
    }

    [Fact]
    public void Parameters_file_builds_and_sets_every_required_parameter()
    {
        Assert.True(compilation.BuildParams.ExitCode == 0, compilation.BuildParams.ToString());
        using var parameters = JsonDocument.Parse(compilation.ParametersJson);
        var values = parameters.RootElement.GetProperty("parameters");
        Assert.True(values.TryGetProperty("environmentName", out _));
        Assert.True(values.TryGetProperty("location", out _));
        Assert.Equal(2048, values.GetProperty("instanceMemoryMB").GetProperty("value").GetInt32());
    }

    [Fact]
    public void Linter_is_enabled_and_no_rule_is_below_warning_except_the_registry_one()
    {
        var config = JsonDocument.Parse(
            File.ReadAllText(Path.Combine(BicepCompilation.InfraFolder, "bicepconfig.json")),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var core = config.RootElement.GetProperty("analyzers").GetProperty("core");
        Assert.True(core.GetProperty("enabled").GetBoolean());
        var weak = core.GetProperty("rules").EnumerateObject()
            .Where(rule => rule.Value.GetProperty("level").GetString() is not ("warning" or "error"))
            .Select(rule => rule.Name);
        // use-recent-module-versions queries a module registry; infra/ uses no registry modules.
        Assert.Equal(["use-recent-module-versions"], weak);
        Assert.Equal("warning", core.GetProperty("rules").GetProperty("use-recent-api-versions").GetProperty("level").GetString());
    }

    [Fact]
    public void Diagnostics_of_a_faulty_file_are_read_as_errors_and_warnings()
    {
        // Proves the zero-diagnostics assertions above can fail: the same CLI, config and parser on bad Bicep.
        using var folder = TestPaths.NewTempFolder();
        File.Copy(Path.Combine(BicepCompilation.InfraFolder, "bicepconfig.json"), Path.Combine(folder.Path, "bicepconfig.json"));
        File.WriteAllText(Path.Combine(folder.Path, "bad.bicep"), """
            param unused string
            resource account 'Microsoft.Storage/storageAccounts@2026-06-01' = {
              name: 'stfeedrelaybad'
              location: 'westeurope'
              kind: 'StorageV2'
              sku: { name: 'Standard_LRS' }
              properties: { minimumTlsVersion: 12 }
            }
            output tls int = 'TLS1_2'
            """);

        var lint = BicepCli.Run(folder.Path, "lint", "bad.bicep", "--diagnostics-format", "sarif");
        var diagnostics = SarifDiagnostics.Parse(lint.StandardOutput + lint.StandardError);

        Assert.NotEqual(0, lint.ExitCode);
        Assert.Contains(diagnostics, d => d is { Level: "warning", RuleId: "no-unused-params" } && d.File.EndsWith("bad.bicep", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d is { Level: "warning", RuleId: "no-hardcoded-location" });
        Assert.Contains(diagnostics, d => d is { Level: "warning", RuleId: "BCP036" }); // a wrong type on a resource property is only a warning
        Assert.Contains(diagnostics, d => d is { Level: "error", RuleId: "BCP033", Line: 9 });
    }
}
