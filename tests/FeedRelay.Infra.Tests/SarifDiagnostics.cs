using System.Text;
using System.Text.Json;

namespace FeedRelay.Infra.Tests;

/// <summary>One Bicep diagnostic (compiler or linter).</summary>
public sealed record BicepDiagnostic(string Level, string RuleId, string Message, string File, int Line)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}({Line}) {Level} {RuleId}: {Message}";
}

/// <summary>
/// Reads the diagnostics Bicep prints with <c>--diagnostics-format sarif</c>. With <c>--pattern</c> it prints one
/// SARIF document per file, back to back, so the text is a sequence of JSON documents.
/// </summary>
public static class SarifDiagnostics
{
    /// <summary>All diagnostics in every SARIF document found in <paramref name="output"/>.</summary>
    public static IReadOnlyList<BicepDiagnostic> Parse(string output)
    {
        var diagnostics = new List<BicepDiagnostic>();
        var bytes = Encoding.UTF8.GetBytes(output);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("runs", out var runs))
            {
                continue;
            }

            foreach (var run in runs.EnumerateArray())
            {
                foreach (var result in run.GetProperty("results").EnumerateArray())
                {
                    diagnostics.Add(Read(result));
                }
            }
        }

        return diagnostics;
    }

    /// <summary>The number of SARIF documents in <paramref name="output"/> (Bicep prints one per file).</summary>
    public static int CountDocuments(string output)
    {
        var count = 0;
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(output), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("runs", out _))
            {
                count++;
            }
        }

        return count;
    }

    private static BicepDiagnostic Read(JsonElement result)
    {
        // SARIF's default level is "warning"; Bicep writes the level only when it differs.
        var level = result.TryGetProperty("level", out var l) ? l.GetString() ?? "warning" : "warning";
        var file = "";
        var line = 0;
        if (result.TryGetProperty("locations", out var locations) && locations.GetArrayLength() > 0)
        {
            var physical = locations[0].GetProperty("physicalLocation");
            file = new Uri(physical.GetProperty("artifactLocation").GetProperty("uri").GetString()!).LocalPath;
            line = physical.GetProperty("region").GetProperty("startLine").GetInt32();
        }

        return new BicepDiagnostic(
            level,
            result.GetProperty("ruleId").GetString() ?? "",
            result.GetProperty("message").GetProperty("text").GetString() ?? "",
            file,
            line);
    }
}
