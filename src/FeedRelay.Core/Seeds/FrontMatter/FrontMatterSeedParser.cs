using System.Net;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace FeedRelay.Seeds;

/// <summary>
/// Reads seeds that start with YAML front matter between <c>---</c> lines: Hexo posts (RSSHUB-PAGE, formats A1/A2),
/// Jekyll posts wrapping a link-header seed (format B3) and Jekyll posts over scraped article HTML.
/// Front matter that is not valid YAML is read leniently (<see cref="LooseFrontMatter"/>) rather than rejected.
/// </summary>
public static partial class FrontMatterSeedParser
{
    /// <summary>Format name of Hexo posts whose body is the item HTML.</summary>
    public const string HexoFormat = "hexo";

    /// <summary>Format name of Jekyll posts whose body is a link-header seed.</summary>
    public const string JekyllFormat = "jekyll-link-header";

    /// <summary>Format name of Jekyll posts whose body is scraped article HTML (no link header).</summary>
    public const string JekyllHtmlFormat = "jekyll-html";

    private static readonly IDeserializer Yaml = new DeserializerBuilder().Build();

    /// <summary>True when the first non-blank line is <c>---</c>.</summary>
    public static bool Matches(string text)
    {
        var position = 0;
        return LineReader.NextNonEmptyLine(text, ref position).Trim() is "---";
    }

    /// <summary>Parses one front-matter seed.</summary>
    public static SeedResult Parse(string text, SeedParserOptions options)
    {
        var reader = new LineReader(text);
        reader.NextNonEmpty();
        var start = reader.LineNumber;
        var yamlStart = reader.Position;
        var yamlEnd = -1;
        var lineStart = reader.Position;
        while (reader.Next() is { } line)
        {
            if (line.TrimEnd() == "---")
            {
                // The closing line's start (not its end less its length: a CRLF line is one longer than the text Next gives).
                yamlEnd = lineStart;
                break;
            }

            lineStart = reader.Position;
        }

        if (yamlEnd < 0)
        {
            return SeedResult.Failure("front-matter.unterminated", $"front-matter: unterminated YAML block at line {start}");
        }

        var yaml = text[Math.Min(yamlStart, text.Length)..Math.Clamp(yamlEnd, yamlStart, text.Length)];
        var matter = new FrontMatter(ReadFields(yaml));
        if (matter.Count == 0)
        {
            return SeedResult.Failure("front-matter.empty", $"front-matter: no 'key: value' fields in the block at line {start}");
        }

        // The body (most of the seed) is copied once, trimmed or not as its parser needs it.
        if (LinkHeaderSeedParser.Matches(text, Math.Min(reader.Position, text.Length)))
        {
            return ParseJekyll(matter, reader.Rest(), options);
        }

        return ParseHtmlPost(matter, reader.RestTrimmed(), options);
    }

    private static Dictionary<string, object?> ReadFields(string yaml)
    {
        // Nearly all front matter is plain "key: value" lines, read by hand far faster than by YamlDotNet (same result).
        if (SimpleFrontMatter.TryRead(yaml, out var simple))
        {
            return simple;
        }

        try
        {
            return Yaml.Deserialize<Dictionary<string, object?>>(yaml) ?? [];
        }
        catch (Exception ex) when (ex is YamlException or InvalidCastException or ArgumentException or FormatException)
        {
            // RSSHUB-PAGE's re-quoting bug and multi-line titles make invalid YAML that a person still reads correctly.
            return LooseFrontMatter.Read(yaml);
        }
    }

    /// <summary>A Hexo or Jekyll post whose <paramref name="body"/> (trimmed) is the article's HTML.</summary>
    private static SeedResult ParseHtmlPost(FrontMatter matter, string body, SeedParserOptions options)
    {
        var jekyll = matter.Text("layout") is not null;
        var format = jekyll ? JekyllHtmlFormat : HexoFormat;
        var title = matter.Text("title");
        if (string.IsNullOrWhiteSpace(title))
        {
            return SeedResult.Failure("front-matter.no-title", "front-matter: no 'title'");
        }

        var link = AbsoluteHttp(matter.Text("link") ?? matter.Text("from"));
        if (!TryReadDate(matter, options.ZoneFor(link, format), out var published, out var from))
        {
            return SeedResult.Failure("front-matter.no-date", $"front-matter: no readable 'date' ('{Shorten(matter.Text("date"))}')");
        }

        var (source, author) = jekyll ? JekyllSource(matter, null) : (matter.Name("author"), matter.Name("author"));
        // Scraped pages keep the page title: "如何保护自己免受电子邮件跟踪 - iYouPort".
        if (jekyll && source is not null && title.EndsWith(" - " + source, StringComparison.Ordinal) && title.Length > source.Length + 3)
        {
            title = title[..^(source.Length + 3)].TrimEnd();
        }

        return new ParsedSeed
        {
            Format = format,
            Title = title,
            Link = link,
            Published = published,
            PublishedFrom = from,
            Source = source,
            Author = author,
            Categories = matter.List("categories").Concat(matter.List("tags")).Distinct().ToArray(),
            DeclaredImage = RealImage(matter.Text("headimg")) ?? RealImage(matter.Text("thumbnail")),
            Html = body,
        };
    }

