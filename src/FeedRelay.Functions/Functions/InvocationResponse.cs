using System.Text.Json.Serialization;

namespace FeedRelay.Host.Functions;

/// <summary>
/// The reply the Functions host expects from a custom handler. Output bindings stay empty on purpose: the host
/// base64-decodes string outputs that happen to be valid base64, so FeedRelay writes to storage itself.
/// </summary>
public sealed record InvocationResponse(
    [property: JsonPropertyName("Outputs")] IReadOnlyDictionary<string, object?> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] object? ReturnValue)
{
    /// <summary>A reply with no outputs carrying <paramref name="logs"/> for the host's invocation log.</summary>
    public static InvocationResponse WithLogs(params IReadOnlyList<string> logs) => new(new Dictionary<string, object?>(), logs, null);
}
