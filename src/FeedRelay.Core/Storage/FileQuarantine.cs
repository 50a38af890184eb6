using System.Text.Json;

namespace FeedRelay.Storage;

/// <summary>
/// Quarantine in the data folder: <c>{sha256}.seed</c> (the bytes) beside <c>{sha256}.json</c> (the reason), and an empty
/// <c>by-name/{name key}/{sha256}</c> marker per rejection so that <see cref="RemoveByNameAsync"/> need not read every reason.
/// </summary>
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
        var markers = Path.Combine(_folder, QuarantineNames.Folder, QuarantineNames.KeyOf(rejection.Name));
        Directory.CreateDirectory(markers);
        await File.WriteAllBytesAsync(Path.Combine(markers, rejection.Sha256), [], cancellationToken).ConfigureAwait(false);
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
        var path = Path.Combine(_folder, Path.GetFileName(sha256).ToLowerInvariant() + ".seed");
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <inheritdoc />
    public Task RemoveAsync(string sha256, CancellationToken cancellationToken = default)
    {
        var name = Path.GetFileName(sha256).ToLowerInvariant();
        File.Delete(Path.Combine(_folder, name + ".seed"));
        File.Delete(Path.Combine(_folder, name + ".json"));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task RemoveByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        var markers = Path.Combine(_folder, QuarantineNames.Folder, QuarantineNames.KeyOf(name));
        if (!Directory.Exists(markers))
        {
            return;
        }

        foreach (var marker in Directory.EnumerateFiles(markers).ToList())
        {
            var sha256 = Path.GetFileName(marker);
            // The same bytes may have been rejected again under another name since: that rejection stays.
            if (await ReadAsync(sha256, cancellationToken).ConfigureAwait(false) is not { } rejection || rejection.Name == name)
            {
                await RemoveAsync(sha256, cancellationToken).ConfigureAwait(false);
            }

            File.Delete(marker);
        }

        try
        {
            Directory.Delete(markers);
        }
        catch (IOException)
        {
            // A new rejection under this name arrived meanwhile; its marker keeps the folder.
        }
    }

    private async Task<Rejection?> ReadAsync(string sha256, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_folder, sha256 + ".json");
        if (!File.Exists(path))
        {
            return null;
        }

        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<Rejection>(stream, StoreJson.Options, cancellationToken).ConfigureAwait(false);
    }
}
