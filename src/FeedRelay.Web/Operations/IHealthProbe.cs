namespace FeedRelay.Web.Operations;

/// <summary>
/// A part of <c>/api/health</c> read on request (not kept by a background loop), registered with the backend it reads (the
/// <c>backlog</c> probe with Azure storage); <see cref="IsEnabled"/> says whether configuration switched it off.
/// </summary>
public interface IHealthProbe
{
    /// <summary>The part's name in the report.</summary>
    string Part { get; }

    /// <summary>Whether the part applies to this deployment.</summary>
    bool IsEnabled { get; }

    /// <summary><c>ok</c>, or what is wrong; never throws for the dependency's failure (it names it instead).</summary>
    Task<string> CheckAsync(CancellationToken cancellationToken);
}
