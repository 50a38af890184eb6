using System.Security.Cryptography;
using System.Text.Json;

namespace FeedRelay.Storage.Sqlite;

/// <summary>
/// An article as stored: compact <see cref="StoreJson"/> bytes of the article without its update time and translation, the
/// translation's bytes alongside, and a SHA-256 over both that equals another's exactly when <see cref="StoreJson.ContentOf"/> does.
/// </summary>
internal sealed class ArticleRow
{
    /// <summary>The <see cref="StoreJson"/> shape without indentation.</summary>
    public static readonly JsonSerializerOptions Json = new(StoreJson.Options) { WriteIndented = false };

    private ArticleRow(Article article, byte[] content, byte[]? translation, byte[] hash)
    {
        Article = article;
        Content = content;
        Translation = translation;
        Hash = hash;
    }

    /// <summary>The article.</summary>
    public Article Article { get; }

    /// <summary>JSON of the article with neither update time nor translation.</summary>
    public byte[] Content { get; }

    /// <summary>JSON of the translation, or null.</summary>
    public byte[]? Translation { get; }

    /// <summary>Hash of the content and translation.</summary>
    public byte[] Hash { get; }

    /// <summary>Lower-cased language tag, or null.</summary>
    public string? Language => Article.Language?.ToLowerInvariant();

    /// <summary>Lower-cased primary language subtag (<c>zh</c> of <c>zh-Hant</c>), or null.</summary>
    public string? LanguageBase => Language is { } tag ? tag.Split('-', 2)[0] : null;

    /// <summary>The distinct lower-cased categories.</summary>
    public IEnumerable<string> Categories => Article.Categories.Select(c => c.ToLowerInvariant()).Distinct(StringComparer.Ordinal);

    /// <summary>Serialises <paramref name="article"/>.</summary>
    public static ArticleRow Of(Article article)
    {
        var content = JsonSerializer.SerializeToUtf8Bytes(article with { Updated = default, Translation = null }, Json);
        var translation = article.Translation is { } t ? JsonSerializer.SerializeToUtf8Bytes(t, Json) : null;
        return new ArticleRow(article, content, translation, HashOf(content, translation));
    }

    /// <summary>Reads an article back from its stored parts.</summary>
    public static Article Read(ReadOnlySpan<byte> content, ReadOnlySpan<byte> translation, bool hasTranslation, long updatedUtcTicks, int updatedOffsetMinutes)
    {
        var article = JsonSerializer.Deserialize<Article>(content, Json) ?? throw new JsonException("A stored article is null.");
        return article with
        {
            Updated = ToOffset(updatedUtcTicks, updatedOffsetMinutes),
            Translation = hasTranslation ? JsonSerializer.Deserialize<ArticleTranslation>(translation, Json) : null,
        };
    }

    /// <summary>A time from UTC ticks and an offset in minutes.</summary>
    public static DateTimeOffset ToOffset(long utcTicks, int offsetMinutes) =>
        new DateTimeOffset(utcTicks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offsetMinutes));

    /// <summary>The offset of <paramref name="time"/> in whole minutes.</summary>
    public static int OffsetMinutes(DateTimeOffset time) => (int)time.Offset.TotalMinutes;

    private static byte[] HashOf(byte[] content, byte[]? translation)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(content);
        hash.AppendData([0]);
        if (translation is not null)
        {
            hash.AppendData(translation);
        }

        return hash.GetHashAndReset();
    }
}
