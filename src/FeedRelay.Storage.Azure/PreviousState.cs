using System.Text.Json;

namespace FeedRelay.Storage.Azure;

/// <summary>
/// The indexed state an article blob replaced, kept in the blob's metadata (<c>prevhash</c>, and <c>prev</c>: base64url JSON of
/// the fields the index keys and counters use), written in the same request as the content.
/// </summary>
internal static class PreviousState
{
    private const string HashKey = "prevhash";
    private const string StateKey = "prev";
    private const int MaxStateChars = 6000;

    /// <summary>Metadata naming <paramref name="previous"/> (hash <paramref name="previousHash"/>); empty for a new article.</summary>
    public static Dictionary<string, string> ToMetadata(Article? previous, string? previousHash)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (previousHash is null)
        {
            return metadata;
        }

        metadata[HashKey] = previousHash;
        if (previous is not null)
        {
            var state = new State(previous.Id, previous.Source, previous.SourceSlug, previous.Published, previous.Categories, previous.Language,
                previous.Translation?.Level);
            var text = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(state, StoreJson.Options)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            if (text.Length <= MaxStateChars)
            {
                metadata[StateKey] = text;
            }
        }

        return metadata;
    }

    /// <summary>The state and hash <see cref="ToMetadata"/> wrote; nulls when absent or unreadable.</summary>
    public static (Article? Previous, string? PreviousHash) FromMetadata(IDictionary<string, string>? metadata)
    {
        if (metadata is null || !metadata.TryGetValue(HashKey, out var hash))
        {
            return (null, null);
        }

        if (!metadata.TryGetValue(StateKey, out var text))
        {
            return (null, hash);
        }

        try
        {
            var base64 = text.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - base64.Length % 4) % 4);
            var state = JsonSerializer.Deserialize<State>(Convert.FromBase64String(base64), StoreJson.Options);
            return state is null
                ? (null, hash)
                : (new Article
                {
                    Id = state.Id,
                    Source = state.Source,
                    SourceSlug = state.SourceSlug,
                    Title = "",
                    Published = state.Published,
                    Categories = state.Categories,
                    Language = state.Language,
                    Translation = state.Level is null ? null : new ArticleTranslation { Language = "", Title = "", Level = state.Level },
                }, hash);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return (null, hash);
        }
    }

    private sealed record State(
        string Id, string Source, string SourceSlug, DateTimeOffset Published, IReadOnlyList<string> Categories, string? Language, string? Level);
}
