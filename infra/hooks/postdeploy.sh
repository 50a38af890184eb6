#!/usr/bin/env bash
# azd postdeploy hook, the second deployment stage: once the app runs, read the host's blobs_extension key and
# deploy infra/eventgrid.bicep, which subscribes the blob trigger's webhook to BlobCreated events of the seeds
# container. Safe to re-run (the deployment is idempotent). Needs the Azure CLI, signed in (`az login`).
# Inputs are azd environment values (outputs of infra/main.bicep); run it by hand after `azd env get-values`.
set -euo pipefail

: "${AZURE_RESOURCE_GROUP:?set by azd from main.bicep outputs}"
: "${AZURE_FUNCTION_APP_NAME:?set by azd from main.bicep outputs}"
: "${EVENT_GRID_SYSTEM_TOPIC_NAME:?set by azd from main.bicep outputs}"
seeds_container="${SEEDS_CONTAINER_NAME:-seeds}"
app_url="${FEEDRELAY_URL:-https://${AZURE_FUNCTION_APP_NAME}.azurewebsites.net/}"
attempts="${FEEDRELAY_KEY_WAIT_ATTEMPTS:-30}"
delay_seconds="${FEEDRELAY_KEY_WAIT_SECONDS:-10}"
template="$(cd "$(dirname "$0")/.." && pwd)/eventgrid.bicep"

if ! command -v az >/dev/null 2>&1; then
  echo "postdeploy: the Azure CLI (az) is required; see 'Deploy to Azure' in README.md" >&2
  exit 1
fi

# The key appears only after the host has started and indexed the blob trigger; a request starts the host.
key=""
for ((attempt = 1; attempt <= attempts; attempt++)); do
  key="$(az functionapp keys list --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" \
    --query "systemKeys.blobs_extension" --output tsv 2>/dev/null || true)"
  [ -n "$key" ] && break
  echo "postdeploy: waiting for the blobs_extension key of $AZURE_FUNCTION_APP_NAME ($attempt/$attempts)"
  if command -v curl >/dev/null 2>&1; then
    curl --silent --output /dev/null --max-time 30 "${app_url}api/health" || true
  fi
  sleep "$delay_seconds"
done
if [ -z "$key" ]; then
  echo "postdeploy: no blobs_extension key after $attempts attempts; is the app running? Re-run: bash infra/hooks/postdeploy.sh" >&2
  exit 1
fi
# Function keys are URL-safe base64; anything else would break the webhook URL and the JSON below.
if ! [[ "$key" =~ ^[A-Za-z0-9_=-]+$ ]]; then
  echo "postdeploy: unexpected characters in the blobs_extension key" >&2
  exit 1
fi

# The key goes through a private file, not the command line, so it never shows in the process list.
params="$(mktemp)"
trap 'rm -f "$params"' EXIT
chmod 600 "$params"
cat >"$params" <<JSON
{
  "\$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "systemTopicName": { "value": "$EVENT_GRID_SYSTEM_TOPIC_NAME" },
    "functionAppName": { "value": "$AZURE_FUNCTION_APP_NAME" },
    "seedsContainerName": { "value": "$seeds_container" },
    "blobsExtensionKey": { "value": "$key" }
  }
}
JSON

az deployment group create --resource-group "$AZURE_RESOURCE_GROUP" --name feedrelay-eventgrid \
  --template-file "$template" --parameters "@$params" --output none
echo "postdeploy: seeds uploaded to container '$seeds_container' now reach $AZURE_FUNCTION_APP_NAME through Event Grid"

echo
echo "FeedRelay feeds:"
echo "  RSS  ${FEED_URL_RSS:-${app_url}api/feeds/all.rss}"
echo "  Atom ${FEED_URL_ATOM:-${app_url}api/feeds/all.atom}"
echo "Upload a seed:"
echo "  az storage blob upload --auth-mode login --account-name ${AZURE_STORAGE_ACCOUNT_NAME:-<storage account>} --container-name $seeds_container --file <seed.txt> --name <seed.txt>"
