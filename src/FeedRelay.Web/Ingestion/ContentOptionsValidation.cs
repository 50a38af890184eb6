using FeedRelay.Content;
using Microsoft.Extensions.Options;

namespace FeedRelay.Web.Ingestion;

/// <summary>Checks <c>FeedRelay:Content</c> at startup and names every problem, so a bad setting stops the app with a clear message.</summary>
internal sealed class ContentOptionsValidation : IValidateOptions<ContentOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ContentOptions options)
    {
        var problems = options.Problems().Select(p => "FeedRelay:Content: " + p).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
