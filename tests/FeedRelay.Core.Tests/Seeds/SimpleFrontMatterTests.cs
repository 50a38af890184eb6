using FeedRelay.Seeds;
using FeedRelay.Tests.Content;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace FeedRelay.Tests.Seeds;

/// <summary>
/// The hand-written front-matter reader must give exactly what YamlDotNet gives whenever it accepts a block, and decline
/// everything it is not sure of (YamlDotNet, or the lenient reader after it, then decides as before).
/// </summary>
public sealed class SimpleFrontMatterTests
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder().Build();

    public static TheoryData<string> SeedFiles() => CorpusImageTests.SeedFiles();

    [Theory]
    [MemberData(nameof(SeedFiles))]
    public void Every_seed_block_it_accepts_reads_as_YamlDotNet_reads_it(string file)
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, file)).TrimStart();
        if (!text.StartsWith("---", StringComparison.Ordinal))
        {
            return;
        }

        var start = text.IndexOf('\n') + 1;
        var end = text.IndexOf("\n---", start - 1, StringComparison.Ordinal);
        if (end < start)
        {
            return;
        }

        AssertSameAsYaml(text[start..end]);
    }

    [Theory]
    [InlineData("title: \"Scallion Dutch Baby\"\ndate: 2020-06-05T06:06:00.000Z\nauthor: Shen Lu\ntags: [ 中参馆 ]\ncategories: [ 中参馆 ]", true)]
    [InlineData("title: 'a'\ncategories: \n    - 二次元\n    - AGE 动漫 - 番剧详情\ncomments: false\nthumbnail: ''", true)]
    [InlineData("title: x\r\ndate: Fri, 06 May 2022 23:27:01 GMT\r\nlink: https://example.org/a?b=c#d\r\n", true)]
    [InlineData("tags: []\ntitle: a b  c", true)]
    [InlineData("title: \"\"\"\"\"\"\"'第1集'\"\"\"\"\"\"\"", false)]   // invalid YAML: the lenient reader's case
    [InlineData("title: a: b", false)]
    [InlineData("title: a # comment", false)]
    [InlineData("title: \"a\\tb\"", false)]
    [InlineData("title: 'it''s'", false)]
    [InlineData("title: ~", false)]
    [InlineData("title:\nnext: a", false)]
    [InlineData("title: a\ntitle: b", false)]
    [InlineData("title: first line\n  second line", false)]
    [InlineData("title: |\n  block", false)]
    [InlineData("# comment\ntitle: a", false)]
    [InlineData("title: &a x", false)]
    [InlineData("tags: [a, [b]]", false)]
    [InlineData("tags: [ 'a, b' ]", false)]
    [InlineData("list:\n- a\n- b", false)]
    [InlineData("list:\n  - a\n    - b", false)]
    [InlineData("title:\ta", false)]
    [InlineData("", false)]
    public void Accepts_only_what_it_reads_exactly(string yaml, bool accepted)
    {
        Assert.Equal(accepted, SimpleFrontMatter.TryRead(yaml, out _));
        AssertSameAsYaml(yaml);
    }

    [Fact]
    public void Generated_blocks_it_accepts_read_as_YamlDotNet_reads_them()
    {
        string[] keys = ["title", "date", "tags", "categories", "author", "x-y", "_k", "k1"];
        string[] values =
        [
            "", " ", "a", "a b", "\"q\"", "'q'", "\"\"", "''", "[ a ]", "[a, b]", "[]", "[ ]", "[a,]", "a: b", "a:b", "a #c", "a#c", "-a",
            "- a", "?a", ":a", "a:", "~", "null", "NULL", "true", "0x1F", "12", "1.5", "2020-01-01", "2020-01-01 10:00:00 +0800",
            "https://x.org/a?b=1&c=2#f", "中文 标题", "😀 x", "'a'b'", "\"a\"b\"", "\"a\\\"b\"", "'a''b'", "[ 'a', \"b\" ]", "{a: b}", "*a", "&a b",
            "!tag x", "|", ">", "%x", "@x", "`x", "a\tb", "\u0085", "a\u2028b", "a ", "[ a ] x", "'a' x",
        ];
        string[] items = ["  - a", "  - 'b'", " - c d", "  -", "  - a: b", "    - e", "- f", "  -g", "  - [a]", ""];
        var random = new Random(16);
        for (var round = 0; round < 3000; round++)
        {
            var lines = new List<string>();
            var count = random.Next(1, 6);
            for (var i = 0; i < count; i++)
            {
                var key = keys[random.Next(keys.Length)];
                var value = values[random.Next(values.Length)];
                lines.Add(value.Length == 0 && random.Next(3) == 0 ? key + ":" : key + ": " + value);
                if (value.Length == 0)
                {
                    for (var n = random.Next(0, 3); n > 0; n--)
                    {
                        lines.Add(items[random.Next(items.Length)]);
                    }
                }
            }

            AssertSameAsYaml(string.Join(random.Next(4) == 0 ? "\r\n" : "\n", lines));
        }
    }

    private static void AssertSameAsYaml(string yaml)
    {
        if (!SimpleFrontMatter.TryRead(yaml, out var simple))
        {
            return;
        }

        Dictionary<string, object?>? expected;
        try
        {
            expected = Yaml.Deserialize<Dictionary<string, object?>>(yaml);
        }
        catch (YamlException ex)
        {
            Assert.Fail($"accepted what YamlDotNet rejects ({ex.Message}): {yaml}");
            return;
        }

        Assert.NotNull(expected);
        Assert.Equal(Describe(expected), Describe(simple));
    }

    private static string Describe(Dictionary<string, object?> fields) => string.Join("\n", fields.Select(p => p.Key + "=" + p.Value switch
    {
        null => "(null)",
        string s => "s:" + s,
        IEnumerable<object?> list => "l:[" + string.Join("|", list.Select(i => i is string s ? "s:" + s : i?.GetType().Name ?? "(null)")) + "]",
        var other => other.GetType().Name + ":" + other,
    }));
}
