using System.Net;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace FeedRelay.Seeds;

/// <summary>
/// Reads seeds that start with YAML front matter between <c>---</c> lines: Hexo posts (RSSHUB-PAGE, format A)
/// and Jekyll posts wrapping a link-header seed (format B3).
/// </summary>
public static class FrontMatterSeedParser
{
    /// <summary>Format name of Hexo posts whose body is the item HTML.</summary>
    public const string HexoFormat = "hexo";

    /// <summary>Format name of Jekyll posts whose body is a link-header seed.</summary>
    public const string JekyllFormat = "jekyll-link-header";

    private static readonly IDeserializer Yaml = new DeserializerBuilder().Build();

    /// <summary>True when the first non-blank line is <c>---</c>.</summary>
    public static bool Matches(string text)
    {
        var reader = new LineReader(text);
        return reader.NextNonEmpty()?.Trim() == "---";
    }

    /// <summary>Parses one front-matter seed.</summary>
    public static SeedResult Parse(string text, SeedParserOptions options)
    {
        var reader = new LineReader(text);
        reader.NextNonEmpty();
        var start = reader.LineNumber;
        var yamlStart = reader.Position;
        var yamlEnd = -1;
        while (reader.Next() is { } line)
        {
            if (line.TrimEnd() == "---")
            {
                yamlEnd = reader.Position - line.Length - 1;
                break;
            }
        }

        if (yamlEnd < 0)
        {
            return SeedResult.Failure("front-matter.unterminated", $"front-matter: unterminated YAML block at line {start}");
        }

        var yaml = text[yamlStart..Math.Max(yamlStart, yamlEnd)];
        var body = reader.Rest();
        Dictionary<string, object?> fields;
        try
        {
            fields = Yaml.Deserialize<Dictionary<string, object?>>(yaml) ?? [];
        }
        catch (YamlException ex)
        {
            return SeedResult.Failure("front-matter.yaml",
                $"front-matter: invalid YAML at line {start + ex.Start.Line}: {ex.Message}");
        }

        var matter = new FrontMatter(fields);
        if (LinkHeaderSeedParser.Matches(body))
        {
            return ParseJekyll(matter, body, options);
        }

        return ParseHexo(matter, body, options);
    }

    private static SeedResult ParseHexo(FrontMatter matter, string body, SeedParserOptions options)
    {
        var title = matter.Text("title");
        if (string.IsNullOrWhiteSpace(title))
        {
            return SeedResult.Failure("front-matter.no-title", "front-matter: no 'title'");
        }

        if (!TryReadDate(matter, options, out var published, out var from))
        {
            return SeedResult.Failure("front-matter.no-date", $"front-matter: no readable 'date' ('{matter.Text("date")}')");
        }

        var source = matter.Text("author");
        var link = matter.Text("link") ?? matter.Text("from");
        return new ParsedSeed
        {
            Format = HexoFormat,
            Title = title,
            Link = Uri.TryCreate(link, UriKind.Absolute, out var uri) ? uri : null,
            Published = published,
            PublishedFrom = from,
            Source = source,
            Author = source,
            Categories = matter.List("categories").Concat(matter.List("tags")).Distinct().ToArray(),
            DeclaredImage = NullIfEmpty(matter.Text("headimg")) ?? NullIfEmpty(matter.Text("thumbnail")),
            Html = body.Trim(),
        };
    }

    private static SeedResult ParseJekyll(FrontMatter matter, string body, SeedParserOptions options)
    {
        var inner = LinkHeaderSeedParser.Parse(body, options);
        if (!inner.IsSuccess)
        {
            return inner;
        }

        var seed = inner.Seed;
        var fromLink = matter.Text("from");
        return seed with
        {
            Format = JekyllFormat,
            Title = string.IsNullOrWhiteSpace(seed.Title) ? matter.Text("title") ?? "" : seed.Title,
            Link = seed.Link ?? (Uri.TryCreate(fromLink, UriKind.Absolute, out var uri) ? uri : null),
            Source = matter.Text("author"),
            Author = seed.Author ?? matter.Text("author"),
            Categories = matter.List("categories").Concat(matter.List("tags")).Distinct().ToArray(),
        };
    }

    private static bool TryReadDate(FrontMatter matter, SeedParserOptions options, out DateTimeOffset value, out string from)
    {
        from = "front-matter:date";
        var text = matter.Text("date");
        if (SeedDates.TryParseZoned(text, out value))
        {
            return true;
        }

        from = "front-matter:date-local";
        return SeedDates.TryParseLocal(text, options.DefaultZone, out value);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>Typed access to untyped YAML fields.</summary>
    private sealed class FrontMatter(Dictionary<string, object?> fields)
    {
        public string? Text(string key) =>
            fields.TryGetValue(key, out var value) && value is string s ? WebUtility.HtmlDecode(s).Trim() : null;

        public IEnumerable<string> List(string key) => fields.TryGetValue(key, out var value)
            ? value switch
            {
                string s when !string.IsNullOrWhiteSpace(s) => [WebUtility.HtmlDecode(s).Trim()],
                IEnumerable<object?> items => items.OfType<string>().Select(i => WebUtility.HtmlDecode(i).Trim()).Where(i => i.Length > 0),
                _ => [],
            }
            : [];
    }
}
