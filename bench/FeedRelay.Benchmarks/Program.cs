using BenchmarkDotNet.Running;

namespace FeedRelay.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release --project bench/FeedRelay.Benchmarks -- --filter '*'</c>.</summary>
public static class BenchmarkProgram
{
    /// <summary>Runs the benchmarks chosen by <paramref name="args"/>.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}
