using System.Text.Json;

namespace FeedRelay.Storage;

/// <summary>Quarantine in the data folder: <c>{sha256}.seed</c> (the bytes) beside <c>{sha256}.json</c> (the reason).</summary>
public sealed class FileQuarantine : IQuarantine
{
    private readonly string _folder;

    /// <summary>Opens (or creates) the quarantine under <paramref name="options"/>.DataPath.</summary>
    public FileQuarantine(FileStoreOptions options)
    {
        _folder = Path.Combine(options.DataPath, "quarantine");
        Directory.CreateDirectory(_folder);
    }

    /// <inheritdoc />
    public async Task AddAsync(Rejection rejection, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        await FileArticleStore.WriteAtomicallyAsync(Path.Combine(_folder, rejection.Sha256 + ".seed"), content.ToArray(), cancellationToken)
            .ConfigureAwait(false);
        await FileArticleStore.WriteAtomicallyAsync(Path.Combine(_folder, rejection.Sha256 + ".json"),
            JsonSerializer.SerializeToUtf8Bytes(rejection, StoreJson.Options), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Rejection>> ListAsync(CancellationToken cancellationToken = default)
    {
        var rejections = new List<Rejection>();
        foreach (var file in Directory.EnumerateFiles(_folder, "*.json"))
        {
            await using var stream = File.OpenRead(file);
            if (await JsonSerializer.DeserializeAsync<Rejection>(stream, StoreJson.Options, cancellationToken).ConfigureAwait(false) is { } r)
            {
                rejections.Add(r);
            }
        }

        return rejections.OrderByDescending(r => r.At).ToList();
    }

    /// <inheritdoc />
    public async Task<byte[]?> GetContentAsync(string sha256, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(_folder, Path.GetFileName(sha256) + ".seed");
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <inheritdoc />
    public Task RemoveAsync(string sha256, CancellationToken cancellationToken = default)
    {
        var name = Path.GetFileName(sha256);
        File.Delete(Path.Combine(_folder, name + ".seed"));
        File.Delete(Path.Combine(_folder, name + ".json"));
        return Task.CompletedTask;
    }
}
