using System.Text.Json;
using System.Text.Json.Nodes;
using FeedRelay.Ingestion;
using FeedRelay.Seeds;
using FeedRelay.Storage;

namespace FeedRelay.Tests.Seeds;

/// <summary>
/// Walks tests/fixtures/&lt;format&gt;/&lt;case&gt; and compares each seed's normalised article with the
/// &lt;case&gt;.json written beside it. Set FEEDRELAY_WRITE_FIXTURES=1 to write missing expectations for review.
/// </summary>
public sealed class SeedFixtureTests
{
    private static readonly ArticleNormaliser Normaliser = new();

    public static TheoryData<string> Cases() => new(Fixtures());

    /// <summary>Every fixture seed, by its path under <see cref="TestPaths.Fixtures"/>, in ordinal order.</summary>
    internal static IEnumerable<string> Fixtures() =>
        Directory.EnumerateFiles(TestPaths.Fixtures, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f) is ".txt" or ".md" or ".seed")
            .Where(f => !Path.GetFileName(f).Equals("SOURCES.md", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(f => Path.GetRelativePath(TestPaths.Fixtures, f));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Seed_normalises_to_the_expected_article(string fixture)
    {
        var path = Path.Combine(TestPaths.Fixtures, fixture);
        var expectedPath = Path.ChangeExtension(path, ".json");
        var actual = Normalise(File.ReadAllBytes(path));

        if (!File.Exists(expectedPath))
        {
            Assert.True(Environment.GetEnvironmentVariable("FEEDRELAY_WRITE_FIXTURES") == "1",
                $"No expected JSON for {fixture}; run with FEEDRELAY_WRITE_FIXTURES=1 to write one, then review it by hand.");
            File.WriteAllText(expectedPath, actual.ToJsonString(StoreJson.Options) + "\n");
            return;
        }

        var expected = JsonNode.Parse(File.ReadAllText(expectedPath))!;
        Assert.True(JsonNode.DeepEquals(expected, actual),
            $"{fixture}\nexpected: {expected.ToJsonString(StoreJson.Options)}\nactual:   {actual.ToJsonString(StoreJson.Options)}");
    }

    /// <summary>The normalised view a fixture pins down: the article's fields, or the rejection's code.</summary>
    internal static JsonNode Normalise(byte[] bytes)
    {
        var result = SeedParser.Parse(bytes);
        if (!result.IsSuccess)
        {
            return new JsonObject { ["rejected"] = result.Error.Code, ["reason"] = result.Error.Message };
        }

        var article = Normaliser.Normalise(result.Seed);
        var view = JsonSerializer.SerializeToNode(article with { ContentHtml = "", Updated = default }, StoreJson.Options)!.AsObject();
        view.Remove("contentHtml");
        view.Remove("updated");
        view["published"] = article.Published.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz");
        return view;
    }
}
