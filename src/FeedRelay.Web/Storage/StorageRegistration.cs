using FeedRelay.Storage;
using FeedRelay.Storage.Azure;
using Microsoft.Extensions.Options;

namespace FeedRelay.Web.Storage;

/// <summary>Which storage backend the app uses (<c>FeedRelay:Storage:Kind</c>).</summary>
public enum StorageKind
{
    /// <summary>Azure Storage when an account is configured (own settings or the <c>AzureWebJobsStorage</c> ones), else the file store.</summary>
    Auto,

    /// <summary>The embedded file store under <c>FeedRelay:DataPath</c>.</summary>
    File,

    /// <summary>Azure Blob, Queue and Table storage; startup fails when no account is configured.</summary>
    Azure,
}

/// <summary>Registers the article store, quarantine and translation storage of the selected backend.</summary>
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

        // Also with Azure: the local translation defaults (file queue) are registered regardless, and Development's
        // ValidateOnBuild must be able to construct them.
        services.AddSingleton(sp => new FileStoreOptions { DataPath = sp.GetRequiredService<IOptions<FeedRelayOptions>>().Value.DataPath });
        if (kind == StorageKind.Azure || (kind == StorageKind.Auto && azure.IsConfigured))
        {
            services.AddAzureStorage(azure);
            services.AddSingleton(new StorageSelection(StorageKind.Azure, azure.ConnectionString is not null ? "connection string" : azure.BlobServiceUri!.Host));
        }
        else
        {
            services.AddSingleton<FileArticleStore>();
            services.AddSingleton<IArticleStore>(sp => sp.GetRequiredService<FileArticleStore>());
            services.AddSingleton<IQuarantine, FileQuarantine>();
            services.AddSingleton(new StorageSelection(StorageKind.File, "data folder"));
        }

        return builder;
    }
}

/// <summary>The backend chosen at startup and where it points (never a secret).</summary>
public sealed record StorageSelection(StorageKind Kind, string Location);
