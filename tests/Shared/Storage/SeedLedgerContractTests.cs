using FeedRelay.Storage;

namespace FeedRelay.Tests.Storage;

/// <summary>What every seeds ledger must do, run by a subclass; each test has its own storage.</summary>
public abstract class SeedLedgerContractTests
{
    private static readonly DateTimeOffset Modified = new(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(8));

    /// <summary>A ledger over this test's storage; a second call is a restart over the same storage.</summary>
    protected abstract ISeedLedger Open();

    [Fact]
    public async Task Entries_are_recorded_in_a_batch_read_back_equal_and_survive_a_restart()
    {
        var ledger = Open();
        var ingested = new SeedLedgerEntry("2023/06/北约.md", 1234, Modified, new string('a', 64), SeedOutcome.Ingested, ArticleId: "id-1");
        var rejected = new SeedLedgerEntry("bad.txt", 9, Modified.AddDays(-1), new string('b', 64), SeedOutcome.Rejected, RejectionCode: "seed.unknown-format");
        var unchanged = new SeedLedgerEntry("same.md", 50, Modified, new string('c', 64), SeedOutcome.Unchanged, ArticleId: "id-2");

        await ledger.SetManyAsync([ingested, rejected, unchanged]);

        var reopened = Open();
        Assert.Equal(ingested, await reopened.GetAsync("2023/06/北约.md"));
        Assert.Null(await reopened.GetAsync("missing.md"));
        var many = await reopened.GetManyAsync(["bad.txt", "same.md", "missing.md", "bad.txt"]);
        Assert.Equal(new Dictionary<string, SeedLedgerEntry> { ["bad.txt"] = rejected, ["same.md"] = unchanged }, many);
        Assert.Equal(3, await reopened.CountAsync());
    }

    [Fact]
    public async Task A_file_read_again_replaces_its_entry_and_a_deleted_one_is_forgotten()
    {
        var ledger = Open();
        var first = new SeedLedgerEntry("a.md", 10, Modified, new string('a', 64), SeedOutcome.Rejected, RejectionCode: "seed.empty");
        await ledger.SetManyAsync([first]);

        var fixedFile = first with { Size = 20, Modified = Modified.AddMinutes(5), Sha256 = new string('d', 64), Outcome = SeedOutcome.Ingested, ArticleId = "id-9", RejectionCode = null };
        await ledger.SetManyAsync([fixedFile]);
        Assert.Equal(fixedFile, await ledger.GetAsync("a.md"));

        Assert.True(await ledger.RemoveAsync("a.md"));
        Assert.False(await ledger.RemoveAsync("a.md"));
        Assert.Null(await ledger.GetAsync("a.md"));
        Assert.Equal(0, await ledger.CountAsync());
    }

    [Fact]
    public async Task The_ledger_pages_by_path_and_takes_large_batches()
    {
        var ledger = Open();
        var entries = Enumerable.Range(0, 1500)
            .Select(i => new SeedLedgerEntry($"seeds/{i:D5}.md", i, Modified, new string('e', 64), SeedOutcome.Ingested, ArticleId: "id" + i))
            .ToList();
        await ledger.SetManyAsync(entries);

        var paths = new List<string>();
        string? after = null;
        while (await ledger.ListAsync(after, 400) is { Count: > 0 } page)
        {
            paths.AddRange(page.Select(e => e.RelativePath));
            after = page[^1].RelativePath;
        }

        Assert.Equal(entries.Select(e => e.RelativePath), paths);
        Assert.Equal(1500, await ledger.CountAsync());
    }
}
