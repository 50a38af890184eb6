using AngleSharp.Dom;

namespace FeedRelay.Content;

/// <summary>
/// Element walks that stand in for <c>QuerySelectorAll(…).ToArray()</c> with simple selectors: the same elements in the
/// same (document) order, without parsing a selector (behind a lock) on every call.
/// </summary>
internal static class Elements
{
    /// <summary>Every element below <paramref name="root"/> (not itself) that <paramref name="match"/> accepts, in document order.</summary>
    public static List<IElement> Below(INode root, Func<IElement, bool> match)
    {
        var found = new List<IElement>();
        Collect(root, match, found);
        return found;
    }

    /// <summary>Whether <paramref name="element"/> is named <paramref name="name"/> (as a CSS type selector matches it).</summary>
    public static bool Is(IElement element, string name) => element.LocalName.Equals(name, StringComparison.OrdinalIgnoreCase);

    private static void Collect(INode parent, Func<IElement, bool> match, List<IElement> found)
    {
        var children = parent.ChildNodes;
        for (var i = 0; i < children.Length; i++)
        {
            if (children[i] is IElement element)
            {
                if (match(element))
                {
                    found.Add(element);
                }

                Collect(element, match, found);
            }
        }
    }
}
