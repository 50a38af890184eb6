using System.Diagnostics;
using System.Reflection;

namespace FeedRelay.Infra.Tests;

/// <summary>The Bicep CLI from the <c>Azure.Bicep.CommandLine.linux-x64</c> NuGet package; runs offline.</summary>
public static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>Full path of the bicep executable, as restored by NuGet (see the test project file).</summary>
    public static string ExecutablePath { get; } = typeof(BicepCli).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "BicepExecutable").Value
        ?? throw new InvalidOperationException("BicepExecutable assembly metadata is missing");

    /// <summary>Runs <c>bicep</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.</summary>
    public static ProcessResult Run(string workingDirectory, params string[] arguments)
    {
        EnsureExecutable();
        var start = new ProcessStartInfo(ExecutablePath)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Keep the CLI from phoning home; everything it needs is inside the executable.
        start.Environment["BICEP_TRACING_ENABLED"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return ProcessResult.Run(start, Timeout);
    }

    // NuGet extraction does not always keep the executable bit of tools/bicep.
    private static void EnsureExecutable()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new FileNotFoundException("Bicep CLI not found; restore tests/FeedRelay.Infra.Tests", ExecutablePath);
        }

        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(ExecutablePath);
        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(ExecutablePath, mode | execute);
        }
    }
}

/// <summary>Exit code and output of a finished process.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Starts <paramref name="start"/>, reads both streams to the end and waits for exit.</summary>
    public static ProcessResult Run(ProcessStartInfo start, TimeSpan timeout)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + start.FileName);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}");
        }

        process.WaitForExit();
        return new ProcessResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>Both streams, for assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}
