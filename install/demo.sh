#!/usr/bin/env bash
# The main job on a fresh machine: set everything up, start the reference
# registry (a fictional municipality's diarium) on loopback, and run the three
# actions on case 2024SOCN33 through the committee-report host as the DMS
# would: create the draft, (an official edits it), finalise it, attach it to
# the agenda of the committee meeting on 2024-06-19.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${COMMITTEE_REPORT_BUILD_DIR:-$root/build}"
bash "$root/install/setup.sh"

work="$build/demo"
rm -rf "$work"
mkdir -p "$work"
registry="$build/tests/reference-registry/reference-registry"
"$registry" seed --db "$work/registry.db" >/dev/null
"$registry" serve --db "$work/registry.db" --port 0 >"$work/registry.out" 2>"$work/registry.log" &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  [ -s "$work/registry.out" ] && break
  sleep 0.1
done
url="$(head -n 1 "$work/registry.out")"
[ -n "$url" ] || { echo "demo: the reference registry did not start:" >&2; cat "$work/registry.log" >&2; exit 1; }

# The administrator's configuration: the build tree's, pointed at this registry,
# with the token in a file only the service user can read.
umask 077
printf '%s\n' ekbacka-demo-write >"$work/registry.token"
sed -e "s#<base-url>[^<]*</base-url>#<base-url>$url</base-url>#" \
    -e "s#<token-environment>[^<]*</token-environment>#<token-file>$work/registry.token</token-file>#" \
    "$build/committee-report.xml" >"$work/committee-report.xml"
umask 022

host=("$build/plugin/cli/committee-report" --config "$work/committee-report.xml" --user demo-handlaggare)
out="$work/out"
echo "== Diariet (referensregistret) körs på $url"
echo "== 1. Skapa tjänsteskrivelse"
"${host[@]}" --role handlaggare run skapa-tjansteskrivelse --case 2024SOCN33 --param datum=2024-05-20 --out "$out"
echo "== Handläggaren redigerar utkastet (skriptad redigering) och checkar in det"
"$build/tests/tools/simulate-official-edit" --config "$work/committee-report.xml" --case 2024SOCN33
echo "== 2. Fastställ tjänsteskrivelse"
"${host[@]}" --role handlaggare run faststall-tjansteskrivelse --case 2024SOCN33 --out "$out"
echo "== 3. Bifoga till dagordning"
"$build/plugin/cli/committee-report" --config "$work/committee-report.xml" --user demo-sekreterare --role sekreterare \
  run bifoga-till-dagordning --case 2024SOCN33 --param meeting-date=2024-06-19
echo
echo "Klart."
echo "  Fastställd tjänsteskrivelse (PDF/A): $out/2024SOCN33-tjansteskrivelse.pdf"
echo "  Redigerbar version (ODT):            $out/2024SOCN33-tjansteskrivelse.odt"
echo "  Beräknade uppgifter (report.json):   $out/2024SOCN33-tjansteskrivelse.report.json"
echo "  Granskningslogg:                     $build/log/audit.jsonl"
