using System.Globalization;
using System.Net;
using System.Text;
using AngleSharp.Html.Parser;

namespace FeedRelay.Content;

/// <summary>Makes plain-text summaries from HTML.</summary>
public static class Summary
{
    private static readonly HtmlParser Parser = new();

    /// <summary>Plain text of <paramref name="html"/> with white space collapsed.</summary>
    public static string PlainText(string html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return "";
        }

        var document = Parser.ParseDocument("<body>" + html.Replace("<br", " <br", StringComparison.OrdinalIgnoreCase).Replace("</p>", " </p>", StringComparison.OrdinalIgnoreCase));
        var text = document.Body?.TextContent ?? "";
        return Collapse(WebUtility.HtmlDecode(text));
    }

    /// <summary>A summary of at most about <paramref name="latinLength"/> Latin or half as many CJK characters, cut at a boundary.</summary>
    public static string Make(string html, int latinLength = 280)
    {
        var text = PlainText(html);
        var budget = latinLength * 2;
        var cost = 0;
        var lastBreak = -1;
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            var element = enumerator.GetTextElement();
            var index = enumerator.ElementIndex;
            var wide = IsWide(element);
            cost += wide ? 4 : 2;
            if (cost > budget)
            {
                var cut = lastBreak > 0 ? lastBreak : index;
                return text[..cut].TrimEnd() + "…";
            }

            if (wide || char.IsWhiteSpace(element[0]) || char.IsPunctuation(element[0]))
            {
                lastBreak = wide || char.IsPunctuation(element[0]) ? index + element.Length : index;
            }
        }

        return text;
    }

    private static bool IsWide(string element)
    {
        var rune = Rune.GetRuneAt(element, 0);
        return rune.Value is >= 0x1100 and <= 0x11FF or >= 0x2E80 and <= 0xA4CF or >= 0xAC00 and <= 0xD7AF
            or >= 0xF900 and <= 0xFAFF or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFF60 or >= 0x20000 and <= 0x3FFFF;
    }

    private static string Collapse(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
