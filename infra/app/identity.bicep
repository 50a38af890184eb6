// The user-assigned identity FeedRelay runs as: storage, monitoring and Translator trust it, so no keys exist.

@description('Name of the managed identity.')
param name string

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags resourceInput<'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30'>.tags

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id of the identity.')
output id string = identity.id

@description('Client (application) id, used by the app to pick this identity.')
output clientId string = identity.properties.clientId

@description('Object (principal) id, the subject of role assignments.')
output principalId string = identity.properties.principalId
