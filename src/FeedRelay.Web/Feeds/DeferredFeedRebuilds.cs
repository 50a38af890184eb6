using System.Collections.Concurrent;
using FeedRelay.Feeds;

namespace FeedRelay.Web.Feeds;

/// <summary>
/// The rebuild queue of a one-off command (the bulk <c>import</c>): it collects the feeds whose articles changed and
/// rebuilds each once when the command calls <see cref="FlushAsync"/> at its end, so that the materialised documents that
/// servers answer from never stay behind an import (no server or trigger hears of a command's changes otherwise).
/// </summary>
public sealed class DeferredFeedRebuilds(FeedMaterialiser materialiser) : IFeedRebuildQueue
{
    private readonly ConcurrentDictionary<string, byte> _changed = new(StringComparer.Ordinal);

    /// <summary>Feeds changed since the last flush.</summary>
    public int Pending => _changed.Count;

    /// <inheritdoc />
    public Task RequestAsync(IReadOnlyCollection<string> feeds, CancellationToken cancellationToken = default)
    {
        foreach (var feed in materialiser.IsEnabled ? feeds : [])
        {
            _changed.TryAdd(feed, 0);
        }

        return Task.CompletedTask;
    }

    /// <summary>Rebuilds every changed feed once; returns how many feeds were rebuilt. A feed whose rebuild fails stays pending.</summary>
    public async Task<int> FlushAsync(CancellationToken cancellationToken)
    {
        var rebuilt = 0;
        foreach (var feed in _changed.Keys.Order(StringComparer.Ordinal))
        {
            _changed.TryRemove(feed, out _);
            try
            {
                await materialiser.RebuildAsync(feed, cancellationToken).ConfigureAwait(false);
                rebuilt++;
            }
            catch
            {
                _changed.TryAdd(feed, 0);
                throw;
            }
        }

        return rebuilt;
    }
}
