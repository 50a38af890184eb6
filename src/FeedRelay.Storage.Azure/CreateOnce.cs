namespace FeedRelay.Storage.Azure;

/// <summary>
/// Runs an idempotent "create if not exists" call once per process; a failure (storage down) is not kept,
/// so the next call tries again.
/// </summary>
internal sealed class CreateOnce(Func<CancellationToken, Task> create)
{
    private readonly Lock _lock = new();
    private Task? _task;

    public Task EnsureAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_task is null || _task.IsFaulted || _task.IsCanceled)
            {
                // Not tied to one caller's token: a cancelled caller must not fail everyone else's creation.
                _task = create(CancellationToken.None);
            }

            return _task.WaitAsync(cancellationToken);
        }
    }
}
