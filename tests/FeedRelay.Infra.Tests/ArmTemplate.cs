using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FeedRelay.Infra.Tests;

/// <summary>A compiled ARM template, with the resources of its nested (module) deployments flattened.</summary>
public sealed partial class ArmTemplate
{
    private ArmTemplate(JsonObject root, string text)
    {
        Root = root;
        Text = text;
    }

    /// <summary>The template JSON.</summary>
    public JsonObject Root { get; }

    /// <summary>The template text as compiled.</summary>
    public string Text { get; }

    /// <summary>Every resource, including those inside module deployments, depth first.</summary>
    public IReadOnlyList<ArmResource> AllResources => [.. Walk(Root)];

    /// <summary>Loads the template at <paramref name="path"/>.</summary>
    public static ArmTemplate Load(string path)
    {
        var text = File.ReadAllText(path);
        return new ArmTemplate(JsonNode.Parse(text)!.AsObject(), text);
    }

    /// <summary>Resources of exactly <paramref name="type"/>.</summary>
    public IReadOnlyList<ArmResource> OfType(string type) =>
        [.. AllResources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase))];

    /// <summary>The one resource of <paramref name="type"/>.</summary>
    public ArmResource Single(string type) => Assert.Single(OfType(type));

    /// <summary>The module deployment named <paramref name="name"/>.</summary>
    public ArmResource Module(string name) =>
        Assert.Single(OfType("Microsoft.Resources/deployments"), d => d.Name == name);

    private static IEnumerable<ArmResource> Walk(JsonObject template)
    {
        // languageVersion 2.0 templates keep resources in an object keyed by symbolic name.
        var resources = template["resources"] switch
        {
            JsonArray array => array.Select(r => r!.AsObject()),
            JsonObject map => map.Select(p => p.Value!.AsObject()),
            _ => [],
        };
        foreach (var resource in resources)
        {
            var armResource = new ArmResource(resource, template);
            yield return armResource;
            if (armResource.Type == "Microsoft.Resources/deployments" && resource["properties"]?["template"] is JsonObject inner)
            {
                foreach (var nested in Walk(inner))
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary>Matches a whole-string <c>[variables('x')]</c> or <c>[parameters('x')]</c> expression.</summary>
    [GeneratedRegex(@"^\[(?<kind>variables|parameters)\('(?<name>[^']+)'\)\]$")]
    internal static partial Regex SimpleReference();
}

/// <summary>One resource and the template (or module template) declaring it.</summary>
public sealed record ArmResource(JsonObject Json, JsonObject DeclaringTemplate)
{
    /// <summary>Resource type.</summary>
    public string Type => (string)Json["type"]!;

    /// <summary>Name, usually an expression.</summary>
    public string Name => (string)Json["name"]!;

    /// <summary>The <c>properties</c> object.</summary>
    public JsonObject Properties => Json["properties"]!.AsObject();

    /// <summary>
    /// The literal value behind <paramref name="value"/> when it is a literal, a <c>[variables('x')]</c> whose
    /// variable is a literal, or a <c>[parameters('x')]</c> whose default is a literal; otherwise the expression.
    /// </summary>
    public string Resolve(JsonNode? value)
    {
        var text = value?.GetValue<string>() ?? "";
        var match = ArmTemplate.SimpleReference().Match(text);
        if (!match.Success)
        {
            return text;
        }

        var target = match.Groups["kind"].Value == "variables"
            ? DeclaringTemplate["variables"]?[match.Groups["name"].Value]
            : DeclaringTemplate["parameters"]?[match.Groups["name"].Value]?["defaultValue"];
        return target is JsonValue literal && literal.TryGetValue<string>(out var s) && !s.StartsWith('[') ? s : text;
    }

    /// <summary>A module deployment's parameter value, resolved like <see cref="Resolve"/> when it is a string.</summary>
    public JsonNode? ModuleParameter(string name) => Properties["parameters"]?[name]?["value"];
}
