using FeedRelay.Tests;

namespace FeedRelay.Infra.Tests;

/// <summary>
/// Compiles and lints every Bicep file under infra/ once (three CLI runs with <c>--pattern</c>, not one per file:
/// each run costs seconds) and keeps the ARM JSON and diagnostics for the tests of the "bicep" collection.
/// </summary>
public sealed class BicepCompilation : IDisposable
{
    private readonly TempFolder output = TestPaths.NewTempFolder();

    /// <summary>Compiles and lints.</summary>
    public BicepCompilation()
    {
        Build = BicepCli.Run(TestPaths.RepoRoot, "build", "--pattern", "infra/**/*.bicep", "--outdir", output.Path, "--diagnostics-format", "sarif");
        BuildParams = BicepCli.Run(TestPaths.RepoRoot, "build-params", ParamsFile, "--outfile", Path.Combine(output.Path, "main.parameters.json"), "--diagnostics-format", "sarif");
        Lint = BicepCli.Run(TestPaths.RepoRoot, "lint", "--pattern", "infra/**/*.bicep*", "--diagnostics-format", "sarif");
    }

    /// <summary>infra/.</summary>
    public static string InfraFolder => Path.Combine(TestPaths.RepoRoot, "infra");

    /// <summary>The parameters file of main.bicep.</summary>
    public static string ParamsFile => Path.Combine(InfraFolder, "main.bicepparam");

    /// <summary>Every .bicep file under infra/, relative to it, with '/' separators.</summary>
    public static IReadOnlyList<string> BicepFiles =>
        [.. Directory.EnumerateFiles(InfraFolder, "*.bicep", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(InfraFolder, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

    /// <summary><c>bicep build --pattern infra/**/*.bicep</c>.</summary>
    public ProcessResult Build { get; }

    /// <summary><c>bicep build-params infra/main.bicepparam</c>.</summary>
    public ProcessResult BuildParams { get; }

    /// <summary><c>bicep lint --pattern infra/**/*.bicep*</c> (the .bicep files and the .bicepparam file).</summary>
    public ProcessResult Lint { get; }

    /// <summary>Diagnostics of the build runs (compiler and linter).</summary>
    public IReadOnlyList<BicepDiagnostic> BuildDiagnostics =>
        [.. SarifDiagnostics.Parse(Build.StandardOutput), .. SarifDiagnostics.Parse(Build.StandardError),
         .. SarifDiagnostics.Parse(BuildParams.StandardOutput), .. SarifDiagnostics.Parse(BuildParams.StandardError)];

    /// <summary>Diagnostics of the lint run.</summary>
    public IReadOnlyList<BicepDiagnostic> LintDiagnostics =>
        [.. SarifDiagnostics.Parse(Lint.StandardOutput), .. SarifDiagnostics.Parse(Lint.StandardError)];

    /// <summary>Path of the ARM JSON compiled from <paramref name="bicepFile"/> (relative to infra/).</summary>
    public string CompiledPath(string bicepFile) => Path.Combine(output.Path, Path.ChangeExtension(bicepFile, ".json"));

    /// <summary>The ARM JSON compiled from <paramref name="bicepFile"/> (relative to infra/).</summary>
    public ArmTemplate Template(string bicepFile) => ArmTemplate.Load(CompiledPath(bicepFile));

    /// <summary>The compiled parameters file.</summary>
    public string ParametersJson => File.ReadAllText(Path.Combine(output.Path, "main.parameters.json"));

    /// <inheritdoc />
    public void Dispose() => output.Dispose();
}

/// <summary>Tests sharing one <see cref="BicepCompilation"/>.</summary>
[CollectionDefinition("bicep")]
public sealed class BicepCollection : ICollectionFixture<BicepCompilation>;
