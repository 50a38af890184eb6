using BenchmarkDotNet.Running;
using FeedRelay.Benchmarks.Tools;

// `dotnet run -c Release --project bench/FeedRelay.Benchmarks -- <tool> ...` runs a harness tool used by
// bench/scripts and bench/reliability; anything else goes to BenchmarkDotNet (`--filter '*Pipeline*'`).
if (BenchTools.TryRun(args, out var exitCode))
{
    return exitCode;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

/// <summary>Entry point of the benchmark and harness-tool executable.</summary>
public partial class Program;
