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

resource storage 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

@description('Name of the system topic.')
output name string = topic.name
