#!/usr/bin/env bash
# Builds the deployable Azure Functions app (isolated worker, dotnet-isolated 10.0, linux-x64, ReadyToRun):
#   artifacts/app/           host.json, functions.metadata, worker.config.json, extensions.json and the worker's files
#   artifacts/feedrelay.zip  the same folder zipped (for zip deploy / azd; Flex Consumption runs it as-is)
# Usage: bash build/publish.sh [output-folder]   (default: artifacts)
set -euo pipefail
cd "$(dirname "$0")/.."

artifacts="${1:-artifacts}"
app="$artifacts/app"
zip_file="$artifacts/feedrelay.zip"
rm -rf "$app" "$zip_file"
mkdir -p "$app"

# Framework-dependent on the dotnet-isolated 10.0 runtime the platform provides; ReadyToRun for a faster cold start.
dotnet publish src/FeedRelay.Functions/FeedRelay.Functions.csproj \
  --configuration Release --runtime linux-x64 --self-contained false \
  -p:PublishReadyToRun=true -p:DebugType=embedded \
  --output "$app" --nologo
rm -f "$app"/*.xml

python3 - "$app" "$zip_file" <<'PY'
import os, sys, zipfile
root, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
    for folder, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            path = os.path.join(folder, name)
            archive.write(path, os.path.relpath(path, root))
PY
echo "Published $app and $zip_file"
