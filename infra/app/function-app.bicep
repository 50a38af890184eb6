// The Flex Consumption (FC1) plan and the Linux function app running FeedRelay's Azure Functions isolated worker
// (src/FeedRelay.Functions, published by build/publish.sh for linux-x64, framework-dependent, ReadyToRun) on the
// platform's dotnet-isolated 10.0 runtime. Flex takes the stack from functionAppConfig.runtime, so none of the
// app settings other plans use for it (FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_EXTENSION_VERSION, linuxFxVersion,
// WEBSITE_RUN_FROM_PACKAGE) appear here; Flex rejects or ignores them.
// Every connection is identity-based: the app settings hold endpoints and a client id, never a key.

@description('Name of the function app (also its azurewebsites.net host name).')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region (must offer Flex Consumption).')
param location string

@description('Tags for every resource.')
param tags resourceInput<'Microsoft.Web/sites@2025-03-01'>.tags

@description('azd service name in azure.yaml; azd finds the app to deploy to by this tag.')
param serviceName string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity.')
param identityClientId string

@description('Blob endpoint of the storage account, ending with a slash.')
param blobEndpoint string

@description('Queue endpoint of the storage account, ending with a slash.')
param queueEndpoint string

@description('Table endpoint of the storage account, ending with a slash.')
param tableEndpoint string

@description('Blob container holding the deployment package.')
param deploymentContainerName string

@description('Application Insights connection string (ingestion endpoint and instrumentation key).')
param applicationInsightsConnectionString string

@description('Translator custom-subdomain endpoint; empty when Translator is not deployed.')
param translatorEndpoint string = ''

@description('Most characters sent to the Translator per UTC day; 0 means no limit.')
@minValue(0)
param translationDailyCharacterBudget int

@description('Most instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory of each instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      // .NET 10 isolated worker (the TargetFramework net10.0 of Directory.Build.props); supported to Nov 2028.
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  // Written out in full (no union of variables) so the compiled template shows every setting to reviewers and tests.
  resource appSettings 'config' = {
    name: 'appsettings'
    properties: {
      // Host storage, by identity: the host's function keys, blob trigger receipts and locks, the queues of TranslateArticle and
      // QuarantinePoisonSeed and the blob trigger's poison queue. Every trigger names Connection = "AzureWebJobsStorage".
      AzureWebJobsStorage__blobServiceUri: blobEndpoint
      AzureWebJobsStorage__queueServiceUri: queueEndpoint
      AzureWebJobsStorage__tableServiceUri: tableEndpoint
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
      // FeedRelay's own stores.
      FeedRelay__Storage__BlobServiceUri: blobEndpoint
      FeedRelay__Storage__QueueServiceUri: queueEndpoint
      FeedRelay__Storage__TableServiceUri: tableEndpoint
      FeedRelay__Storage__ClientId: identityClientId
      // ManagedIdentityCredential with the client id above, not the DefaultAzureCredential chain.
      FeedRelay__Storage__Credential: 'managedidentity'
      // DefaultAzureCredential and ManagedIdentityCredential pick the user-assigned identity from this.
      AZURE_CLIENT_ID: identityClientId
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
      // An empty endpoint leaves translation off.
      FeedRelay__Translation__Endpoint: translatorEndpoint
      FeedRelay__Translation__UseManagedIdentity: empty(translatorEndpoint) ? 'false' : 'true'
      // What a day may cost: without it, an upload of a whole archive would be translated (and billed) at once.
      FeedRelay__Translation__DailyCharacterBudget: string(translationDailyCharacterBudget)
      // Seeds arrive through the blob trigger in Azure, so no folder is watched.
      FeedRelay__SeedsPath: ''
      FeedRelay__PublicBaseUrl: 'https://${app.properties.defaultHostName}/'
    }
  }

  // No basic-auth (user/password) publishing: azd and az deploy with Entra tokens.
  resource ftpCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scmCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }
}

@description('Name of the function app.')
output name string = app.name

@description('Default host name, e.g. func-feedrelay-xyz.azurewebsites.net.')
output defaultHostName string = app.properties.defaultHostName
