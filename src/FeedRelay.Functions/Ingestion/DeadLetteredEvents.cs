using System.Text.Json;

namespace FeedRelay.Functions.Ingestion;

/// <summary>
/// Reads a dead-letter blob Event Grid wrote for the seeds subscription (a JSON array of the events it could not deliver,
/// in the Event Grid schema): the names of the seed blobs they announced. Pure; a blob that is not such an array names none.
/// </summary>
internal static class DeadLetteredEvents
{
    /// <summary>The seed blob names in <paramref name="json"/>'s <c>BlobCreated</c> events for <paramref name="container"/>, each once.</summary>
    public static IReadOnlyList<string> SeedNames(BinaryData json, string container)
    {
        var prefix = $"/blobServices/default/containers/{container}/blobs/";
        var names = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(json.ToMemory());
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return names;
            }

            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object
                    && item.TryGetProperty("eventType", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "Microsoft.Storage.BlobCreated"
                    && item.TryGetProperty("subject", out var subject) && subject.ValueKind == JsonValueKind.String
                    && subject.GetString() is { } text && text.StartsWith(prefix, StringComparison.Ordinal) && text.Length > prefix.Length
                    && !names.Contains(text[prefix.Length..], StringComparer.Ordinal))
                {
                    names.Add(text[prefix.Length..]);
                }
            }
        }
        catch (JsonException)
        {
            // Not Event Grid's dead-letter format: it names no seed (the caller reports the blob).
        }

        return names;
    }
}
