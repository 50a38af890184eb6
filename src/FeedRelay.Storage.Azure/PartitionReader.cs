using Azure;
using Azure.Data.Tables;

namespace FeedRelay.Storage.Azure;

/// <summary>
/// Reads one feed partition of the index in row-key order (the feed order) between two bounds, a page at a time, only as far as
/// the caller pulls. <see cref="Requests"/> counts the pages asked for.
/// </summary>
internal sealed class PartitionReader(TableClient table, string partition, string? after, string? before, int pageSize) : IAsyncDisposable
{
    private IAsyncEnumerator<Page<TableEntity>>? _pages;
    private IReadOnlyList<TableEntity> _page = [];
    private int _next;
    private bool _done;

    /// <summary>The row the reader stands on after a successful <see cref="MoveNextAsync"/>.</summary>
    public TableEntity Current { get; private set; } = null!;

    /// <summary>Pages read so far.</summary>
    public int Requests { get; private set; }

    /// <summary>Moves to the next row; false at the end of the range.</summary>
    public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        while (_next >= _page.Count)
        {
            if (_done)
            {
                return false;
            }

            _pages ??= table.QueryAsync<TableEntity>(Filter(), maxPerPage: pageSize, cancellationToken: cancellationToken)
                .AsPages().GetAsyncEnumerator(cancellationToken);
            Requests++;
            bool more;
            try
            {
                more = await _pages.MoveNextAsync().ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // No index table yet: nothing was ever stored.
                more = false;
            }

            if (!more)
            {
                _done = true;
                return false;
            }

            _page = _pages.Current.Values;
            _next = 0;
            _done = _pages.Current.ContinuationToken is null;
        }

        Current = _page[_next++];
        return true;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_pages is not null)
        {
            await _pages.DisposeAsync().ConfigureAwait(false);
        }
    }

    private string Filter()
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        if (after is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey gt {after}");
        }

        if (before is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey lt {before}");
        }

        return filter;
    }
}
