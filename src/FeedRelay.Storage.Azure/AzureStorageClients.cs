using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace FeedRelay.Storage.Azure;

/// <summary>The three service clients of one storage account, built once from <see cref="AzureStorageOptions"/>.</summary>
public sealed class AzureStorageClients
{
    /// <summary>Builds the clients; throws <see cref="InvalidOperationException"/> when the options name no account.</summary>
    public AzureStorageClients(AzureStorageOptions options)
        : this(options, null)
    {
    }

    /// <summary>As the public constructor, with <paramref name="perRetry"/> in every client's pipeline (for tests: a transport fault).</summary>
    internal AzureStorageClients(AzureStorageOptions options, HttpPipelinePolicy? perRetry)
    {
        Options = options;
        var blobOptions = new BlobClientOptions();
        // The Functions queue trigger expects base64 message bodies.
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var tableOptions = new TableClientOptions();
        foreach (var clientOptions in new ClientOptions[] { blobOptions, queueOptions, tableOptions })
        {
            // Fail fast enough that the Functions host's own retry (not ours) decides what happens next.
            clientOptions.Retry.MaxRetries = 2;
            clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(200);
            clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
            clientOptions.AddPolicy(Requests, HttpPipelinePosition.PerRetry);
            if (perRetry is not null)
            {
                clientOptions.AddPolicy(perRetry, HttpPipelinePosition.PerRetry);
            }
        }

        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            Blobs = new BlobServiceClient(options.ConnectionString, blobOptions);
            Queues = new QueueServiceClient(options.ConnectionString, queueOptions);
            Tables = new TableServiceClient(options.ConnectionString, tableOptions);
            return;
        }

        if (options.BlobServiceUri is null)
        {
            throw new InvalidOperationException("Azure storage needs FeedRelay:Storage:ConnectionString or FeedRelay:Storage:BlobServiceUri.");
        }

        var credential = CreateCredential(options);
        Blobs = new BlobServiceClient(options.BlobServiceUri, credential, blobOptions);
        Queues = new QueueServiceClient(options.QueueServiceUri ?? SiblingEndpoint(options.BlobServiceUri, "queue"), credential, queueOptions);
        Tables = new TableServiceClient(options.TableServiceUri ?? SiblingEndpoint(options.BlobServiceUri, "table"), credential, tableOptions);
    }

    /// <summary>Counts every request the three clients send.</summary>
    public RequestCounter Requests { get; } = new();

    /// <summary>The options the clients were built from.</summary>
    public AzureStorageOptions Options { get; }

    /// <summary>Blob service of the account.</summary>
    public BlobServiceClient Blobs { get; }

    /// <summary>Queue service of the account (base64 message encoding).</summary>
    public QueueServiceClient Queues { get; }

    /// <summary>Table service of the account.</summary>
    public TableServiceClient Tables { get; }

    private static TokenCredential CreateCredential(AzureStorageOptions options)
    {
        if (string.Equals(options.Credential, "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            return string.IsNullOrWhiteSpace(options.ClientId)
                ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ClientId));
        }

        return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ClientId });
    }

    /// <summary><c>https://acct.blob.core.windows.net</c> → <c>https://acct.queue.core.windows.net</c>.</summary>
    private static Uri SiblingEndpoint(Uri blobEndpoint, string service)
    {
        var host = blobEndpoint.Host;
        var dot = host.IndexOf(".blob.", StringComparison.OrdinalIgnoreCase);
        if (dot < 0)
        {
            throw new InvalidOperationException($"Cannot derive the {service} endpoint from {blobEndpoint}; set FeedRelay:Storage:{(service == "queue" ? "Queue" : "Table")}ServiceUri.");
        }

        return new UriBuilder(blobEndpoint) { Host = host[..dot] + "." + service + "." + host[(dot + 6)..] }.Uri;
    }
}
