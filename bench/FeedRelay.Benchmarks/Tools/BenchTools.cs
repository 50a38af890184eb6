using System.Globalization;

namespace FeedRelay.Benchmarks.Tools;

/// <summary>Harness commands used by the scripts in bench/scripts and bench/reliability; each prints its figures as one JSON line.</summary>
public static class BenchTools
{
    private static readonly Dictionary<string, Func<ToolArgs, Task<int>>> Commands = new(StringComparer.Ordinal)
    {
        ["export-items"] = RenderTools.ExportItemsAsync,
        ["render-loop"] = RenderTools.RenderLoopAsync,
        ["gen-seeds"] = StoreTools.GenerateSeedsAsync,
        ["gen-store"] = StoreTools.GenerateStoreAsync,
        ["fuzz"] = SeedFuzzer.RunAsync,
        ["gen-azure"] = AzureTools.GenerateAsync,
        ["ingest-azure"] = AzureTools.IngestAsync,
        ["query-azure"] = AzureTools.QueryAsync,
        ["materialise-azure"] = AzureTools.MaterialiseAsync,
        ["put-floor-azure"] = AzureTools.PutFloorAsync,
        ["gen-sqlite"] = SqliteTools.GenerateSqliteAsync,
        ["parse-floor"] = SqliteTools.ParseFloorAsync,
        ["normalise-split"] = NormaliseTools.SplitAsync,
        ["normalise-dump"] = NormaliseTools.DumpAsync,
    };

    /// <summary>Runs the tool named by <paramref name="args"/>[0], if it names one.</summary>
    public static bool TryRun(string[] args, out int exitCode)
    {
        exitCode = 0;
        if (args.Length == 0 || !Commands.TryGetValue(args[0], out var command))
        {
            return false;
        }

        exitCode = command(new ToolArgs(args[1..])).GetAwaiter().GetResult();
        return true;
    }
}

/// <summary><c>--name value</c> options of a harness command.</summary>
public sealed class ToolArgs(string[] args)
{
    /// <summary>The value after <c>--<paramref name="name"/></c>, or <paramref name="fallback"/>.</summary>
    public string Get(string name, string fallback)
    {
        var at = Array.IndexOf(args, "--" + name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }

    /// <summary>The required value after <c>--<paramref name="name"/></c>.</summary>
    public string Require(string name) => Get(name, "") is { Length: > 0 } value ? value : throw new ArgumentException($"--{name} is required");

    /// <summary>An integer option.</summary>
    public int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
}
