using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using FeedRelay.Tests;

namespace FeedRelay.Infra.Tests;

/// <summary>
/// infra/hooks/postdeploy.sh against stand-ins for <c>az</c> and <c>curl</c> placed first on PATH: they record
/// their arguments instead of calling Azure, so nothing leaves the machine.
/// </summary>
public sealed partial class PostDeployHookTests : IDisposable
{
    private const string Key = "Abc_def-123==";
    private readonly TempFolder folder = TestPaths.NewTempFolder();

    public PostDeployHookTests()
    {
        Directory.CreateDirectory(Path.Combine(folder.Path, "bin"));
        Directory.CreateDirectory(Path.Combine(folder.Path, "tmp"));
        WriteStub("az", """
            echo "az $*" >>"$STUB_LOG"
            case "$*" in
              "functionapp keys list"*) printf '%s\n' "$STUB_KEY" ;;
              "deployment group create"*)
                while [ $# -gt 0 ]; do
                  if [ "$1" = "--parameters" ]; then cp "${2#@}" "$STUB_DIR/parameters.json"; fi
                  shift
                done ;;
              *) exit 2 ;;
            esac
            """);
        WriteStub("curl", """echo "curl $*" >>"$STUB_LOG" """);
    }

    private string LogPath => Path.Combine(folder.Path, "calls.log");

    private string[] Calls => File.Exists(LogPath) ? File.ReadAllLines(LogPath) : [];

    [Fact]
    public void Reads_the_blobs_extension_key_and_deploys_the_event_grid_stage_with_it()
    {
        var result = RunHook(key: Key);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            [
                "az functionapp keys list --resource-group rg-feedrelay --name func-feedrelay-x --query systemKeys.blobs_extension --output tsv",
                $"az deployment group create --resource-group rg-feedrelay --name feedrelay-eventgrid --template-file {Path.Combine(TestPaths.RepoRoot, "infra", "eventgrid.bicep")} --parameters @",
            ],
            Calls.Select(c => c.Contains(" --parameters @", StringComparison.Ordinal) ? c[..(c.IndexOf(" --parameters @", StringComparison.Ordinal) + 15)] : c));
        Assert.Contains("https://func-feedrelay-x.azurewebsites.net/api/feeds/all.rss", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Passes_the_key_in_a_private_parameters_file_that_matches_the_template_and_is_deleted_afterwards()
    {
        var result = RunHook(key: Key);
        Assert.True(result.ExitCode == 0, result.ToString());

        using var parameters = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.Path, "parameters.json")));
        var values = parameters.RootElement.GetProperty("parameters").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetProperty("value").GetString());
        Assert.Equal(Key, values["blobsExtensionKey"]);
        Assert.Equal("evgt-feedrelay-x", values["systemTopicName"]);
        Assert.Equal("func-feedrelay-x", values["functionAppName"]);
        Assert.Equal("seeds", values["seedsContainerName"]);

        // Every parameter passed is declared by the template, and every one without a default is passed.
        var template = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "infra", "eventgrid.bicep"));
        var declared = ParamDeclaration().Matches(template).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["default"].Success);
        Assert.Subset(declared.Keys.ToHashSet(), values.Keys.ToHashSet());
        Assert.Subset(values.Keys.ToHashSet(), declared.Where(d => !d.Value).Select(d => d.Key).ToHashSet());

        Assert.DoesNotContain(Calls, c => c.Contains(Key, StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(folder.Path, "tmp")));
    }

    [Fact]
    public void Wakes_the_app_and_gives_up_with_an_error_when_the_key_never_appears()
    {
        var result = RunHook(key: "");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no blobs_extension key after 2 attempts", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, Calls.Count(c => c.StartsWith("az functionapp keys list", StringComparison.Ordinal)));
        Assert.Equal(2, Calls.Count(c => c.StartsWith("curl ", StringComparison.Ordinal) && c.EndsWith("http://127.0.0.1:9/api/health", StringComparison.Ordinal)));
        Assert.DoesNotContain(Calls, c => c.StartsWith("az deployment", StringComparison.Ordinal));
    }

    [Fact]
    public void Refuses_a_key_that_would_break_the_url_or_the_json()
    {
        var result = RunHook(key: "abc\"}&x=1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("unexpected characters", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(Calls, c => c.StartsWith("az deployment", StringComparison.Ordinal));
    }

    [Fact]
    public void Names_the_missing_azd_value()
    {
        var result = RunHook(key: Key, omit: "EVENT_GRID_SYSTEM_TOPIC_NAME");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("EVENT_GRID_SYSTEM_TOPIC_NAME", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(Calls);
    }

    /// <inheritdoc />
    public void Dispose() => folder.Dispose();

    private ProcessResult RunHook(string key, string? omit = null)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = TestPaths.RepoRoot,
        };
        start.ArgumentList.Add(Path.Combine(TestPaths.RepoRoot, "infra", "hooks", "postdeploy.sh"));
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = Path.Combine(folder.Path, "bin") + ":" + Environment.GetEnvironmentVariable("PATH"),
            ["TMPDIR"] = Path.Combine(folder.Path, "tmp"),
            ["STUB_LOG"] = LogPath,
            ["STUB_DIR"] = folder.Path,
            ["STUB_KEY"] = key,
            ["AZURE_RESOURCE_GROUP"] = "rg-feedrelay",
            ["AZURE_FUNCTION_APP_NAME"] = "func-feedrelay-x",
            ["EVENT_GRID_SYSTEM_TOPIC_NAME"] = "evgt-feedrelay-x",
            ["AZURE_STORAGE_ACCOUNT_NAME"] = "stfeedx",
            ["FEED_URL_RSS"] = "https://func-feedrelay-x.azurewebsites.net/api/feeds/all.rss",
            ["FEEDRELAY_URL"] = "http://127.0.0.1:9/",
            ["FEEDRELAY_KEY_WAIT_ATTEMPTS"] = "2",
            ["FEEDRELAY_KEY_WAIT_SECONDS"] = "0",
        };
        foreach (var (name, value) in environment.Where(e => e.Key != omit))
        {
            start.Environment[name] = value;
        }

        start.Environment.Remove("SEEDS_CONTAINER_NAME");
        return ProcessResult.Run(start, TimeSpan.FromMinutes(1));
    }

    private void WriteStub(string name, string body)
    {
        var path = Path.Combine(folder.Path, "bin", name);
        File.WriteAllText(path, "#!/usr/bin/env bash\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>A Bicep <c>param name type [= default]</c> line.</summary>
    [GeneratedRegex(@"^param (?<name>\w+) \w+(?<default> =)?", RegexOptions.Multiline)]
    private static partial Regex ParamDeclaration();
}
