#!/usr/bin/env bash
# Install the Debian packages the portal needs, only those missing (safe to run twice).
#   run:  WeasyPrint's Pango/HarfBuzz, gettext for the translations
#   test: also Chromium (browser tests), poppler-utils (pdftotext, used by PDF tests) and libzbar0
#         (the QR decoder the satisfaction tests read posters with)
set -euo pipefail
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libthai0 gettext)
if [ "${1:-run}" = "test" ]; then
  packages+=(chromium poppler-utils libzbar0)
fi
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing system packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
