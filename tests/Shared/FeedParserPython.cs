using System.Diagnostics;
using System.Text.Json;

namespace FeedRelay.Tests;

/// <summary>Runs Debian's python3-feedparser, an independent feed parser, over a feed document.</summary>
internal static class FeedParserPython
{
    private const string Script = """
        import sys, json, feedparser
        d = feedparser.parse(sys.stdin.buffer.read())
        print(json.dumps({
            "bozo": int(d.bozo),
            "bozo_exception": str(d.get("bozo_exception", "")),
            "version": d.version,
            "title": d.feed.get("title"),
            "entries": [{
                "title": e.get("title"),
                "link": e.get("link"),
                "id": e.get("id"),
                "published": e.get("published_parsed") and "%04d-%02d-%02dT%02d:%02d:%02dZ" % tuple(e.published_parsed[:6]),
            } for e in d.entries],
        }))
        """;

    // Debian's python3-feedparser lives in the system interpreter, which may not be the first python3 on PATH.
    private static string Python => Environment.GetEnvironmentVariable("FEEDRELAY_PYTHON")
        ?? (File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");

    /// <summary>Parses <paramref name="feed"/> and returns feedparser's view of it.</summary>
    public static async Task<JsonElement> ParseAsync(byte[] feed)
    {
        var start = new ProcessStartInfo(Python, ["-c", Script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        await process.StandardInput.BaseStream.WriteAsync(feed);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, "python3-feedparser failed (install the Debian package python3-feedparser): " + error);
        return JsonDocument.Parse(output).RootElement.Clone();
    }
}
