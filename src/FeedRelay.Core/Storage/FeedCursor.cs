using System.Buffers.Binary;
using System.Text;

namespace FeedRelay.Storage;

/// <summary>
/// A position in a feed's order (newest publication first, ties by ordinal id ascending): the last item of a page.
/// <see cref="ArticleQuery.Before"/> with it reads the next older page. <see cref="Encode"/> gives an opaque URL-safe token
/// (base64url of the UTC ticks and the id) for <c>rel="next"</c> links; <see cref="TryDecode"/> reads it back.
/// </summary>
/// <param name="PublishedUtcTicks">UTC ticks of the item's publication time.</param>
/// <param name="Id">The item's article id.</param>
public sealed record FeedCursor(long PublishedUtcTicks, string Id)
{
    private const int MaxIdBytes = 512;

    /// <summary>The cursor naming <paramref name="article"/>.</summary>
    public static FeedCursor After(Article article) => new(article.Published.UtcTicks, article.Id);

    /// <summary>True when <paramref name="article"/> comes strictly after this position in feed order (is older, or as old with a greater id).</summary>
    public bool IsBefore(Article article)
    {
        var ticks = article.Published.UtcTicks;
        return ticks < PublishedUtcTicks || (ticks == PublishedUtcTicks && string.CompareOrdinal(article.Id, Id) > 0);
    }

    /// <summary>The opaque, URL-safe token of this cursor.</summary>
    public string Encode()
    {
        var id = Encoding.UTF8.GetBytes(Id);
        var bytes = new byte[8 + id.Length];
        BinaryPrimitives.WriteInt64BigEndian(bytes, PublishedUtcTicks);
        id.CopyTo(bytes, 8);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Reads a token made by <see cref="Encode"/>; false (and null) for anything else, never an exception.</summary>
    public static bool TryDecode(string? token, out FeedCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(token) || token.Length > (MaxIdBytes + 8) * 4 / 3 + 4)
        {
            return false;
        }

        var base64 = new StringBuilder(token.Length + 3);
        foreach (var c in token)
        {
            if (c == '-')
            {
                base64.Append('+');
            }
            else if (c == '_')
            {
                base64.Append('/');
            }
            else if (char.IsAsciiLetterOrDigit(c))
            {
                base64.Append(c);
            }
            else
            {
                return false;
            }
        }

        base64.Append('=', (4 - base64.Length % 4) % 4);
        var bytes = new byte[base64.Length * 3 / 4];
        if (!Convert.TryFromBase64String(base64.ToString(), bytes, out var length) || length <= 8)
        {
            return false;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        string id;
        try
        {
            id = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 8, length - 8);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        cursor = new FeedCursor(ticks, id);
        return true;
    }
}