    private static SeedResult ParseJekyll(FrontMatter matter, string body, SeedParserOptions options)
    {
        (DateTimeOffset, string)? outerDate = SeedDates.TryParseZoned(matter.Text("date"), out var date) ? (date, "front-matter:date") : null;
        var inner = LinkHeaderSeedParser.Parse(UnwrapDiv(body), options, outerDate);
        if (!inner.IsSuccess)
        {
            return inner;
        }

        var seed = inner.Seed;
        var (source, author) = JekyllSource(matter, seed.Author);
        return seed with
        {
            Format = JekyllFormat,
            Title = string.IsNullOrWhiteSpace(seed.Title) ? matter.Text("title") ?? "" : seed.Title,
            Link = seed.Link ?? AbsoluteHttp(matter.Text("from")),
            Source = source,
            Author = author,
            Categories = matter.List("categories").Concat(matter.List("tags")).Distinct().ToArray(),
        };
    }

    /// <summary>
    /// Jekyll posts name the outlet in <c>categories</c> (oped2: <c>[ 中参馆 ]</c> over writer "Ian Johnson"; waimei: <c>[ BBC ]</c>
    /// with author "BBC"), so the first category is the source and <c>author</c> is a byline only when it differs from it.
    /// </summary>
    private static (string? Source, string? Author) JekyllSource(FrontMatter matter, string? byline)
    {
        var named = matter.Name("author");
        var source = matter.List("categories").FirstOrDefault() ?? named;
        return (source, byline ?? (string.Equals(named, source, StringComparison.Ordinal) ? null : named));
    }

    /// <summary>waimei wraps the link-header body in <c>&lt;div&gt;\n…\n&lt;/div&gt;</c>; the metadata line is only found without it.</summary>
    private static string UnwrapDiv(string body)
    {
        var separator = body.IndexOf("\n------", StringComparison.Ordinal);
        if (separator < 0)
        {
            return body;
        }

        var afterHeader = body.IndexOf('\n', separator + 1);
        if (afterHeader < 0)
        {
            return body;
        }

        var html = body[(afterHeader + 1)..].Trim();
        if (html.Length >= "<div>\n\n</div>".Length && html.StartsWith("<div>\n", StringComparison.Ordinal) && html.EndsWith("\n</div>", StringComparison.Ordinal))
        {
            return string.Concat(body.AsSpan(0, afterHeader + 1), "\n", html.AsSpan(6, html.Length - 13).Trim(), "\n");
        }

        return body;
    }

    private static bool TryReadDate(FrontMatter matter, TimeZoneInfo? zone, out DateTimeOffset value, out string from)
    {
        from = "front-matter:date";
        var text = matter.Text("date");
        if (SeedDates.TryParseZoned(text, out value))
        {
            return true;
        }

        from = "front-matter:date-local";
        return zone is not null && SeedDates.TryParseLocal(text, zone, out value);
    }

    private static Uri? AbsoluteHttp(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;

    /// <summary>RSSHUB-PAGE puts a random picsum.photos placeholder in headimg when an item has no image; it is not the article's image.</summary>
    private static string? RealImage(string? value) =>
        string.IsNullOrWhiteSpace(value) || value.Contains("picsum.photos", StringComparison.OrdinalIgnoreCase) ? null : value;

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 60 ? text : text[..60] + "…";

    /// <summary>Typed access to untyped YAML fields; entities and Markdown links are reduced to plain text.</summary>
    private sealed partial class FrontMatter(Dictionary<string, object?> fields)
    {
        public int Count => fields.Count;

        public string? Text(string key) =>
            fields.TryGetValue(key, out var value) && value is string s ? Plain(s) : null;

        /// <summary>A name field; waimei writes the placeholder "unknown" when the feed had no name.</summary>
        public string? Name(string key) => Text(key) is { Length: > 0 } name && !name.Equals("unknown", StringComparison.OrdinalIgnoreCase) ? name : null;

        public IEnumerable<string> List(string key) => fields.TryGetValue(key, out var value)
            ? value switch
            {
                string s when !string.IsNullOrWhiteSpace(s) => [Plain(s)],
                IEnumerable<object?> items => items.OfType<string>().Select(Plain).Where(i => i.Length > 0),
                _ => [],
            }
            : [];

        // The oldest RSSHUB-PAGE posts put a Markdown link in 'author': "Webtoons - [Naver](https://comic.naver.com)".
        private static string Plain(string value) => MarkdownLink().Replace(WebUtility.HtmlDecode(value), "${text}").Trim();

        [GeneratedRegex(@"\[(?<text>[^\[\]]{1,200})\]\((?:https?:)?//[^()\s]{1,500}\)", RegexOptions.NonBacktracking)]
        private static partial Regex MarkdownLink();
    }
}
