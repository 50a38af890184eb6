using System.Globalization;
using System.Net;
using Azure;
using Azure.Data.Tables;

namespace FeedRelay.Storage.Azure;

/// <summary>
/// Billed characters per UTC day in the translation table (partition <c>usage</c>, row key <c>yyyy-MM-dd</c>; cache rows
/// use two-hex-digit partitions, so the two never meet), shared by every instance and kept across restarts. Increments
/// are read-modify-write conditional on the ETag (or on the row not existing), so concurrent instances never lose one, and
/// each carries an id the row keeps among its last <see cref="RingSize"/>: a write whose response was lost (the client's retry
/// then meets its own change, 412 or 409) is recognised when the row is read again, and not added twice.
/// </summary>
public sealed class AzureTranslationUsage : ITranslationUsage
{
    /// <summary>The partition of the usage rows.</summary>
    public const string Partition = "usage";

    private const string Characters = "Characters";
    private const int MaxAttempts = 50;

    // 32 hex digits and a space each: 64 ids are 2,112 characters. Far more than the increments that can land between one
    // instance's lost write and its next read (one conflict-and-read round).
    private const int RingSize = 64;
    private readonly TableClient _table;
    private readonly CreateOnce _create;
    private readonly TimeProvider _clock;

    /// <summary>Creates the usage counter over <paramref name="clients"/>; back-off between conflicting writes waits on <paramref name="clock"/>.</summary>
    public AzureTranslationUsage(AzureStorageClients clients, TimeProvider clock)
    {
        _clock = clock;
        _table = clients.Tables.GetTableClient(clients.Options.TranslationCacheTable);
        _create = new CreateOnce(ct => _table.CreateIfNotExistsAsync(ct));
    }

    /// <inheritdoc />
    public async Task<long> GetAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        await _create.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, RowOf(day), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue && row.Value is { } entity ? entity.GetInt64(Characters) ?? 0 : 0;
    }

    /// <inheritdoc />
    public async Task AddAsync(DateOnly day, long characters, CancellationToken cancellationToken = default) =>
        await TryAddAsync(day, characters, long.MaxValue, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<bool> TryAddAsync(DateOnly day, long characters, long limit, CancellationToken cancellationToken = default)
    {
        await _create.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var op = Guid.NewGuid().ToString("N");
        for (var attempt = 1; ; attempt++)
        {
            var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, RowOf(day), cancellationToken: cancellationToken).ConfigureAwait(false);
            var ops = OperationRing.Of(row.HasValue ? row.Value : null);
            if (ops.Contains(op, StringComparer.Ordinal))
            {
                // Added by an earlier try of this call whose response was lost.
                return true;
            }

            var total = row.HasValue ? row.Value?.GetInt64(Characters) ?? 0 : 0;
            if (characters > 0 && total + characters > limit)
            {
                return false;
            }

            var ring = OperationRing.With(ops, [op], RingSize);
            try
            {
                if (row.HasValue && row.Value is { } entity)
                {
                    entity[Characters] = (entity.GetInt64(Characters) ?? 0) + characters;
                    entity[OperationRing.Property] = ring;
                    await _table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await _table.AddEntityAsync(new TableEntity(Partition, RowOf(day)) { [Characters] = characters, [OperationRing.Property] = ring }, cancellationToken)
                        .ConfigureAwait(false);
                }

                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict
                && attempt < MaxAttempts)
            {
                // Another instance added first: back off a little (so that many writers spread out) and add to its total.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 + (attempt * 10))), _clock, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static string RowOf(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
