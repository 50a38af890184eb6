using AngleSharp.Dom;

namespace FeedRelay.Content;

/// <summary>Keeps image captions as <c>figure</c>/<c>figcaption</c>, the one form every reader shows next to the image.</summary>
internal static class CaptionRewriter
{
    /// <summary>Elements that, as the only child of the block after an image, mark a caption (VOA: <c>&lt;div&gt;&lt;small&gt;</c>).</summary>
    private static readonly HashSet<string> CaptionMarks = new(StringComparer.OrdinalIgnoreCase) { "small", "em", "i", "figcaption" };

    /// <summary>Rewrites WordPress <c>wp-caption</c> blocks in <paramref name="root"/>; needs the classes, so runs before sanitising.</summary>
    public static void RewriteWordPress(IElement root)
    {
        foreach (var block in Elements.Below(root, static e => Elements.Is(e, "div") && e.ClassList.Contains("wp-caption")))
        {
            var figure = Rename(block, "figure");
            foreach (var text in figure.QuerySelectorAll(".wp-caption-text").ToArray())
            {
                Rename(text, "figcaption");
            }
        }
    }

    /// <summary>
    /// Rewrites "image, then a block holding only small print" pairs in <paramref name="root"/>. Purely structural, so it
    /// runs on the final tree, where removed elements can no longer hide or reveal a pair.
    /// </summary>
    public static void RewritePairs(IElement root)
    {
        foreach (var image in Elements.Below(root, static e => Elements.Is(e, "img")))
        {
            if (image.Closest("figure") is not null)
            {
                continue;
            }

            // The image may sit in a link; the caption follows the outermost such wrapper.
            var subject = image.ParentElement is { LocalName: "a" } link && link.Children.Length == 1 ? link : image;
            var caption = subject.NextElementSibling;
            if (caption is null || !IsOnlyWhitespaceBetween(subject, caption) || !IsCaptionBlock(caption, out var mark))
            {
                continue;
            }

            var figure = root.Owner!.CreateElement("figure");
            var figcaption = root.Owner.CreateElement("figcaption");
            subject.Replace(figure);
            figure.AppendChild(subject);
            foreach (var child in mark.ChildNodes.ToArray())
            {
                figcaption.AppendChild(child);
            }

            figure.AppendChild(figcaption);
            caption.Remove();
        }
    }

    private static bool IsCaptionBlock(IElement block, out IElement mark)
    {
        mark = block;
        if (block.LocalName is not ("div" or "p") || block.Children.Length != 1)
        {
            return false;
        }

        var only = block.Children[0];
        if (!CaptionMarks.Contains(only.LocalName) || string.IsNullOrWhiteSpace(only.TextContent) || only.QuerySelector("img") is not null)
        {
            return false;
        }

        // Text outside the mark means this is a paragraph that happens to start with emphasis.
        if (block.ChildNodes.Any(n => n.NodeType == NodeType.Text && !string.IsNullOrWhiteSpace(n.TextContent)))
        {
            return false;
        }

        mark = only;
        return true;
    }

    private static bool IsOnlyWhitespaceBetween(INode first, INode second)
    {
        for (var node = first.NextSibling; node is not null && node != second; node = node.NextSibling)
        {
            if (node.NodeType != NodeType.Text || !string.IsNullOrWhiteSpace(node.TextContent))
            {
                return false;
            }
        }

        return true;
    }

    private static IElement Rename(IElement element, string name)
    {
        var renamed = element.Owner!.CreateElement(name);
        foreach (var child in element.ChildNodes.ToArray())
        {
            renamed.AppendChild(child);
        }

        element.Replace(renamed);
        return renamed;
    }
}
