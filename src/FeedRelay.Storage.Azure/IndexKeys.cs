using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace FeedRelay.Storage.Azure;

/// <summary>
/// Keys of the article index table. Feed rows live in one partition per feed key (<c>all</c>, <c>src:{slug}</c>,
/// <c>cat:{category, lower case}</c>, <c>lang:{each prefix of the tag, lower case}</c>) under the row key
/// <c>{DateTimeOffset.MaxValue ticks − published UTC ticks, 19 digits}_{id}</c>, so that an ascending range read is the
/// feed order (newest first, ties by ordinal id). Characters tables forbid in keys are escaped as <c>%XX</c>; a value too
/// long for a key is replaced by <c>%%</c> and its hash.
/// </summary>
internal static class IndexKeys
{
    /// <summary>Partition of every article.</summary>
    public const string All = "all";

    /// <summary>Partition of the per-source summary rows.</summary>
    public const string Sources = "sources";

    /// <summary>Partition of the translation-level counter shards.</summary>
    public const string Levels = "levels";

    /// <summary>Number of translation-level counter shards.</summary>
    public const int LevelShards = 16;

    private const int MaxKeyChars = 200;
    private const int TicksDigits = 19;

    /// <summary>The partition of source <paramref name="slug"/>.</summary>
    public static string Source(string slug) => "src:" + Escape(slug);

    /// <summary>The partition of <paramref name="category"/> (case-insensitive).</summary>
    public static string Category(string category) => "cat:" + Escape(category.ToLowerInvariant());

    /// <summary>The partition of language tag (or tag prefix) <paramref name="tag"/> (case-insensitive).</summary>
    public static string Language(string tag) => "lang:" + Escape(tag.ToLowerInvariant());

    /// <summary>Row key of the source summary row of <paramref name="slug"/>.</summary>
    public static string SourceRow(string slug) => Escape(slug);

    /// <summary>Every feed partition <paramref name="article"/> belongs to, without repeats.</summary>
    public static IReadOnlyList<string> PartitionsOf(Article article)
    {
        var keys = new List<string> { All, Source(article.SourceSlug) };
        foreach (var category in article.Categories)
        {
            keys.Add(Category(category));
        }

        if (!string.IsNullOrEmpty(article.Language))
        {
            // zh-Hant-TW is found under lang:zh, lang:zh-hant and lang:zh-hant-tw, as ArticleQuery.Language matches prefixes.
            var tag = article.Language;
            for (var dash = tag.IndexOf('-', StringComparison.Ordinal); dash > 0; dash = tag.IndexOf('-', dash + 1))
            {
                keys.Add(Language(tag[..dash]));
            }

            keys.Add(Language(tag));
        }

        return keys.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Row key of <paramref name="article"/> in every feed partition.</summary>
    public static string Row(Article article) => Row(article.Published.UtcTicks, article.Id);

    /// <summary>Row key of the position (<paramref name="utcTicks"/>, <paramref name="id"/>).</summary>
    public static string Row(long utcTicks, string id) => TicksPrefix(utcTicks) + "_" + Escape(id);

    /// <summary>The fixed-width, inverted-time prefix of row keys published at <paramref name="utcTicks"/>.</summary>
    public static string TicksPrefix(long utcTicks) =>
        (DateTimeOffset.MaxValue.UtcTicks - utcTicks).ToString("D" + TicksDigits, CultureInfo.InvariantCulture);

    /// <summary>
    /// The smallest row key of anything published before <paramref name="utcTicks"/>: a feed read for "published at or after"
    /// stops below it.
    /// </summary>
    public static string OlderThan(long utcTicks) => TicksPrefix(utcTicks - 1);

    /// <summary>Escapes what table keys cannot hold; long values become a hash.</summary>
    public static string Escape(string value)
    {
        StringBuilder? escaped = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is '/' or '\\' or '#' or '?' or '%' or '\'' || char.IsControl(c))
            {
                escaped ??= new StringBuilder(value, 0, i, value.Length + 8);
                escaped.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped?.Append(c);
            }
        }

        var key = escaped?.ToString() ?? value;
        return key.Length <= MaxKeyChars ? key : "%%" + Hash(Encoding.UTF8.GetBytes(value));
    }

    /// <summary>A 64-bit hash of <paramref name="bytes"/> as 16 hex digits.</summary>
    public static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(XxHash64.Hash(bytes));

    /// <summary>The counter shard of article <paramref name="id"/>.</summary>
    public static string LevelShard(string id) =>
        (XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(id)) % LevelShards).ToString("D2", CultureInfo.InvariantCulture);
}
