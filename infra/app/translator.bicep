// Azure AI Translator with a custom subdomain, so the app can call it with an Entra token (keys are disabled).

@description('Name of the Translator account; also its custom subdomain.')
param name string

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags resourceInput<'Microsoft.CognitiveServices/accounts@2026-07-01'>.tags

@description('Pricing tier: S1 is pay-as-you-go per character, F0 is free (2M characters a month, one per subscription).')
@allowed([
  'F0'
  'S1'
])
param sku string = 'S1'

resource translator 'Microsoft.CognitiveServices/accounts@2026-07-01' = {
  name: name
  location: location
  tags: tags
  kind: 'TextTranslation'
  sku: {
    name: sku
  }
  properties: {
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

@description('Name of the Translator account.')
output name string = translator.name

@description('The custom-subdomain endpoint; Entra token auth works only on it, not on the global endpoint.')
output endpoint string = 'https://${translator.properties.customSubDomainName}.cognitiveservices.azure.com/'
