using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FeedRelay.Ingestion;

/// <summary>Stable article ids and URL-safe slugs.</summary>
public static class ArticleIdentity
{
    /// <summary>Id from the canonical link (see <see cref="CanonicalUrl.IdentityKey"/>): the same article always gets the same id.</summary>
    public static string FromLink(Uri link) => Hash("link\n" + CanonicalUrl.IdentityKey(link));

    /// <summary>Id for a seed with no link, from what identifies it instead.</summary>
    public static string FromContent(string source, string title, DateTimeOffset published) =>
        Hash(string.Create(CultureInfo.InvariantCulture, $"nolink\n{source}\n{title}\n{published.UtcDateTime:O}"));

    /// <summary>Lower-case ASCII slug of <paramref name="name"/>; falls back to <paramref name="fallback"/> when nothing ASCII is left.</summary>
    public static string Slug(string name, string? fallback = null)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormKD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var slug = builder.ToString().Trim('-');
        if (slug.Length > 0)
        {
            return slug;
        }

        return fallback is not null ? Slug(fallback) : "s-" + Hash(name)[..8];
    }

    private static string Hash(string text)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), digest);
        return Convert.ToHexStringLower(digest[..10]);
    }
}
