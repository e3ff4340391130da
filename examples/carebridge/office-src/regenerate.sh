#!/usr/bin/env bash
# Regenerates the example's Word brochure and PowerPoint detail aid from these flat-ODF
# sources with LibreOffice (apt-get install -y libreoffice-writer libreoffice-impress).
# The outputs are committed, so nothing else needs LibreOffice.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
convert() { # FORMAT SOURCE OUTDIR
  soffice -env:UserInstallation="file://$tmp/profile" --headless --convert-to "$1" --outdir "$3" "$2" >/dev/null
}
convert docx brochure.fodt ../copy/dtc
convert pptx detail-aid-deck.fodp ../copy/hcp
