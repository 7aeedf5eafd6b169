#!/usr/bin/env bash
# Package test: builds the .deb with CPack, installs it into a scratch root,
# and runs `committee-report doctor` from there against the reference registry.
# Usage: install/test-package.sh BUILD_DIR
set -euo pipefail
build="$(cd "$1" && pwd)"
scratch="$(mktemp -d -t committee-report-package.XXXXXX)"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT

(cd "$build" && cpack -G DEB -B "$scratch/package" >"$scratch/cpack.log" 2>&1) || { cat "$scratch/cpack.log"; exit 1; }
deb="$(ls "$scratch"/package/committee-report_*.deb)"
echo "built $(basename "$deb") ($(du -h "$deb" | cut -f1))"

info="$(dpkg-deb -I "$deb")"
for dependency in libreoffice-writer-nogui libpocofoundation80 libxml2 libsimdjson14 fonts-liberation2; do
  grep -q "Depends:.*$dependency" <<<"$info" || { echo "FAIL: the package does not depend on $dependency"; exit 1; }
done
dpkg-deb --ctrl-tarfile "$deb" | tar -t | grep -q conffiles || { echo "FAIL: no conffiles"; exit 1; }
listing="$(dpkg-deb -c "$deb")"
grep -q -- "-rw-r----- .*\./etc/committee-report/committee-report.xml" <<<"$listing" \
  || { echo "FAIL: the configuration is readable by others"; exit 1; }
for file in usr/bin/committee-report usr/share/committee-report/templates/hot-och-desinformation/tjansteskrivelse.fott \
            usr/share/committee-report/schemas/configuration.xsd usr/share/committee-report/committee-report-plugin.xml \
            usr/include/committee_report/plugin_api.h; do
  grep -q "\./$file\$" <<<"$listing" || { echo "FAIL: $file is not in the package"; exit 1; }
done

root="$scratch/root"
dpkg-deb -x "$deb" "$root"
plugin="$(find "$root/usr/lib" -name committee-report-plugin.so)"

"$build/tests/reference-registry/reference-registry" seed --db "$scratch/registry.db" >/dev/null
"$build/tests/reference-registry/reference-registry" serve --db "$scratch/registry.db" --port 0 >"$scratch/registry.out" 2>/dev/null &
server=$!
for _ in $(seq 100); do [ -s "$scratch/registry.out" ] && break; sleep 0.1; done
url="$(head -n 1 "$scratch/registry.out")"
umask 077
printf 'ekbacka-demo-write\n' >"$scratch/registry.token"
# The installed example configuration, with its absolute paths moved into the scratch root.
sed -e "s#/usr/share/committee-report#$root/usr/share/committee-report#" \
    -e "s#/var/#$scratch/var/#g" \
    -e "s#<base-url>[^<]*</base-url>#<base-url>$url</base-url>#" \
    -e "s#<token-file>[^<]*</token-file>#<token-file>$scratch/registry.token</token-file>#" \
    -e "s#<templates>#<plugin>$plugin</plugin>\n  <templates>#" \
    "$root/etc/committee-report/committee-report.xml" >"$scratch/committee-report.xml"
if "$root/usr/bin/committee-report" --config "$scratch/committee-report.xml" doctor >"$scratch/doctor.log" 2>&1; then
  cat "$scratch/doctor.log"
else
  cat "$scratch/doctor.log"
  echo "FAIL: doctor did not pass on the installed package"
  exit 1
fi
