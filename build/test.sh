#!/usr/bin/env bash
# Runs every FeedRelay test on a fresh Debian machine with the .NET 10 SDK and Node.js:
# installs what the tests use (Debian packages, npm packages, NuGet tools), then `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")/.."

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages used by the tests as independent, real peers.
apt_packages=(python3-feedparser newsboat jing sqlite3 chromium)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

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

dotnet test FeedRelay.sln --configuration Release "$@"
