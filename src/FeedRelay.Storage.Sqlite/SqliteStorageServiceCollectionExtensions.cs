using FeedRelay.Storage;
using FeedRelay.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the embedded SQLite store.</summary>
public static class SqliteStorageServiceCollectionExtensions
{
    /// <summary>
    /// Makes <c>feedrelay.db</c> under <see cref="SqliteStorageOptions.DataPath"/> the store of articles, quarantine, translation
    /// cache, usage and queue (<see cref="ITranslationWorkQueue"/>) and the seeds ledger, replacing any earlier registration
    /// of those services. Options are validated when the host starts.
    /// </summary>
    public static IServiceCollection AddSqliteStorage(this IServiceCollection services, Action<SqliteStorageOptions>? configure = null)
    {
        var options = services.AddOptions<SqliteStorageOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(o => o.Validate() is null, "Invalid FeedRelay SQLite storage options (see SqliteStorageOptions.Validate).").ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.RemoveAll<SqliteDatabase>();
        services.AddSingleton(sp => new SqliteDatabase(
            sp.GetRequiredService<IOptions<SqliteStorageOptions>>().Value,
            sp.GetService<ILogger<SqliteDatabase>>() ?? NullLogger<SqliteDatabase>.Instance));
        Replace<IArticleStore>(services, sp => new SqliteArticleStore(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>()));
        Replace<IQuarantine>(services, sp => new SqliteQuarantine(sp.GetRequiredService<SqliteDatabase>()));
        Replace<ITranslationCache>(services, sp => new SqliteTranslationCache(sp.GetRequiredService<SqliteDatabase>()));
        Replace<ITranslationUsage>(services, sp => new SqliteTranslationUsage(sp.GetRequiredService<SqliteDatabase>()));
        Replace<ISeedLedger>(services, sp => new SqliteSeedLedger(sp.GetRequiredService<SqliteDatabase>()));
        services.RemoveAll<SqliteTranslationQueue>();
        services.AddSingleton(sp => new SqliteTranslationQueue(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>()));
        Replace<ITranslationWorkQueue>(services, sp => sp.GetRequiredService<SqliteTranslationQueue>());
        Replace<ITranslationQueue>(services, sp => sp.GetRequiredService<SqliteTranslationQueue>());
        return services;
    }

    private static void Replace<TService>(IServiceCollection services, Func<IServiceProvider, TService> factory)
        where TService : class
    {
        services.RemoveAll<TService>();
        services.AddSingleton(factory);
    }
}
