using System.Text;
using System.Text.RegularExpressions;

namespace FeedRelay.Seeds;

/// <summary>
/// Reads front matter the way a person would when it is not valid YAML: <c>key: value</c> lines, <c>- item</c> lists,
/// lines that continue a multi-line unquoted value (DLsite titles spread over 9 lines) and values wrapped in
/// several layers of quotes by RSSHUB-PAGE's re-quoting bug (<c>"""""""'第1集'"""""""</c> is <c>第1集</c>).
/// </summary>
internal static partial class LooseFrontMatter
{
    /// <summary>Reads <paramref name="yaml"/> into scalar strings and lists of strings.</summary>
    public static Dictionary<string, object?> Read(string yaml)
    {
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        string? key = null;
        StringBuilder? scalar = null;
        List<object?>? list = null;

        void Flush()
        {
            if (key is not null)
            {
                fields[key] = list is not null ? list : Unquote(scalar?.ToString().Trim() ?? "");
            }

            (key, scalar, list) = (null, null, null);
        }

        foreach (var rawLine in yaml.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r', ' ', '\t');
            if (line.Length == 0)
            {
                continue;
            }

            var field = KeyLine().Match(line);
            if (field.Success)
            {
                Flush();
                key = field.Groups["key"].Value;
                scalar = new StringBuilder(field.Groups["value"].Value);
                continue;
            }

            var item = ListItem().Match(line);
            if (item.Success && key is not null && (list is not null || scalar!.ToString().Trim().Length == 0))
            {
                list ??= [];
                list.Add(Unquote(item.Groups["item"].Value.Trim()));
            }
            else if (key is not null && list is null)
            {
                // A continuation line of a multi-line plain value: YAML folds it with a space.
                scalar!.Append(' ').Append(line.Trim());
            }
        }

        Flush();
        return fields;
    }

    /// <summary>Peels matching outer quote pairs, however many layers there are.</summary>
    internal static string Unquote(string value)
    {
        while (value.Length >= 2 && value[0] == value[^1] && value[0] is '"' or '\'')
        {
            value = value[0] == '\''
                ? value[1..^1].Replace("''", "'", StringComparison.Ordinal)
                : value[1..^1];
        }

        return value.Trim();
    }

    [GeneratedRegex(@"^(?<key>[A-Za-z_][A-Za-z0-9_-]{0,63}):(?:\s+(?<value>.*)|)$", RegexOptions.NonBacktracking)]
    private static partial Regex KeyLine();

    [GeneratedRegex(@"^\s*-\s+(?<item>.*)$", RegexOptions.NonBacktracking)]
    private static partial Regex ListItem();
}
