using FeedRelay.Storage.Azure;
using FeedRelay.Storage.Sqlite;
using FeedRelay.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using FeedRelay.Web.Operations;

namespace FeedRelay.Web.Storage;

/// <summary>Registers the article store, quarantine, translation storage and seeds ledger of the selected backend.</summary>
public static class StorageRegistration
{
    /// <summary>Configuration key of the backend choice.</summary>
    public const string KindKey = "FeedRelay:Storage:Kind";

    /// <summary>Registers the storage services of the selected backend and a <see cref="StorageSelection"/> naming it.</summary>
    public static IHostApplicationBuilder AddFeedRelayStorage(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var azure = AzureStorageSettings.Resolve(builder.Configuration);
        var kind = builder.Configuration.GetValue(KindKey, StorageKind.Auto);
        if (kind == StorageKind.Azure && !azure.IsConfigured)
        {
            throw new InvalidOperationException(
                "FeedRelay:Storage:Kind is Azure but no storage account is configured: set FeedRelay__Storage__ConnectionString, " +
                "FeedRelay__Storage__BlobServiceUri, AzureWebJobsStorage or AzureWebJobsStorage__blobServiceUri.");
        }

        // The seeds ledger is the state of a local folder, so it always lives in the local database, whatever holds the articles.
        var sqlite = builder.Configuration.GetSection("FeedRelay:Sqlite");
        services.AddSqliteStorage(o =>
        {
            sqlite.Bind(o);
            o.DataPath = builder.Configuration["FeedRelay:DataPath"] is { Length: > 0 } data ? data : ".data";
        });
        if (kind == StorageKind.Azure || (kind == StorageKind.Auto && azure.IsConfigured))
        {
            services.AddAzureStorage(azure);
            services.AddSingleton<IHealthProbe, BacklogHealthProbe>();

            // Translation work then flows through the Azure queue and its trigger, not a local worker.
            services.RemoveAll<ITranslationWorkQueue>();
            services.AddSingleton(new StorageSelection(StorageKind.Azure, azure.ConnectionString is not null ? "connection string" : azure.BlobServiceUri!.Host));
        }
        else
        {
            services.AddSingleton(sp => new StorageSelection(StorageKind.Sqlite,
                Path.GetFullPath(Path.Combine(sp.GetRequiredService<IOptions<SqliteStorageOptions>>().Value.DataPath, SqliteStorageOptions.FileName))));
        }

        return builder;
    }
}
