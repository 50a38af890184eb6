using AngleSharp.Dom;

namespace FeedRelay.Content;

/// <summary>
/// What the cleaner's edits of one tree may cost in AngleSharp's DOM, counted in the list entries it searches or shifts:
/// every removal searches the parent's child list (several times), and every child an unwrap moves shifts the siblings after
/// it, since the DOM offers no bulk edit. Tens of thousands of elements removed or unwrapped side by side are then
/// quadratic: minutes to hours for a seed of a few megabytes. The limit is about 1–2 s of work on the 2-core VM; a real
/// article stays far below (even 5,000 removals among 10,000 siblings count at most 5·10⁷). Once it is spent, edits are
/// skipped and the cleaner publishes the article as plain text (docs/reliability.md). One per clean; not thread-safe.
/// </summary>
internal sealed class EditBudget
{
    /// <summary>The work allowed per clean.</summary>
    internal const long Limit = 1_000_000_000;

    private long _spent;

    /// <summary>Whether more than <see cref="Limit"/> was asked for: the tree may be half edited and must not be published.</summary>
    public bool IsSpent => _spent > Limit;

    /// <summary>Charges <paramref name="cost"/>; false when that spends the budget (then the edit is not to be made).</summary>
    public bool Charge(long cost)
    {
        _spent += cost;
        return !IsSpent;
    }

    /// <summary>Removes <paramref name="node"/> from its parent unless that spends the budget.</summary>
    public void Remove(INode node)
    {
        if (node.Parent is { } parent && Charge(parent.ChildNodes.Length))
        {
            parent.RemoveChild(node);
        }
    }
}
