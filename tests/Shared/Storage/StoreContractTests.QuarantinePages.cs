using System.Security.Cryptography;
using System.Text;
using FeedRelay.Storage;

namespace FeedRelay.Tests.Storage;

/// <summary>The quarantine read one page or one key at a time (<see cref="IQuarantine.ListPageAsync"/>, <see cref="IQuarantine.GetAsync"/>).</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Quarantine_pages_list_every_rejection_once_and_get_reads_one_by_key()
    {
        await using var stores = await CreateAsync();
        var added = new List<Rejection>();
        for (var i = 0; i < 7; i++)
        {
            var bytes = Encoding.UTF8.GetBytes($"bad seed {i}");
            var rejection = new Rejection($"dir/bad-{i}.md", "parse", "parse.front-matter", "no front matter", Day.AddMinutes(i), bytes.Length,
                Convert.ToHexStringLower(SHA256.HashData(bytes)));
            await stores.Quarantine.AddAsync(rejection, bytes);
            added.Add(rejection);
        }

        var listed = new List<Rejection>();
        string? continuation = null;
        var pages = 0;
        do
        {
            var page = await stores.Quarantine.ListPageAsync(3, continuation);
            Assert.InRange(page.Items.Count, 0, 3);
            listed.AddRange(page.Items);
            continuation = page.Continuation;
            Assert.True(++pages <= 10, "paging did not end");
        }
        while (continuation is not null);

        Assert.True(pages >= 3);
        Assert.Equal(added.Select(r => r.Sha256).Order(StringComparer.Ordinal), listed.Select(r => r.Sha256).Order(StringComparer.Ordinal));
        Assert.Equal(added[4].Name, (await stores.Quarantine.GetAsync(added[4].Sha256))?.Name);
        Assert.Equal(added[4].Name, (await stores.Quarantine.GetAsync(added[4].Sha256.ToUpperInvariant()))?.Name);
        Assert.Null(await stores.Quarantine.GetAsync(new string('0', 64)));
    }

    [Fact]
    public async Task A_continuation_the_quarantine_did_not_give_is_refused_not_taken_for_the_first_page()
    {
        await using var stores = await CreateAsync();
        var bytes = Encoding.UTF8.GetBytes("bad seed");
        await stores.Quarantine.AddAsync(new Rejection("bad.md", "parse", "parse.front-matter", "no front matter", Day, bytes.Length,
            Convert.ToHexStringLower(SHA256.HashData(bytes))), bytes);

        // A client following a damaged link would otherwise get the first page again, and loop.
        await Assert.ThrowsAsync<FormatException>(() => stores.Quarantine.ListPageAsync(3, "garbage"));
    }
}
