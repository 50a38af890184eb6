using System.Globalization;
using System.Net;
using Azure;
using Azure.Data.Tables;

namespace FeedRelay.Storage.Azure;

/// <summary>
/// Billed characters per UTC day in the translation table (partition <c>usage</c>, row key <c>yyyy-MM-dd</c>; cache rows
/// use two-hex-digit partitions, so the two never meet), shared by every instance and kept across restarts. Increments
/// are read-modify-write conditional on the ETag (or on the row not existing), so concurrent instances never lose one.
/// </summary>
public sealed class AzureTranslationUsage : ITranslationUsage
{
    /// <summary>The partition of the usage rows.</summary>
    public const string Partition = "usage";

    private const string Characters = "Characters";
    private const int MaxAttempts = 50;
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
    public async Task AddAsync(DateOnly day, long characters, CancellationToken cancellationToken = default)
    {
        await _create.EnsureAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, RowOf(day), cancellationToken: cancellationToken).ConfigureAwait(false);
            try
            {
                if (row.HasValue && row.Value is { } entity)
                {
                    entity[Characters] = (entity.GetInt64(Characters) ?? 0) + characters;
                    await _table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await _table.AddEntityAsync(new TableEntity(Partition, RowOf(day)) { [Characters] = characters }, cancellationToken).ConfigureAwait(false);
                }

                return;
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
