#!/usr/bin/env bash
# Builds the deployable Azure Functions app (custom handler, linux-x64):
#   artifacts/app/           host.json, one folder per function (function.json), the self-contained
#                            ReadyToRun executable `FeedRelay` and its files
#   artifacts/feedrelay.zip  the same folder zipped with the executable's run bit kept (for zip deploy / azd)
# Usage: bash build/publish.sh [output-folder]   (default: artifacts)
set -euo pipefail
cd "$(dirname "$0")/.."

artifacts="${1:-artifacts}"
app="$artifacts/app"
zip_file="$artifacts/feedrelay.zip"
rm -rf "$app" "$zip_file"
mkdir -p "$app"

# Self-contained: the Functions `custom` runtime image need not have the .NET runtime.
dotnet publish src/FeedRelay.Functions/FeedRelay.Functions.csproj \
  --configuration Release --runtime linux-x64 --self-contained true \
  -p:PublishReadyToRun=true -p:DebugType=embedded \
  --output "$app" --nologo

cp host.json "$app/"
for function in functions/*/; do
  cp -r "$function" "$app/"
done
rm -f "$app"/*.xml
chmod +x "$app/FeedRelay"

# zip with Unix modes (Python is used so that no `zip` package is needed).
python3 - "$app" "$zip_file" <<'PY'
import os, sys, zipfile
root, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
    for folder, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            path = os.path.join(folder, name)
            info = zipfile.ZipInfo.from_file(path, os.path.relpath(path, root))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so that the mode bits are honoured.
            with open(path, "rb") as source:
                archive.writestr(info, source.read())
PY
echo "Published $app and $zip_file"
