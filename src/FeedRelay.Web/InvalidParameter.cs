using Microsoft.AspNetCore.Http.HttpResults;

namespace FeedRelay.Web;

/// <summary>The one shape of a <c>400</c> for a query parameter that is not valid: a validation problem naming it.</summary>
public static class InvalidParameter
{
    /// <summary>A validation problem for <paramref name="parameter"/>, saying <paramref name="message"/>.</summary>
    public static ValidationProblem Problem(string parameter, string message) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [parameter] = [$"{parameter} {message}"] },
            detail: $"Invalid query parameter '{parameter}': {message}",
            title: "Invalid query parameter");
}
