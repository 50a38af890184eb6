using System.Text;

namespace FeedRelay.Storage;

/// <summary>
/// Translation cache in the data folder: one UTF-8 file per key under <c>{DataPath}/translation/cache/{key[0..2]}/</c>,
/// so entries survive restarts and are shared by every source.
/// </summary>
public sealed class FileTranslationCache : ITranslationCache
{
    private readonly string _folder;

    /// <summary>Opens (or creates) the cache under <paramref name="options"/>.DataPath.</summary>
    public FileTranslationCache(FileStoreOptions options)
    {
        _folder = Path.Combine(options.DataPath, "translation", "cache");
        Directory.CreateDirectory(_folder);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> GetManyAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            var path = PathOf(key);
            if (File.Exists(path))
            {
                found[key] = await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
            }
        }

        return found;
    }

    /// <inheritdoc />
    public async Task SetManyAsync(IReadOnlyDictionary<string, string> entries, CancellationToken cancellationToken = default)
    {
        foreach (var (key, value) in entries)
        {
            var path = PathOf(key);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await FileArticleStore.WriteAtomicallyAsync(path, Encoding.UTF8.GetBytes(value), cancellationToken).ConfigureAwait(false);
        }
    }

    private string PathOf(string key)
    {
        // Keys are hex hashes; anything else is made file-name safe rather than trusted.
        var name = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        if (key.Length == 64 && key.All(char.IsAsciiHexDigitLower))
        {
            name = key;
        }

        return Path.Combine(_folder, name[..2], name + ".txt");
    }
}
