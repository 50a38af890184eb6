using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace FeedRelay.Storage;

/// <summary>The one JSON shape of stored articles and fixtures.</summary>
public static class StoreJson
{
    /// <summary>Serializer options: camelCase, readable non-ASCII, nulls omitted.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        TypeInfoResolver = JsonTypeInfoResolver.Combine(StoreJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    /// <summary>JSON of an article, ignoring <see cref="Article.Updated"/>, to compare content.</summary>
    public static string ContentOf(Article article) =>
        JsonSerializer.Serialize(article with { Updated = default }, Options);
}
