using System.Diagnostics;
using System.Text;

namespace FeedRelay.Tests.Functions;

/// <summary>
/// The FeedRelay executable started the way the Functions host starts its custom handler: from the app folder,
/// with <c>FUNCTIONS_CUSTOMHANDLER_PORT</c> (plus the host's worker id and app root) and the app settings as
/// environment variables, and nothing else of ours.
/// </summary>
internal sealed class CustomHandlerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private CustomHandlerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>The port the host told the handler to use.</summary>
    public int Port { get; }

    /// <summary>A client for the handler, as the host's forwarding uses.</summary>
    public HttpClient Client { get; }

    /// <summary>Everything the process wrote to stdout and stderr so far (the host collects this as logs).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="executable"/> (default: the FeedRelay build next to the tests) with <paramref name="appSettings"/>.</summary>
    public static async Task<CustomHandlerProcess> StartAsync(IReadOnlyDictionary<string, string> appSettings, string? executable = null)
    {
        executable ??= Path.Combine(AppContext.BaseDirectory, "FeedRelay");
        for (var attempt = 1; ; attempt++)
        {
            var handler = Start(appSettings, executable, AzuriteServer.FreePort());
            try
            {
                await handler.WaitUntilListeningAsync();
                return handler;
            }
            catch (Xunit.Sdk.XunitException) when (attempt < 3 && handler.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                // Another test took the free port between our check and the bind: try another one.
                await handler.DisposeAsync();
            }
        }
    }

    private static CustomHandlerProcess Start(IReadOnlyDictionary<string, string> appSettings, string executable, int port)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = Path.GetDirectoryName(executable)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Keep the machine's environment (PATH, DOTNET_ROOT, HOME) but nothing that would configure the app another way.
        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) || key.StartsWith("FeedRelay", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("AzureWebJobs", StringComparison.OrdinalIgnoreCase) || key.StartsWith("FUNCTIONS_", StringComparison.OrdinalIgnoreCase)
                || key.Equals("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(key);
            }
        }

        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["FUNCTIONS_CUSTOMHANDLER_WORKER_ID"] = Guid.NewGuid().ToString();
        start.Environment["FUNCTIONS_APP_ROOT_PATH"] = start.WorkingDirectory;
        foreach (var (key, value) in appSettings)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + executable);
        var handler = new CustomHandlerProcess(process, port);
        process.OutputDataReceived += (_, e) => handler.Append(e.Data);
        process.ErrorDataReceived += (_, e) => handler.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return handler;
    }

    /// <summary>Polls until the handler answers HTTP at all (the host waits the same way); fails after a generous bound.</summary>
    private async Task WaitUntilListeningAsync()
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (_process.HasExited)
            {
                throw new Xunit.Sdk.XunitException($"FeedRelay exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await Client.GetAsync("api/health");
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        throw new Xunit.Sdk.XunitException("FeedRelay never started listening:\n" + Output);
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
