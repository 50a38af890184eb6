namespace FeedRelay.Web.Ingestion;

/// <summary>Counts every seed seen, so that ingested + rejected = seen can be checked at any time.</summary>
public sealed class IngestionCounters
{
    private long _seen;
    private long _ingested;
    private long _rejected;

    /// <summary>Seed files read.</summary>
    public long Seen => Interlocked.Read(ref _seen);

    /// <summary>Seeds that became (or repeated) an article.</summary>
    public long Ingested => Interlocked.Read(ref _ingested);

    /// <summary>Seeds that were quarantined.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Records one outcome.</summary>
    public void Record(bool rejected)
    {
        Interlocked.Increment(ref _seen);
        Interlocked.Increment(ref rejected ? ref _rejected : ref _ingested);
    }

    /// <summary>Records a re-ingested rejection: when it now succeeds it moves from rejected to ingested; the seed was already seen.</summary>
    public void RecordRetry(bool ingested)
    {
        // A rejection kept from an earlier run was never counted by this process, so there is nothing to move.
        long current;
        do
        {
            current = Interlocked.Read(ref _rejected);
            if (!ingested || current == 0)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _rejected, current - 1, current) != current);

        Interlocked.Increment(ref _ingested);
    }
}
