using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FeedRelay.Tests.Functions;

/// <summary>
/// Invocation requests shaped as the Functions host sends them to a custom handler
/// (ScriptInvocationContextExtensions.ToHttpScriptInvocationContext): inputs under <c>Data</c>, trigger metadata under
/// <c>Metadata</c> with scalars JSON-encoded, and the invocation headers.
/// </summary>
internal static class HostPayloads
{
    /// <summary>A blob trigger invocation: the bytes base64 (what the host sends for byte[] inputs).</summary>
    public static JsonObject Blob(string name, byte[] bytes, int blobPort) => BlobWithData(name, JsonValue.Create(Convert.ToBase64String(bytes)), bytes.Length, blobPort);

    /// <summary>A blob trigger invocation with a string input, which the host sends JSON-encoded.</summary>
    public static JsonObject BlobAsJsonString(string name, string text, int blobPort) =>
        BlobWithData(name, JsonValue.Create(JsonSerializer.Serialize(text)), Encoding.UTF8.GetByteCount(text), blobPort);

    /// <summary>A queue trigger invocation whose message text the host hands over as a (JSON-encoded) string.</summary>
    public static JsonObject Queue(string binding, string messageText, int dequeueCount) => new()
    {
        ["Data"] = new JsonObject { [binding] = JsonSerializer.Serialize(messageText) },
        ["Metadata"] = new JsonObject
        {
            ["DequeueCount"] = JsonSerializer.Serialize(dequeueCount),
            ["Id"] = JsonSerializer.Serialize(Guid.NewGuid().ToString()),
            ["InsertionTime"] = JsonSerializer.Serialize(DateTimeOffset.UtcNow),
            ["sys"] = Sys("Queue"),
        },
    };

    /// <summary>POSTs <paramref name="payload"/> to <c>/{function}</c> with the host's headers.</summary>
    public static async Task<(HttpResponseMessage Response, JsonObject Body)> InvokeAsync(HttpClient client, string function, JsonObject payload, string? invocationId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, function) { Content = JsonContent.Create(payload) };
        request.Headers.Add("X-Azure-Functions-InvocationId", invocationId ?? Guid.NewGuid().ToString());
        request.Headers.Add("X-Azure-Functions-HostVersion", "4.1040.300.0");
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, JsonNode.Parse(text)?.AsObject() ?? throw new Xunit.Sdk.XunitException("Empty reply from " + function));
    }

    /// <summary>The reply's <c>Logs</c> joined into one string.</summary>
    public static string Logs(JsonObject reply) => string.Join('\n', reply["Logs"]!.AsArray().Select(l => l!.GetValue<string>()));

    private static JsonObject BlobWithData(string name, JsonNode? data, long length, int blobPort) => new()
    {
        ["Data"] = new JsonObject { ["seed"] = data },
        ["Metadata"] = new JsonObject
        {
            ["Uri"] = JsonSerializer.Serialize($"http://127.0.0.1:{blobPort}/devstoreaccount1/seeds/{name}"),
            ["name"] = JsonSerializer.Serialize(name),
            ["Properties"] = new JsonObject { ["ContentLength"] = length, ["ContentType"] = "text/plain", ["BlobType"] = "Block" },
            ["Metadata"] = new JsonObject(),
            ["sys"] = Sys("NormaliseSeed"),
        },
    };

    private static JsonObject Sys(string method) => new()
    {
        ["MethodName"] = JsonSerializer.Serialize(method),
        ["UtcNow"] = JsonSerializer.Serialize(DateTimeOffset.UtcNow),
        ["RandGuid"] = JsonSerializer.Serialize(Guid.NewGuid().ToString()),
    };
}
