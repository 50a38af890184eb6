using System.Diagnostics;
using System.Text.Json;

namespace FeedRelay.Tests;

/// <summary>
/// Runs @extractus/feed-extractor (npm, installed by build/test.sh into tests/tools/feed-extractor) under Node.js:
/// an independent parser for JSON Feed, which Debian's feedparser 6.0 does not read.
/// </summary>
internal static class FeedExtractorNode
{
    private static string Tool => Path.Combine(TestPaths.RepoRoot, "tests", "tools", "feed-extractor");

    /// <summary>Parses <paramref name="feed"/> (<paramref name="json"/>: JSON Feed, else RSS/Atom) and returns the extractor's view of it.</summary>
    public static async Task<JsonElement> ParseAsync(byte[] feed, bool json)
    {
        Assert.True(Directory.Exists(Path.Combine(Tool, "node_modules", "@extractus")),
            "feed-extractor is not installed: run build/test.sh (npm ci --prefix tests/tools/feed-extractor)");
        var start = new ProcessStartInfo("node", [Path.Combine(Tool, "parse.mjs"), json ? "json" : "xml"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Tool,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        await process.StandardInput.BaseStream.WriteAsync(feed);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, "feed-extractor failed: " + await error);
        return JsonDocument.Parse(await output).RootElement.Clone();
    }
}
