#!/usr/bin/env bash
# The main job on a fresh machine: set everything up, then generate a document
# end to end through the committee-report host and say where it is.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${COMMITTEE_REPORT_BUILD_DIR:-$root/build}"
bash "$root/install/setup.sh"

host=("$build/plugin/cli/committee-report" --config "$build/committee-report.xml")
out="$build/out/demo"
"${host[@]}" run provutskrift --case 2024SOCN33 --out "$out"
echo
echo "Klart. Öppna PDF/A-filen: $out/2024SOCN33-provutskrift.pdf"
echo "         och ODT-utkastet: $out/2024SOCN33-provutskrift.odt"
