using FeedRelay.Feeds;
using FeedRelay.Storage;
using FeedRelay.Translation;
using FeedRelay.Web.Operations;
using FeedRelay.Web.Translation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FeedRelay.Tests.Translation;

/// <summary>
/// What ingestion queues for translation: every created or changed article, and an unchanged one without any translation
/// unless it is queued already (its first queueing may have been lost to a crash or a failed write, and ingesting its seed
/// again is how that is finished; a translation of any level says it was queued).
/// </summary>
public sealed class TranslationIngestListenerTests
{
    private static readonly Article Chinese = new()
    {
        Id = "a1", Source = "Radio Free Asia", SourceSlug = "rfa", Title = "标题", Link = new Uri("https://www.rfa.org/a.html"), Language = "zh-Hans",
        Published = new DateTimeOffset(2020, 7, 19, 5, 32, 38, TimeSpan.Zero),
    };

    public static TheoryData<Article, UpsertOutcome, string> Cases() => new()
    {
        { Chinese, UpsertOutcome.Created, "queued" },
        { Chinese, UpsertOutcome.Updated, "queued" },
        { Chinese with { Translation = Translated(TranslationProcessor.Full) }, UpsertOutcome.Updated, "queued" },
        { Chinese with { Language = "EN" }, UpsertOutcome.Created, "queued" }, // processing finds nothing to do
        { Chinese, UpsertOutcome.Unchanged, "queued unless queued" },
        { Chinese with { Language = null }, UpsertOutcome.Unchanged, "queued unless queued" },
        { Chinese with { Translation = Translated(TranslationProcessor.TitleSummary) }, UpsertOutcome.Unchanged, "not queued" },
        { Chinese with { Translation = Translated(TranslationProcessor.None) }, UpsertOutcome.Unchanged, "not queued" },
        { Chinese with { Translation = Translated(TranslationProcessor.Full) }, UpsertOutcome.Unchanged, "not queued" },
        { Chinese with { Language = "en-GB" }, UpsertOutcome.Unchanged, "not queued" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Queues_what_may_never_have_been_queued(Article article, UpsertOutcome outcome, string expected)
    {
        var queue = new RecordingQueue();

        await Listener(queue, "https://translator.example/").ArticleStoredAsync(article, outcome, CancellationToken.None);

        Assert.Equal(expected, (queue.Queued, queue.Ensured) switch
        {
            ([_], []) => "queued",
            ([], [_]) => "queued unless queued",
            ([], []) => "not queued",
            _ => "queued twice",
        });
    }

    [Fact]
    public async Task Queues_nothing_while_translation_is_off()
    {
        var queue = new RecordingQueue();

        await Listener(queue, endpoint: null).ArticleStoredAsync(Chinese, UpsertOutcome.Created, CancellationToken.None);

        Assert.Empty(queue.Queued);
    }

    [Fact]
    public async Task A_failed_queue_write_fails_the_ingestion_so_the_seed_is_tried_again()
    {
        var queue = new RecordingQueue { Failure = new IOException("disk full") };

        await Assert.ThrowsAsync<IOException>(() =>
            Listener(queue, "https://translator.example/").ArticleStoredAsync(Chinese, UpsertOutcome.Created, CancellationToken.None));
    }

    private static ArticleTranslation Translated(string level) => new() { Language = "en", Title = "Title", Level = level };

    private static TranslationIngestListener Listener(ITranslationQueue queue, string? endpoint)
    {
        var options = Options.Create(new TranslationOptions { Endpoint = endpoint });
        var step = new TranslationStep(options, new Lazy<TranslationProcessor>(() => throw new InvalidOperationException("not used")),
            new DisabledFeedRebuildQueue(), new BackgroundHealth(TimeProvider.System), NullLogger<TranslationStep>.Instance);
        return new TranslationIngestListener(step, queue);
    }

    private sealed class RecordingQueue : ITranslationQueue
    {
        public List<string> Queued { get; } = [];

        public List<string> Ensured { get; } = [];

        public Task EnsureQueuedAsync(TranslationRequest request, CancellationToken cancellationToken = default)
        {
            Ensured.Add(request.ArticleId);
            return Task.CompletedTask;
        }

        public Exception? Failure { get; init; }

        public Task EnqueueAsync(TranslationRequest request, CancellationToken cancellationToken = default) =>
            EnqueueAsync(request, TimeSpan.Zero, cancellationToken);

        public Task EnqueueAsync(TranslationRequest request, TimeSpan delay, CancellationToken cancellationToken = default)
        {
            if (Failure is not null)
            {
                return Task.FromException(Failure);
            }

            Queued.Add(request.ArticleId);
            return Task.CompletedTask;
        }
    }
}
