// Second stage, after the app is deployed and running (run by infra/hooks/postdeploy.sh): subscribes the
// blob trigger's webhook to BlobCreated events of the seeds container. It is separate from main.bicep because
// the webhook's key (the host's blobs_extension system key) exists only once the host has started.
// The endpoint is the Functions host's blob extension webhook, the same for the isolated worker as for any other
// stack: /runtime/webhooks/blobs?functionName=Host.Functions.<function name>&code=<blobs_extension key>.
targetScope = 'resourceGroup'

@description('Name of the storage account\'s Event Grid system topic (main.bicep output EVENT_GRID_SYSTEM_TOPIC_NAME).')
param systemTopicName string

@description('Name of the function app (main.bicep output AZURE_FUNCTION_APP_NAME).')
param functionAppName string

@description('The host\'s blobs_extension system key: `az functionapp keys list --query systemKeys.blobs_extension`.')
@secure()
param blobsExtensionKey string

@description('Container whose new blobs are seeds.')
param seedsContainerName string = 'seeds'

@description('Name of the Event Grid-source blob-triggered function in the isolated worker (NormaliseSeedFunction.Name).')
param functionName string = 'NormaliseSeed'

@description('Container (in the topic\'s storage account) for events that could not be delivered; the ReplayDeadLetteredSeeds timer reads it.')
param deadLetterContainerName string = 'seeds-deadletter'

resource app 'Microsoft.Web/sites@2025-03-01' existing = {
  name: functionAppName
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource seedsCreated 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: topic
  name: 'seeds-blob-created'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${app.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${functionName}&code=${blobsExtensionKey}'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/${seedsContainerName}/'
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
    // An event not delivered after its retries (or refused at once: a 401 after the webhook key was rotated) is written
    // here instead of being dropped, with the topic's own identity (app/event-topic.bicep grants it the container).
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: topic.properties.source
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
}

@description('Name of the event subscription.')
output subscriptionName string = seedsCreated.name
