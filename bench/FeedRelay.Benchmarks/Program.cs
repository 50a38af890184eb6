using BenchmarkDotNet.Running;
using FeedRelay.Benchmarks.Tools;

// `dotnet run -c Release --project bench/FeedRelay.Benchmarks -- <tool> ...` runs a harness tool used by
// bench/scripts and bench/reliability; anything else goes to BenchmarkDotNet (`--filter '*'`).
if (BenchTools.TryRun(args, out var exitCode))
{
    return exitCode;
}

BenchmarkSwitcher.FromAssembly(typeof(BenchTools).Assembly).Run(args);
return 0;
