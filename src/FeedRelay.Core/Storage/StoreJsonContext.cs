using System.Text.Json;
using System.Text.Json.Serialization;

namespace FeedRelay.Storage;

/// <summary>
/// Compile-time JSON metadata of <see cref="Article"/> for <see cref="StoreJson.Options"/>: a process's first stored article
/// is read without building its contract by reflection. Other types still resolve by reflection through the same options.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true)]
[JsonSerializable(typeof(Article))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
