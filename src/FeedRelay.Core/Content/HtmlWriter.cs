using System.Buffers;
using AngleSharp;
using System.Text;
using AngleSharp.Dom;

namespace FeedRelay.Content;

/// <summary>
/// Serialises a clean tree exactly as AngleSharp's <c>InnerHtml</c> does (the HTML fragment serialisation algorithm with
/// AngleSharp's escapes), into one builder and escaping text a run at a time: AngleSharp's formatter builds a pooled string
/// per tag, attribute and text node and escapes character by character. What a clean tree rarely holds (elements outside
/// the HTML namespace, raw-text and <c>pre</c>-like elements, namespaced attributes, nodes other than elements, text and
/// comments) is written by AngleSharp itself. <c>HtmlWriterTests</c> hold it to <c>InnerHtml</c>.
/// </summary>
internal static class HtmlWriter
{
    private static readonly SearchValues<char> TextSpecial = SearchValues.Create("&<>\u00A0");
    private static readonly SearchValues<char> AttributeSpecial = SearchValues.Create("&\"<>\u00A0");

    /// <summary>The markup of <paramref name="root"/>'s children, as <c>root.InnerHtml</c> gives it.</summary>
    public static string InnerHtml(IElement root, int capacity = 256)
    {
        var builder = new StringBuilder(capacity);
        WriteChildren(root, builder);
        return builder.ToString();
    }

    private static void WriteChildren(INode parent, StringBuilder builder)
    {
        var children = parent.ChildNodes;
        for (var i = 0; i < children.Length; i++)
        {
            switch (children[i])
            {
                case IText text when (parent.Flags & NodeFlags.LiteralText) == 0:
                    Escape(text.Data, TextSpecial, builder);
                    break;
                case IComment comment:
                    builder.Append("<!--").Append(comment.Data).Append("-->");
                    break;
                case IElement element when IsPlain(element):
                    WriteElement(element, builder);
                    break;
                case var other:
                    builder.Append(other.ToHtml());
                    break;
            }
        }
    }

    private static void WriteElement(IElement element, StringBuilder builder)
    {
        builder.Append('<').Append(element.LocalName);
        var attributes = element.Attributes;
        for (var i = 0; i < attributes.Length; i++)
        {
            var attribute = attributes[i]!;
            builder.Append(' ').Append(attribute.LocalName).Append("=\"");
            Escape(attribute.Value, AttributeSpecial, builder);
            builder.Append('"');
        }

        builder.Append('>');
        if ((element.Flags & NodeFlags.SelfClosing) != 0)
        {
            return;
        }

        WriteChildren(element, builder);
        builder.Append("</").Append(element.LocalName).Append('>');
    }

    /// <summary>
    /// An HTML element without prefix, raw text, the leading-newline rule of <c>pre</c>, <c>textarea</c> and <c>listing</c>
    /// or a <c>template</c>'s separate content, whose attributes all have no namespace: what <see cref="WriteElement"/> writes
    /// as AngleSharp would.
    /// </summary>
    private static bool IsPlain(IElement element)
    {
        if (element.NamespaceUri != NamespaceNames.HtmlUri || !string.IsNullOrEmpty(element.Prefix)
            || (element.Flags & NodeFlags.LiteralText) != 0 || element.LocalName is "pre" or "textarea" or "listing" or "template")
        {
            return false;
        }

        var attributes = element.Attributes;
        for (var i = 0; i < attributes.Length; i++)
        {
            if (!string.IsNullOrEmpty(attributes[i]!.NamespaceUri))
            {
                return false;
            }
        }

        return true;
    }

    private static void Escape(string value, SearchValues<char> special, StringBuilder builder)
    {
        var rest = value.AsSpan();
        while (true)
        {
            var next = rest.IndexOfAny(special);
            if (next < 0)
            {
                builder.Append(rest);
                return;
            }

            builder.Append(rest[..next]).Append(rest[next] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                _ => "&nbsp;",
            });
            rest = rest[(next + 1)..];
        }
    }
}
