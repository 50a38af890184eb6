#!/usr/bin/env bash
# Runs every FeedRelay test on a fresh Debian machine with the .NET 10 SDK and Node.js:
# installs what the tests use (Debian packages, npm packages, NuGet tools), then `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=build/apt.sh
source build/apt.sh

# Debian packages used by the tests as independent, real peers.
ensure_apt python3-feedparser newsboat jing sqlite3 chromium tzdata

# npm: @extractus/feed-extractor, an independent JSON Feed parser for the feed tests (pinned by its package-lock.json).
if [ ! -d tests/tools/feed-extractor/node_modules/@extractus/feed-extractor ]; then
  npm ci --prefix tests/tools/feed-extractor --no-audit --no-fund
fi

# Azurite (Azure Storage emulator) for the Azure storage and Functions tests, pinned, in the gitignored .tools folder.
# The tests start it themselves (loopback, OS-chosen ports, in memory) and would install it too; doing it here keeps
# npm's output out of the test run.
azurite_version=3.37.0
azurite_package=.tools/azurite/node_modules/azurite/package.json
if ! grep -qs "\"version\": \"$azurite_version\"" "$azurite_package"; then
  echo "Installing azurite@$azurite_version into .tools/azurite"
  npm install --prefix .tools/azurite --no-audit --no-fund --loglevel=error "azurite@$azurite_version"
fi

# One build of the whole solution, then the tests without building: `dotnet test` alone builds the test projects in
# parallel invocations, and two of them building a shared project at once can race on its output (seen once in a fresh
# clone: MSB3030, "Could not copy .../FeedRelay.Core.pdb because it was not found", and the Web tests did not run).
dotnet build FeedRelay.sln --configuration Release
# Outside UTC (with daylight saving), so that a date read in the machine's own zone instead of the one its source wrote
# fails the tests instead of passing by luck on a UTC machine (SeedDatesTests).
TZ="${FEEDRELAY_TEST_TZ:-America/New_York}" dotnet test FeedRelay.sln --configuration Release --no-build "$@"
