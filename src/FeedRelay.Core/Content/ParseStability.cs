using AngleSharp.Dom;

namespace FeedRelay.Content;

/// <summary>
/// Decides, conservatively, whether a cleaned tree is already the tree an HTML parser builds from its serialisation,
/// so that the cleaner may skip the serialise-and-parse-again step. "Stable" is answered only for trees made of known,
/// well-behaved elements in positions where the HTML tree builder keeps them as they are (no implied end tags, no
/// foster parenting, no dropped newline); anything else is "unstable" and gets the re-parse. Pure.
/// </summary>
internal static class ParseStability
{
    /// <summary>Elements whose start tag closes an open <c>p</c> (HTML tree construction, "in body").</summary>
    private static readonly HashSet<string> ClosesParagraph = new(StringComparer.Ordinal)
    {
        "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "fieldset", "figcaption",
        "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol", "p", "search", "section", "summary", "ul", "h1", "h2",
        "h3", "h4", "h5", "h6", "pre", "listing", "form", "li", "dd", "dt", "plaintext", "table", "hr", "xmp",
    };

    /// <summary>The elements this check understands; a tree holding any other element is reported unstable.</summary>
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "div", "dl", "dt", "em",
        "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "li", "mark", "ol", "p",
        "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
        "time", "tr", "u", "ul",
    };

    private static readonly HashSet<string> Void = new(StringComparer.Ordinal) { "br", "hr", "img" };

    [Flags]
    private enum Context
    {
        None = 0,
        InParagraph = 1,
        InLink = 2,
        InListItem = 4,
        InDefinition = 8,
        InCaption = 16,
    }

    /// <summary>Whether parsing the serialisation of <paramref name="root"/>'s children gives back the same tree.</summary>
    public static bool IsStable(IElement root) => ChildrenAreStable(root, Context.None);

    private static bool ChildrenAreStable(IElement parent, Context context)
    {
        var parentName = parent.LocalName;
        var tableParent = parentName is "table" or "tbody" or "thead" or "tfoot" or "tr";
        var children = parent.ChildNodes;
        for (var i = 0; i < children.Length; i++)
        {
            switch (children[i])
            {
                case IText text:
                    // The parser normalises CR and drops NUL; text in table structure (not cells) is moved out of the table.
                    if (text.Data.AsSpan().IndexOfAny('\r', '\0') >= 0 || (tableParent && !IsHtmlWhitespace(text.Data)))
                    {
                        return false;
                    }

                    // The parser drops one newline right after <pre>.
                    if (i == 0 && parentName == "pre" && text.Data.StartsWith('\n'))
                    {
                        return false;
                    }

                    break;
                case IElement element:
                    if (!IsStable(element, parentName, context))
                    {
                        return false;
                    }

                    break;
                default:
                    // Comments and other nodes: the cleaner removes them; anything unexpected takes the safe path.
                    return false;
            }
        }

        return true;
    }

    private static bool IsStable(IElement element, string parentName, Context context)
    {
        var name = element.LocalName;
        if (!Known.Contains(name) || element.NamespaceUri != NamespaceNames.HtmlUri || element.Prefix is not null)
        {
            return false;
        }

        if (Void.Contains(name))
        {
            // A void element made outside the "in body" rules (for example by the select-mode rules, then moved out by the
            // sanitiser) may lack the self-closing flag: the serialiser then writes an end tag, which a parse turns into a
            // second element ("<br></br>" becomes "<br><br>").
            return element.ChildNodes.Length == 0 && element.Flags.HasFlag(NodeFlags.SelfClosing)
                && (name != "hr" || (context & Context.InParagraph) == 0);
        }

        if ((context & Context.InParagraph) != 0 && ClosesParagraph.Contains(name))
        {
            return false;
        }

        var ok = name switch
        {
            "h1" or "h2" or "h3" or "h4" or "h5" or "h6" => parentName is not ("h1" or "h2" or "h3" or "h4" or "h5" or "h6"),
            "a" => (context & Context.InLink) == 0,
            "li" => (context & Context.InListItem) == 0,
            "dd" or "dt" => (context & Context.InDefinition) == 0,
            "caption" or "thead" or "tbody" or "tfoot" => parentName == "table",
            "tr" => parentName is "tbody" or "thead" or "tfoot",
            "td" or "th" => parentName == "tr",
            "table" => (context & Context.InCaption) == 0,
            _ => true,
        };

        // Inside table structure (not cells) only the structure's own elements stay where they are.
        ok &= parentName switch
        {
            "table" => name is "caption" or "thead" or "tbody" or "tfoot",
            "tbody" or "thead" or "tfoot" => name == "tr",
            "tr" => name is "td" or "th",
            _ => true,
        };

        if (!ok)
        {
            return false;
        }

        var inner = name switch
        {
            "p" => context | Context.InParagraph,
            "a" => context | Context.InLink,
            "li" => context | Context.InListItem,
            "ul" or "ol" => context & ~Context.InListItem,
            "dd" or "dt" => context | Context.InDefinition,
            "dl" => context & ~Context.InDefinition,
            "caption" => context | Context.InCaption,
            _ => context,
        };
        return ChildrenAreStable(element, inner);
    }

    /// <summary>Only the HTML white space characters (not U+00A0) count as inter-element white space.</summary>
    private static bool IsHtmlWhitespace(string text)
    {
        foreach (var c in text)
        {
            if (c is not (' ' or '\t' or '\n' or '\f' or '\r'))
            {
                return false;
            }
        }

        return true;
    }
}
