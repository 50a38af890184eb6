// The Event Grid system topic of the storage account. Its BlobCreated subscription to the function's blobs
// webhook is the second stage (infra/eventgrid.bicep): the webhook key exists only once the app has started.

@description('Name of the system topic.')
param name string

@description('Azure region (that of the storage account).')
param location string

@description('Tags for every resource.')
param tags resourceInput<'Microsoft.EventGrid/systemTopics@2025-02-15'>.tags

@description('Name of the storage account whose events the topic publishes.')
param storageAccountName string

@description('Container (in that account) where the topic\'s subscriptions put the events they could not deliver.')
param deadLetterContainerName string

resource storage 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource deadLetters 'containers' existing = {
      name: deadLetterContainerName
    }
  }
}

// A system-assigned identity: the subscription writes its dead letters with it (the account takes no shared keys).
resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

// Storage Blob Data Contributor on the dead-letter container only.
resource deadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage::blobService::deadLetters.id, topic.id, 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
  scope: storage::blobService::deadLetters
  properties: {
    principalId: topic.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
  }
}

@description('Name of the system topic.')
output name string = topic.name
