using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using FeedRelay.Seeds;

namespace FeedRelay.Tests.Seeds;

/// <summary>
/// Mutates corpus seeds (byte flips, cuts, splices, structural tokens, encodings) and checks that the parser
/// always returns either a seed or a named reason, never throws, and never does unbounded work.
/// </summary>
public sealed class SeedFuzzTests
{
    static SeedFuzzTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly Lazy<byte[][]> Corpus = new(() => Directory.EnumerateFiles(TestPaths.Fixtures, "*", SearchOption.AllDirectories)
        .Where(f => Path.GetExtension(f) is ".md" or ".txt" && !Path.GetFileName(f).Equals("SOURCES.md", StringComparison.OrdinalIgnoreCase))
        .Order(StringComparer.Ordinal)
        .Select(File.ReadAllBytes)
        .ToArray());

    // Pieces that steer mutations into the parsers' decision points.
    private static readonly byte[][] Tokens = new[]
    {
        "---\n", "------\n", "<!--", "-->", "<!--NaN-->\n", "<!--1595136758000-->\n", "[", "](", ")", "](https://example.com/a)\n",
        "\"\"\"\"\"\"\"'", "'", "\"", "title: ", "date: ", "date: 2021-03-22 04:50:47\n", "日期：", "<div><i>", "</i></div>", "<br>", "</div>Array",
        "\n", "\r\n", "    - ", ": ", "&#123;", "&", "*a", "&a ", "%", "\u0000", "\u0001", "\uFEFF", "{{", "}}",
    }.Select(Encoding.UTF8.GetBytes).Append([0xFF, 0xFE]).Append([0xEF, 0xBB, 0xBF]).Append([0xC3]).ToArray();

    private static readonly Gen<Mutation> MutationGen =
        Gen.Select(Gen.Int[0, 7], Gen.Int[0, int.MaxValue], Gen.Int[0, 256], Gen.Int[0, int.MaxValue],
            (kind, position, length, value) => new Mutation(kind, position, length, value));

    private static readonly Gen<Case> CaseGen =
        Gen.Select(Gen.Int[0, int.MaxValue], MutationGen.Array[1, 4], (file, mutations) => new Case(file, mutations));

    [Fact]
    public void Mutated_seeds_give_a_result_or_a_named_reason_and_never_throw()
    {
        CaseGen.Sample(c =>
        {
            var bytes = c.Apply(Corpus.Value);
            var result = SeedParser.Parse(bytes);

            if (result.IsSuccess)
            {
                Assert.False(string.IsNullOrWhiteSpace(result.Seed.Title));
                Assert.True(result.Seed.PublishedFrom.Length > 0);
                Assert.InRange(result.Seed.Published.Offset, TimeSpan.FromHours(-14), TimeSpan.FromHours(14));
                // Bounded output: parsing never makes the text bigger than its decoded input.
                Assert.True(result.Seed.Html.Length <= bytes.Length);
            }
            else
            {
                Assert.Matches("^[a-z-]+\\.[a-z-]+$", result.Error.Code);
                Assert.NotEqual("seed.internal", result.Error.Code);
                Assert.False(string.IsNullOrWhiteSpace(result.Error.Message));
            }
        }, iter: 10_000, threads: 1, print: c => c.ToString());
    }

    [Fact]
    public void Every_seed_regex_runs_in_linear_time()
    {
        // Hostile input must not be able to trigger catastrophic backtracking in any parser.
        var regexes = typeof(SeedParser).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(SeedParser).Namespace)
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public))
            .Where(m => m.GetCustomAttribute<GeneratedRegexAttribute>() is not null)
            .Select(m => (m.DeclaringType!.Name + "." + m.Name, (Regex)m.Invoke(null, null)!))
            .ToArray();

        Assert.NotEmpty(regexes);
        Assert.All(regexes, r => Assert.True(r.Item2.Options.HasFlag(RegexOptions.NonBacktracking), r.Item1));
    }

    private sealed record Mutation(int Kind, int Position, int Length, int Value);

    private sealed record Case(int File, Mutation[] Mutations)
    {
        public byte[] Apply(byte[][] corpus)
        {
            var bytes = new List<byte>(corpus[File % corpus.Length]);
            foreach (var m in Mutations)
            {
                var at = bytes.Count == 0 ? 0 : m.Position % (bytes.Count + 1);
                var length = Math.Min(m.Length, bytes.Count - at);
                switch (m.Kind)
                {
                    case 0 when at < bytes.Count:
                        bytes[at] = (byte)m.Value;
                        break;
                    case 1:
                        bytes.RemoveRange(at, length);
                        break;
                    case 2:
                        bytes.InsertRange(at, Tokens[m.Value % Tokens.Length]);
                        break;
                    case 3:
                        bytes.InsertRange(at, bytes.GetRange(at, length));
                        break;
                    case 4:
                        bytes.RemoveRange(at, bytes.Count - at);
                        break;
                    case 5:
                        var other = corpus[m.Value % corpus.Length];
                        var from = m.Position % Math.Max(1, other.Length);
                        bytes.InsertRange(at, other.AsSpan(from, Math.Min(m.Length * 16, other.Length - from)).ToArray());
                        break;
                    case 6:
                        var text = Encoding.UTF8.GetString(bytes.ToArray());
                        bytes = [.. (m.Value % 3) switch
                        {
                            0 => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
                            1 => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)],
                            _ => Encoding.GetEncoding(54936).GetBytes(text),
                        }];
                        break;
                    default:
                        bytes.InsertRange(at, Enumerable.Repeat(Tokens[m.Value % Tokens.Length], 1 + (m.Length % 64)).SelectMany(t => t));
                        break;
                }
            }

            return [.. bytes];
        }

        public override string ToString() => $"file #{File} with [{string.Join(", ", Mutations.Select(m => m.ToString()))}]";
    }
}
