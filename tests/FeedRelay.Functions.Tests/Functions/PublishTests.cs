using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Reflection.PortableExecutable;
using System.Text.Json.Nodes;

namespace FeedRelay.Tests.Functions;

/// <summary><c>build/publish.sh</c> produces a deployable app folder and zip whose executable runs as a custom handler.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // The app is published for linux-x64.
public sealed class PublishTests
{
    [Fact]
    public async Task Publish_produces_app_folder_and_zip_that_run_as_a_custom_handler()
    {
        using var output = TestPaths.NewTempFolder();
        await RunPublishAsync(output.Path);
        var app = Path.Combine(output.Path, "app");

        Assert.True(File.Exists(Path.Combine(app, "host.json")));
        foreach (var function in Directory.EnumerateDirectories(Path.Combine(TestPaths.RepoRoot, "functions")).Select(Path.GetFileName))
        {
            Assert.True(File.Exists(Path.Combine(app, function!, "function.json")), $"{function}/function.json missing");
        }

        var executable = Path.Combine(app, "FeedRelay");
        Assert.True(File.GetUnixFileMode(executable).HasFlag(UnixFileMode.UserExecute));
        Assert.True(File.Exists(Path.Combine(app, "libcoreclr.so")), "self-contained: the runtime ships with the app");
        using (var pe = new PEReader(File.OpenRead(Path.Combine(app, "FeedRelay.dll"))))
        {
            Assert.True(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, "FeedRelay.dll is not ReadyToRun");
        }

        using (var zip = ZipFile.OpenRead(Path.Combine(output.Path, "feedrelay.zip")))
        {
            Assert.NotNull(zip.GetEntry("host.json"));
            Assert.NotNull(zip.GetEntry("NormaliseSeed/function.json"));
            var entry = zip.GetEntry("FeedRelay");
            Assert.NotNull(entry);
            Assert.True(((entry.ExternalAttributes >> 16) & 0b001_001_001) != 0, "the zip lost the executable's run bit");
        }

        // The published, self-contained executable as the host starts it.
        var azurite = await AzuriteServer.Shared;
        await using var handler = await CustomHandlerProcess.StartAsync(CustomHandlerTests.AppSettings(azurite), executable);
        var seed = File.ReadAllBytes(Path.Combine(TestPaths.Seeds, "dw-1030000.md"));
        var (response, _) = await HostPayloads.InvokeAsync(handler.Client, "NormaliseSeed", HostPayloads.Blob("dw-1030000.md", seed, azurite.BlobPort));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, JsonNode.Parse(await handler.Client.GetStringAsync("api/health"))!["articles"]!.GetValue<int>());
    }

    private static async Task RunPublishAsync(string output)
    {
        var start = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(TestPaths.RepoRoot, "build", "publish.sh"));
        start.ArgumentList.Add(output);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"publish.sh failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
    }
}
