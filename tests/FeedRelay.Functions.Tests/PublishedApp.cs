using System.Diagnostics;

namespace FeedRelay.Tests;

/// <summary>The output of <c>build/publish.sh</c>, published once per test run into a temporary folder.</summary>
internal static class PublishedApp
{
    private static readonly Lazy<Task<string>> Output = new(PublishAsync);

    /// <summary>The folder holding <c>app/</c> and <c>feedrelay.zip</c>.</summary>
    public static Task<string> FolderAsync() => Output.Value;

    private static async Task<string> PublishAsync()
    {
        var output = Path.Combine(Path.GetTempPath(), "feedrelay-publish-" + Guid.NewGuid().ToString("N")[..8]);
        var start = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(TestPaths.RepoRoot, "build", "publish.sh"));
        start.ArgumentList.Add(output);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"publish.sh failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }

        return output;
    }
}
