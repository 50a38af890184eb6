// FeedRelay in Azure: one resource group with a Flex Consumption function app (the Azure Functions isolated worker
// on runtime dotnet-isolated 10.0), its storage, monitoring, an optional Translator, and the storage account's
// Event Grid system topic. No keys anywhere: the app runs as a user-assigned identity holding narrowly scoped
// roles. `azd up` deploys it (azure.yaml);
// the BlobCreated subscription is the second stage, infra/eventgrid.bicep, run by infra/hooks/postdeploy.sh.
targetScope = 'subscription'

@description('Name of the azd environment; names the resource group and seeds the unique resource names.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Azure region of every resource; it must offer Flex Consumption (e.g. westeurope, eastus, uksouth).')
@metadata({ azd: { type: 'location' } })
param location string

@description('Object id of the person or pipeline deploying: gets Storage Blob Data Contributor to upload seeds. Empty for none.')
param principalId string = ''

@description('Kind of principal principalId is.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@description('Deploy an Azure AI Translator account and turn on translation to English.')
param enableTranslator bool = true

@description('Translator pricing tier: S1 pay-as-you-go, F0 free (one per subscription).')
@allowed([
  'F0'
  'S1'
])
param translatorSku string = 'S1'

@description('Most characters sent to the Translator per UTC day (billed on S1); beyond it articles are translated in part, then not, until midnight. 0 means no limit.')
@minValue(0)
param translationDailyCharacterBudget int = 2000000

@description('Most instances the function app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory of each function app instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var serviceName = 'feedrelay'
var seedsContainerName = 'seeds'
// Event Grid's undelivered seed events; the ReplayDeadLetteredSeeds timer ingests their seeds.
var seedsDeadLetterContainerName = 'seeds-deadletter'
var deploymentContainerName = 'deployment'
var functionAppName = 'func-feedrelay-${resourceToken}'
// Names are known before deployment (not taken from module outputs) so What-If can predict every resource.
var identityName = 'id-feedrelay-${resourceToken}'
var storageAccountName = 'stfeed${resourceToken}'
var applicationInsightsName = 'appi-feedrelay-${resourceToken}'
var translatorName = 'tr-feedrelay-${resourceToken}'

resource resourceGroup 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: resourceGroup
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: resourceGroup
  params: {
    name: storageAccountName
    location: location
    tags: tags
    containerNames: [
      seedsContainerName
      seedsDeadLetterContainerName
      'articles'
      'quarantine'
      'feeds'
      deploymentContainerName
    ]
    // translate: TranslateArticle's trigger (its poison queue is TranslateArticlePoison's trigger); webjobs-blobtrigger-poison:
    // where the blob trigger puts a seed after poisonBlobThreshold failures, QuarantinePoisonSeed's trigger; feed-rebuilds:
    // RebuildFeeds' trigger (its poison queue is RebuildFeedsPoison's trigger). Each with its own poison queue.
    queueNames: [
      'translate'
      'translate-poison'
      'translate-poison-poison'
      'webjobs-blobtrigger-poison'
      'webjobs-blobtrigger-poison-poison'
      'feed-rebuilds'
      'feed-rebuilds-poison'
      'feed-rebuilds-poison-poison'
    ]
    tableNames: [
      'articleindex'
      'translationcache'
    ]
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: resourceGroup
  params: {
    logAnalyticsName: 'log-feedrelay-${resourceToken}'
    applicationInsightsName: applicationInsightsName
    location: location
    tags: tags
  }
}

module translator 'app/translator.bicep' = if (enableTranslator) {
  name: 'translator'
  scope: resourceGroup
  params: {
    name: translatorName
    location: location
    tags: tags
    sku: translatorSku
  }
}

module roles 'app/roles.bicep' = {
  name: 'roles'
  scope: resourceGroup
  params: {
    storageAccountName: storageAccountName
    applicationInsightsName: applicationInsightsName
    translatorName: enableTranslator ? translatorName : ''
    appIdentityName: identityName
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
  }
  dependsOn: [
    identity
    storage
    monitoring
    translator
  ]
}

module functionApp 'app/function-app.bicep' = {
  name: 'function-app'
  scope: resourceGroup
  params: {
    name: functionAppName
    planName: 'plan-feedrelay-${resourceToken}'
    location: location
    tags: tags
    serviceName: serviceName
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    translatorEndpoint: enableTranslator ? translator!.outputs.endpoint : ''
    translationDailyCharacterBudget: translationDailyCharacterBudget
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
  // The host starts as soon as the app exists; its storage roles must be in place by then.
  dependsOn: [
    roles
  ]
}

module eventTopic 'app/event-topic.bicep' = {
  name: 'event-topic'
  scope: resourceGroup
  params: {
    name: 'evgt-feedrelay-${resourceToken}'
    location: location
    tags: tags
    storageAccountName: storageAccountName
    deadLetterContainerName: seedsDeadLetterContainerName
  }
  dependsOn: [
    storage
  ]
}

// azd stores these in the environment (.azure/<env>/.env) and passes them to the hooks.
@description('Azure region.')
output AZURE_LOCATION string = location

@description('Entra tenant of the deployment.')
output AZURE_TENANT_ID string = tenant().tenantId

@description('Resource group holding everything.')
output AZURE_RESOURCE_GROUP string = resourceGroup.name

@description('Name of the function app.')
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name

@description('Storage account to upload seeds to.')
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name

@description('Blob container seeds are uploaded to.')
output SEEDS_CONTAINER_NAME string = seedsContainerName

@description('Event Grid system topic the postdeploy hook subscribes the blob trigger to.')
output EVENT_GRID_SYSTEM_TOPIC_NAME string = eventTopic.outputs.name

@description('Base URL of the app.')
output FEEDRELAY_URL string = 'https://${functionApp.outputs.defaultHostName}/'

@description('Every source merged, RSS 2.0.')
output FEED_URL_RSS string = 'https://${functionApp.outputs.defaultHostName}/api/feeds/all.rss'

@description('Every source merged, Atom 1.0.')
output FEED_URL_ATOM string = 'https://${functionApp.outputs.defaultHostName}/api/feeds/all.atom'
