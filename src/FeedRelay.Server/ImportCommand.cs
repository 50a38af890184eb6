using System.Globalization;
using FeedRelay.Storage.Azure;
using FeedRelay.Web;
using FeedRelay.Web.Feeds;
using FeedRelay.Web.Ingestion;

namespace FeedRelay.Server;

/// <summary>
/// <c>FeedRelay.Server import &lt;folder&gt;</c>: bulk-imports an archive into the configured store with a live progress bar
/// on a terminal (plain lines every few seconds when output is redirected) and a summary at the end. Ctrl+C stops it
/// cleanly; running it again resumes from the seeds ledger.
/// </summary>
internal static class ImportCommand
{
    /// <summary>Runs the command; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 1 || args[0].StartsWith('-'))
        {
            await Console.Error.WriteLineAsync("usage: dotnet run --project src/FeedRelay.Server -- import <folder> [--FeedRelay:DataPath=<folder>]");
            return 2;
        }

        if (!Directory.Exists(args[0]))
        {
            // Before the host starts: it would create the data folder and its database for nothing.
            await Console.Error.WriteLineAsync($"import: no folder {Path.GetFullPath(args[0])}");
            return 2;
        }

        // The app's folder as the content root, as in Program: not a walk of the working directory, which may hold the archive itself.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args[1..], ContentRootPath = AppContext.BaseDirectory });
        // Warnings only, so that start-up lines do not break the progress bar: appsettings.json's levels (Default and the host's
        // lifetime category) would otherwise win over a minimum level, so the same categories are set here, after them.
        builder.Logging.AddFilter(null, LogLevel.Warning).AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.AddFeedRelay(FeedRelayHosting.Command);
        using var host = builder.Build();
        await host.StartAsync();

        using var interrupt = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            interrupt.Cancel();
        };

        var importer = host.Services.GetRequiredService<SeedImporter>();
        var display = new ProgressDisplay(Console.IsOutputRedirected);
        try
        {
            var requests = host.Services.GetService<AzureStorageClients>()?.Requests;
            var before = requests?.Count ?? 0;
            var summary = await importer.ImportAsync(args[0], display, interrupt.Token);
            display.Finish();
            Print(summary);
            await RebuildFeedsAsync(host.Services, interrupt.Token);
            if (requests is not null)
            {
                // Azure storage: what the import cost in storage transactions (every retry counted).
                var sent = requests.Count - before;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Storage requests: {sent:N0} ({sent / (double)Math.Max(1, summary.Files):F2} per file)"));
            }
            return 0;
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            display.Finish();
            await RebuildFeedsAsync(host.Services, CancellationToken.None);
            Console.WriteLine("Interrupted: what was stored is kept; run the same command again to resume.");
            return 130;
        }
        catch
        {
            // A failed import (storage, a queue) keeps what it stored, and the ledger skips it next time: its feeds are
            // rebuilt now, or they would stay behind until their sources change again.
            display.Finish();
            try
            {
                await RebuildFeedsAsync(host.Services, CancellationToken.None);
            }
            catch (Exception rebuild)
            {
                // Most likely the same cause: reported, but the import's own failure is the one to throw.
                Console.Error.WriteLine($"Could not rebuild the changed feeds either: {rebuild.Message}");
            }

            throw;
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>Rebuilds the materialised documents (Azure) of every feed the import changed, so servers do not serve them stale.</summary>
    private static async Task RebuildFeedsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetService<DeferredFeedRebuilds>() is { Pending: > 0 } rebuilds)
        {
            var feeds = await rebuilds.FlushAsync(cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Rebuilt the materialised documents of {feeds:N0} feeds"));
        }
    }

    private static void Print(ImportSummary summary)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"Imported {summary.Files:N0} files in {summary.Elapsed:hh\\:mm\\:ss}: {summary.Ingested:N0} ingested, {summary.Unchanged:N0} unchanged, {summary.Rejected:N0} rejected"));
        foreach (var (code, count) in summary.RejectedByCode)
        {
            Console.WriteLine(string.Create(c, $"  rejected {count,8:N0}  {code}"));
        }
    }

    /// <summary>Draws progress: a bar redrawn in place on a terminal, a line every five seconds otherwise.</summary>
    private sealed class ProgressDisplay(bool redirected) : IProgress<ImportProgress>
    {
        private readonly object _gate = new();
        private TimeSpan? _lastShown;
        private bool _drawn;

        public void Report(ImportProgress value)
        {
            lock (_gate)
            {
                var every = redirected ? TimeSpan.FromSeconds(5) : TimeSpan.FromMilliseconds(100);
                if (_lastShown is { } shown && value.Elapsed - shown < every && value.Done != value.Total)
                {
                    return;
                }

                _lastShown = value.Elapsed;
                var c = CultureInfo.InvariantCulture;
                var total = value.Total >= 0 ? value.Total.ToString("N0", c) : "?";
                var eta = value.Remaining is { } left ? left.ToString(@"hh\:mm\:ss", c) : "--:--:--";
                var text = string.Create(c, $"{value.Done:N0}/{total} files  {value.FilesPerSecond:N0} files/s  ETA {eta}  rejected {value.Rejected:N0}");
                if (redirected)
                {
                    Console.WriteLine(text);
                    return;
                }

                const int Width = 30;
                var filled = value.Total > 0 ? (int)Math.Min(Width, value.Done * Width / value.Total) : 0;
                Console.Write("\r[" + new string('#', filled) + new string('-', Width - filled) + "] " + text + "   ");
                _drawn = true;
            }
        }

        public void Finish()
        {
            lock (_gate)
            {
                if (_drawn)
                {
                    Console.WriteLine();
                    _drawn = false;
                }
            }
        }
    }
}
