using System.Diagnostics;

namespace FeedRelay.Tests;

/// <summary>Independent, real feed tools from Debian, run as processes: jing (RELAX NG) and newsboat (a feed reader).</summary>
internal static class FeedPeers
{
    /// <summary>The RFC 4287 RELAX NG compact schema kept in the fixtures.</summary>
    public static string AtomSchema => Path.Combine(TestPaths.Fixtures, "schemas", "atom.rnc");

    /// <summary>Validates every file in <paramref name="atomFiles"/> against RFC 4287's schema; returns jing's complaints (empty when valid).</summary>
    public static async Task<string> JingAsync(IEnumerable<string> atomFiles)
    {
        var (exit, output, error) = await RunAsync("jing", ["-c", AtomSchema, .. atomFiles]);
        var complaints = string.Join('\n', (output + "\n" + error).Split('\n').Where(l => l.Length > 0 && !l.Contains("[warning]", StringComparison.Ordinal)));
        return exit == 0 ? "" : complaints.Length > 0 ? complaints : $"jing exited with {exit}";
    }

    /// <summary>
    /// Has newsboat fetch each URL in <paramref name="urls"/> headless (<c>-x reload</c>) into its own temporary cache
    /// (newsboat keys cached items by guid across feeds, so feeds sharing items need separate caches) and returns what
    /// it stored: for each feed URL, its items' (title, publication time in Unix seconds).
    /// </summary>
    public static async Task<Dictionary<string, List<(string Title, long PubDate)>>> NewsboatAsync(IReadOnlyList<string> urls)
    {
        var result = new System.Collections.Concurrent.ConcurrentDictionary<string, List<(string Title, long PubDate)>>();
        await Parallel.ForEachAsync(urls, new ParallelOptions { MaxDegreeOfParallelism = 3 }, async (url, _) => result[url] = await NewsboatOneAsync(url));
        return new Dictionary<string, List<(string Title, long PubDate)>>(result);
    }

    private static async Task<List<(string Title, long PubDate)>> NewsboatOneAsync(string url)
    {
        using var folder = TestPaths.NewTempFolder();
        var urlFile = Path.Combine(folder.Path, "urls");
        var config = Path.Combine(folder.Path, "config");
        var cache = Path.Combine(folder.Path, "cache.db");
        await File.WriteAllTextAsync(urlFile, url + "\n");
        await File.WriteAllTextAsync(config, "download-timeout 30\n");
        var (exit, _, error) = await RunAsync("newsboat", ["-u", urlFile, "-C", config, "-c", cache, "-x", "reload"], folder.Path);
        Assert.True(exit == 0, $"newsboat failed ({exit}; install the Debian package newsboat): {error}");

        var (sqlExit, rows, sqlError) = await RunAsync("sqlite3", ["-separator", "\t", cache, "SELECT feedurl, replace(title, char(9), ' '), pubDate FROM rss_item"]);
        Assert.True(sqlExit == 0, $"sqlite3 failed (install the Debian package sqlite3): {sqlError}");
        var items = new List<(string, long)>();
        foreach (var row in rows.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var cells = row.Split('\t');
            Assert.Equal(url, cells[0]);
            items.Add((cells[1], long.Parse(cells[2], System.Globalization.CultureInfo.InvariantCulture)));
        }

        return items;
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string program, string[] arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        start.Environment["HOME"] = workingDirectory ?? Path.GetTempPath();
        using var process = Process.Start(start) ?? throw new InvalidOperationException(program + " did not start (install its Debian package; see build/test.sh)");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
