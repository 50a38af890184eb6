using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace FeedRelay.Host.Functions;

/// <summary>
/// The body the Functions host POSTs to a custom handler for a non-HTTP trigger:
/// <c>{"Data":{"&lt;binding&gt;":…},"Metadata":{…}}</c>. Metadata scalars arrive JSON-encoded
/// (<c>"\"a.txt\""</c>); blob bytes arrive base64, or as a JSON-encoded string when the host had a string.
/// Every accessor is lenient and never throws on odd input.
/// </summary>
public sealed class InvocationRequest
{
    private readonly JsonElement _data;
    private readonly JsonElement _metadata;

    private InvocationRequest(JsonElement data, JsonElement metadata)
    {
        _data = data;
        _metadata = metadata;
    }

    /// <summary>Parses <paramref name="body"/>; null when it is not JSON or has no <c>Data</c> object.</summary>
    public static InvocationRequest? Parse(ReadOnlySpan<byte> body)
    {
        JsonElement root;
        try
        {
            // Cloned so the request outlives the pooled document buffers.
            using var document = JsonDocument.Parse(body.ToArray());
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }

        if (root.ValueKind != JsonValueKind.Object || !TryGetIgnoringCase(root, "Data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return new InvocationRequest(data, TryGetIgnoringCase(root, "Metadata", out var metadata) ? metadata : default);
    }

    /// <summary>Reads and parses the request body of <paramref name="request"/>.</summary>
    public static async Task<InvocationRequest?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>The input of <paramref name="binding"/>, or of the only binding present when the name differs.</summary>
    public bool TryGetData(string binding, out JsonElement value)
    {
        if (TryGetIgnoringCase(_data, binding, out value))
        {
            return true;
        }

        var properties = _data.EnumerateObject().ToList();
        value = properties.Count == 1 ? properties[0].Value : default;
        return properties.Count == 1;
    }

    /// <summary>The bytes of binding <paramref name="binding"/> (base64, a JSON-encoded string, or plain text).</summary>
    public bool TryGetBytes(string binding, out byte[] bytes)
    {
        bytes = [];
        if (!TryGetData(binding, out var value))
        {
            return false;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                bytes = DecodeBytes(value.GetString()!);
                return true;
            case JsonValueKind.Object or JsonValueKind.Array:
                bytes = Encoding.UTF8.GetBytes(value.GetRawText());
                return true;
            default:
                return false;
        }
    }

    /// <summary>Metadata scalar <paramref name="key"/> with its JSON encoding removed, or null.</summary>
    public string? Metadata(string key) =>
        _metadata.ValueKind == JsonValueKind.Object && TryGetIgnoringCase(_metadata, key, out var value) ? Unwrap(value) : null;

    /// <summary>
    /// A string input: a JSON-encoded string (starts with a quote, which base64 never does), else base64, else the
    /// text itself.
    /// </summary>
    internal static byte[] DecodeBytes(string text)
    {
        if (text.Length >= 2 && text[0] == '"' && TryParseJsonString(text, out var inner))
        {
            return Encoding.UTF8.GetBytes(inner);
        }

        var utf8 = Encoding.UTF8.GetBytes(text);
        if (Base64.IsValid(utf8, out var length))
        {
            var decoded = new byte[length];
            if (Convert.TryFromBase64String(text, decoded, out var written))
            {
                return decoded[..written];
            }
        }

        return utf8;
    }

    /// <summary>A scalar with any layers of JSON string encoding removed (<c>"\"a.txt\""</c> → <c>a.txt</c>).</summary>
    internal static string? Unwrap(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var text = value.GetString()!;
                for (var depth = 0; depth < 3 && text.Length >= 2 && text[0] == '"' && TryParseJsonString(text, out var inner); depth++)
                {
                    text = inner;
                }

                return text;
            case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                return value.GetRawText();
            default:
                return null;
        }
    }

    private static bool TryParseJsonString(string text, out string value)
    {
        value = "";
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.String)
            {
                value = document.RootElement.GetString()!;
                return true;
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }

    private static bool TryGetIgnoringCase(JsonElement element, string name, out JsonElement value)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = property.Value;
                    return true;
                }
            }
        }

        value = default;
        return false;
    }

    /// <summary>Reads a JSON message (an object, a string holding JSON, or base64 of JSON) as <typeparamref name="T"/>; null when it is none of these.</summary>
    public static T? ReadMessage<T>(JsonElement value)
        where T : class
    {
        for (var depth = 0; depth < 4; depth++)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Object:
                    try
                    {
                        return value.Deserialize<T>(JsonSerializerOptions.Web);
                    }
                    catch (JsonException)
                    {
                        return null;
                    }

                case JsonValueKind.String:
                    var text = value.GetString()!;
                    var bytes = text.TrimStart().StartsWith('{') || text.StartsWith('"') ? Encoding.UTF8.GetBytes(text) : DecodeBytes(text);
                    try
                    {
                        using var document = JsonDocument.Parse(bytes);
                        value = document.RootElement.Clone();
                    }
                    catch (JsonException)
                    {
                        return null;
                    }

                    break;
                default:
                    return null;
            }
        }

        return null;
    }
}
