using FeedRelay.Storage;

namespace FeedRelay.Tests.Storage;

/// <summary>The usage contract on the data folder's <c>translation/usage.json</c> (one instance per folder, as the local server runs).</summary>
public sealed class FileTranslationUsageContractTests : TranslationUsageContractTests, IDisposable
{
    private readonly TempFolder _folder = TestPaths.NewTempFolder();
    private readonly List<FileTranslationUsage> _opened = [];

    protected override ITranslationUsage Open()
    {
        var usage = new FileTranslationUsage(new FileStoreOptions { DataPath = _folder.Path });
        _opened.Add(usage);
        return usage;
    }

    public void Dispose()
    {
        _opened.ForEach(u => u.Dispose());
        _folder.Dispose();
    }
}
