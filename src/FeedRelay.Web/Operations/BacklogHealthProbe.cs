using FeedRelay.Storage.Azure;

namespace FeedRelay.Web.Operations;

/// <summary>
/// The <c>backlog</c> part of <c>/api/health</c> on Azure storage: <c>ok</c>, or the work that failed or waits longer than
/// it should (<see cref="AzureBacklog"/>). Read at most once per <see cref="CacheFor"/>, so that a health probe
/// every few seconds costs a few storage requests per half minute. Registered with Azure storage only.
/// </summary>
public sealed partial class BacklogHealthProbe(AzureBacklog backlog, TimeProvider clock, ILogger<BacklogHealthProbe> logger) : IHealthProbe
{
    /// <summary>How long one reading is reported.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private (string Status, DateTimeOffset At)? _last;

    /// <inheritdoc />
    public string Part => "backlog";

    /// <inheritdoc />
    public bool IsEnabled => true;

    /// <inheritdoc />
    public async Task<string> CheckAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (_last is { } last && now - last.At < CacheFor)
            {
                return last.Status;
            }
        }

        string status;
        try
        {
            var found = await backlog.ReadAsync(cancellationToken).ConfigureAwait(false);
            status = found.IsEmpty ? "ok" : Describe(found);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            status = $"unknown: {BackgroundHealth.Name(ex)}";
            LogReadFailed(ex);
        }

        lock (_lock)
        {
            _last = (status, now);
        }

        return status;
    }

    private static string Describe(Backlog found)
    {
        var parts = found.StrandedMessages.Select(q => $"{q.Value} message(s) in {q.Key} that nothing processes (needs an operator)")
            .Concat(found.RetriedMessages.Select(q => $"{q.Value} message(s) in {q.Key} being retried after failing on every delivery"))
            .ToList();
        if (found.DeadLettersOverdue)
        {
            parts.Add($"Event Grid dead letters waiting longer than {AzureBacklog.DeadLetterGrace.TotalMinutes:0} minutes (is ReplayDeadLetteredSeeds running?)");
        }

        if (found.DeadLettersSetAside)
        {
            parts.Add("dead letters ReplayDeadLetteredSeeds set aside under failed/ or unreadable/ (needs an operator)");
        }

        return "backlog: " + string.Join("; ", parts);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the backlog of the shared storage for /api/health")]
    private partial void LogReadFailed(Exception exception);
}
