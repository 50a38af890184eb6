using FeedRelay.Storage;

namespace FeedRelay.Tests.Storage;

/// <summary>The translation work-queue contract on the data folder's <c>translation/queue</c>.</summary>
public sealed class FileTranslationWorkQueueContractTests : TranslationWorkQueueContractTests, IDisposable
{
    private readonly TempFolder _folder = TestPaths.NewTempFolder();
    private readonly List<FileTranslationQueue> _opened = [];

    protected override ITranslationWorkQueue Open()
    {
        var queue = new FileTranslationQueue(new FileStoreOptions { DataPath = _folder.Path }, Clock);
        _opened.Add(queue);
        return queue;
    }

    public void Dispose()
    {
        _opened.ForEach(q => q.Dispose());
        _folder.Dispose();
    }
}
