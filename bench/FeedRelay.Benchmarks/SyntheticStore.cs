using FeedRelay.Ingestion;
using FeedRelay.Seeds;
using FeedRelay.Storage;

namespace FeedRelay.Benchmarks;

/// <summary>An in-memory store of <c>count</c> articles cloned from the repository's seed files, one every few minutes, over 20 sources.</summary>
public sealed class SyntheticStore : IArticleStore
{
    private SyntheticStore(ArticleIndex index) => Index = index;

    /// <inheritdoc />
    public ArticleIndex Index { get; }

    /// <summary>Builds a store of <paramref name="count"/> articles.</summary>
    public static SyntheticStore Create(int count)
    {
        var seeds = FindSeeds();
        var normaliser = new ArticleNormaliser();
        var templates = Directory.EnumerateFiles(seeds)
            .Where(f => !f.EndsWith(".md", StringComparison.Ordinal) || !Path.GetFileName(f).Equals("PROVENANCE.md", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => SeedParser.Parse(File.ReadAllBytes(f)))
            .Where(r => r.IsSuccess)
            .Select(r => normaliser.Normalise(r.Seed!))
            .ToList();
        var index = new ArticleIndex();
        var start = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < count; i++)
        {
            var template = templates[i % templates.Count];
            var source = i % 20;
            index.Set(template with
            {
                Id = $"synthetic-{i:D7}",
                Title = $"{template.Title} #{i}",
                Source = $"Source {source}",
                SourceSlug = $"source-{source}",
                Link = new Uri($"https://news.example/{source}/{i}"),
                Published = start.AddMinutes(7L * i),
                Updated = start.AddMinutes(7L * i),
            });
        }

        return new SyntheticStore(index);
    }

    /// <inheritdoc />
    public Task<UpsertOutcome> UpsertAsync(Article article, CancellationToken cancellationToken = default)
    {
        Index.Set(article);
        return Task.FromResult(UpsertOutcome.Created);
    }

    /// <inheritdoc />
    public Task<bool> TryReplaceAsync(Article current, Article replacement, CancellationToken cancellationToken = default)
    {
        Index.Set(replacement);
        return Task.FromResult(true);
    }

    /// <inheritdoc />
    public Task<Article?> GetAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(Index.Get(id));

    /// <inheritdoc />
    public Task<IReadOnlyList<Article>> QueryAsync(ArticleQuery query, CancellationToken cancellationToken = default) => Task.FromResult(Index.Query(query));

    /// <inheritdoc />
    public Task<IReadOnlyList<SourceSummary>> ListSourcesAsync(CancellationToken cancellationToken = default) => Task.FromResult(Index.Sources());

    private static string FindSeeds()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FeedRelay.sln")))
            {
                return Path.Combine(dir.FullName, "seeds");
            }
        }

        throw new InvalidOperationException("Run from inside the repository: FeedRelay.sln not found above " + AppContext.BaseDirectory);
    }
}
