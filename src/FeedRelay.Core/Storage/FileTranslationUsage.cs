using System.Text.Json;

namespace FeedRelay.Storage;

/// <summary>Billed characters per day in <c>{DataPath}/translation/usage.json</c> (the last 62 days are kept).</summary>
public sealed class FileTranslationUsage : ITranslationUsage, IDisposable
{
    private readonly string _path;
    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>Opens (or creates) the usage file under <paramref name="options"/>.DataPath.</summary>
    public FileTranslationUsage(FileStoreOptions options)
    {
        var folder = Path.Combine(options.DataPath, "translation");
        Directory.CreateDirectory(folder);
        _path = Path.Combine(folder, "usage.json");
    }

    /// <inheritdoc />
    public async Task<long> GetAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return (await ReadAsync(cancellationToken).ConfigureAwait(false)).GetValueOrDefault(day);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <inheritdoc />
    public async Task AddAsync(DateOnly day, long characters, CancellationToken cancellationToken = default) =>
        await TryAddAsync(day, characters, long.MaxValue, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<bool> TryAddAsync(DateOnly day, long characters, long limit, CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var days = await ReadAsync(cancellationToken).ConfigureAwait(false);
            if (characters > 0 && days.GetValueOrDefault(day) + characters > limit)
            {
                return false;
            }

            days[day] = days.GetValueOrDefault(day) + characters;
            var kept = days.OrderByDescending(d => d.Key).Take(62).ToDictionary(d => d.Key, d => d.Value);
            await FileArticleStore.WriteAtomicallyAsync(_path, JsonSerializer.SerializeToUtf8Bytes(kept, StoreJson.Options), cancellationToken)
                .ConfigureAwait(false);
            return true;
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task<Dictionary<DateOnly, long>> ReadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
        {
            return [];
        }

        await using var stream = File.OpenRead(_path);
        return await JsonSerializer.DeserializeAsync<Dictionary<DateOnly, long>>(stream, StoreJson.Options, cancellationToken).ConfigureAwait(false) ?? [];
    }

    /// <inheritdoc />
    public void Dispose() => _lock.Dispose();
}
