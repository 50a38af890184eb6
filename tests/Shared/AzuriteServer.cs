using System.Diagnostics;
using System.Text.RegularExpressions;

namespace FeedRelay.Tests;

/// <summary>
/// One Azurite (npm <c>azurite</c>) per test process: blob, queue and table services on 127.0.0.1 with ports
/// chosen by the OS, in-memory, stopped when the test process exits. Installed into the repository's gitignored
/// <c>.tools/azurite</c> when missing (build/test.sh normally does that first). Tests isolate themselves by using
/// their own container, queue and table names (<see cref="UniqueName"/>).
/// </summary>
internal sealed partial class AzuriteServer : IDisposable
{
    /// <summary>The Azurite version the tests pin.</summary>
    public const string Version = "3.37.0";

    /// <summary>Azurite's well-known development account key (public, not a secret).</summary>
    private const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly Lazy<Task<AzuriteServer>> SharedServer = new(StartAsync);
    private readonly TempFolder _folder;
    private Process _process;
    private bool _persistent;

    private AzuriteServer(Process process, TempFolder folder, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        _folder = folder;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    /// <summary>The Azurite instance of this test process, started on first use.</summary>
    public static Task<AzuriteServer> Shared => SharedServer.Value;

    /// <summary>Port of the blob service.</summary>
    public int BlobPort { get; }

    /// <summary>Port of the queue service.</summary>
    public int QueuePort { get; }

    /// <summary>Port of the table service.</summary>
    public int TablePort { get; }

    /// <summary>A full connection string for the development account on this instance.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    /// <summary>A fresh lowercase name (valid for containers, queues and tables) starting with <paramref name="prefix"/>.</summary>
    public static string UniqueName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A connection string whose endpoints point at a port where nothing listens (storage outage).</summary>
    public static string UnreachableConnectionString()
    {
        var port = FreePort();
        return $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevAccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
    }

    /// <summary>A TCP port that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// A private Azurite of the caller (not shared) that persists to disk in its own folder, so that <see cref="RestartAsync"/>
    /// can stop it and start it again on the same ports with its data. Dispose it when done.
    /// </summary>
    public static async Task<AzuriteServer> StartPrivateAsync()
    {
        var folder = TestPaths.NewTempFolder();
        var (process, ports) = await StartProcessAsync(folder.Path, persistent: true, null);
        return new AzuriteServer(process, folder, ports["Blob"], ports["Queue"], ports["Table"]) { _persistent = true };
    }

    /// <summary>Stops a <see cref="StartPrivateAsync"/> instance gracefully (SIGTERM: it saves its data) and starts it again on the same ports.</summary>
    public async Task RestartAsync()
    {
        if (!_persistent)
        {
            throw new InvalidOperationException("Only a private, persistent Azurite can restart; the shared one keeps its data in memory.");
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await _process.WaitForExitAsync(timeout.Token);
        }

        _process.Dispose();
        (_process, _) = await StartProcessAsync(_folder.Path, persistent: true, [BlobPort, QueuePort, TablePort]);
    }

    private static async Task<AzuriteServer> StartAsync()
    {
        var folder = TestPaths.NewTempFolder();
        var (process, ports) = await StartProcessAsync(folder.Path, persistent: false, null);
        var server = new AzuriteServer(process, folder, ports["Blob"], ports["Queue"], ports["Table"]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    }

    /// <summary>Starts Azurite in <paramref name="folder"/> (in memory, or persisting there) on <paramref name="fixedPorts"/> (blob, queue, table) or OS-chosen ports.</summary>
    private static async Task<(Process Process, Dictionary<string, int> Ports)> StartProcessAsync(string folder, bool persistent, int[]? fixedPorts)
    {
        var script = await EnsureInstalledAsync();
        var start = new ProcessStartInfo("node")
        {
            // In memory: the folder only catches anything Azurite might still write to its working directory.
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var portArguments = fixedPorts ?? [0, 0, 0];
        foreach (var argument in new[]
        {
            script, "--blobHost", "127.0.0.1", "--blobPort", portArguments[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", portArguments[1].ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", portArguments[2].ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Silent: no access log line per request (only the start-up lines this reads), so the process-output readers stay idle.
            "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl", "--disableTelemetry", "--silent",
        }.Concat(persistent ? ["--location", folder] : ["--inMemoryPersistence"]))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node");
        var ports = new Dictionary<string, int>();
        var output = new System.Text.StringBuilder();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("Azurite exited:\n" + output));
                return;
            }

            lock (ports)
            {
                output.AppendLine(e.Data);
                if (ListeningLine().Match(e.Data) is { Success: true } m)
                {
                    ports[m.Groups["service"].Value] = int.Parse(m.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
                    if (ports.Count == 3)
                    {
                        ready.TrySetResult();
                    }
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (ports)
            {
                output.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("Azurite did not start within 60 s:\n" + output);
        }

        return (process, ports);
    }

    /// <summary>Path of Azurite's entry script, installing the pinned version into .tools/azurite first if needed.</summary>
    private static async Task<string> EnsureInstalledAsync()
    {
        var prefix = Path.Combine(TestPaths.RepoRoot, ".tools", "azurite");
        var script = Path.Combine(prefix, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (File.Exists(script))
        {
            return script;
        }

        Directory.CreateDirectory(prefix);
        // Both test projects may get here at once: only one installs, the other waits for the lock.
        await using var gate = await LockAsync(Path.Combine(prefix, ".install.lock"));
        if (!File.Exists(script))
        {
            var npm = new ProcessStartInfo("npm") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "install", "--prefix", prefix, "--no-audit", "--no-fund", "azurite@" + Version })
            {
                npm.ArgumentList.Add(argument);
            }

            using var install = Process.Start(npm) ?? throw new InvalidOperationException("Could not start npm");
            var stderr = install.StandardError.ReadToEndAsync();
            await install.StandardOutput.ReadToEndAsync();
            await install.WaitForExitAsync();
            if (install.ExitCode != 0 || !File.Exists(script))
            {
                throw new InvalidOperationException($"npm install azurite@{Version} failed ({install.ExitCode}):\n{await stderr}");
            }
        }

        return script;
    }

    private static async Task<FileStream> LockAsync(string path)
    {
        // Another test process installs Azurite meanwhile: try again on each tick, for at most five minutes.
        using var retry = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (attempt < 600)
            {
                await retry.WaitForNextTickAsync();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        _folder.Dispose();
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at https?://[^:]+:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}
