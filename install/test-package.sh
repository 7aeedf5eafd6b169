#!/usr/bin/env bash
# Package test: an administrator's day with the Debian package, for real.
#
# Builds the .deb with CPack, checks it (stripped, dependencies computed, conffiles,
# lintian without errors), installs it with apt-get, configures it as README's
# administrator section says, then runs — as the service user committee-report, in a
# clean login environment, with the whole file system read-only except the service
# user's own folders (/var/lib/committee-report, /var/log/committee-report) and a
# private /tmp — `committee-report doctor` against the reference registry and the full
# flow create → (scripted edit) → finalise → attach. The systemd unit is checked
# (systemd-analyze verify, security --offline) and `committee-report serve` runs as the
# service user in the same sandbox: /healthz, /readyz, one run through the API, then
# SIGTERM must leave no process of the user. Then `apt-get remove` must leave
# no process of the service user running and `apt-get purge` must remove its data.
#
# Needs root and apt (CI machines are disposable). Usage: install/test-package.sh BUILD_DIR
set -euo pipefail
build="$(cd "$1" && pwd)"
started=$SECONDS
user=committee-report
etc=/etc/committee-report
config=$etc/committee-report.xml

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
# A problem is reported and the test goes on, so one run shows every cause; it fails at the end.
problems=0
problem() {
  echo "FAIL: $*" >&2
  problems=$((problems + 1))
}
[ "$(id -u)" -eq 0 ] || fail "the package test installs the package for real and needs root"
command -v bwrap >/dev/null || fail "bwrap is missing: apt-get install bubblewrap (install/setup.sh does)"
command -v lintian >/dev/null || fail "lintian is missing: apt-get install lintian (install/setup.sh does)"

# One package test at a time on this machine: it installs and purges the system package.
exec 9>/run/lock/committee-report-package-test.lock
flock 9

scratch="$(mktemp -d -t committee-report-package.XXXXXX)"
chmod 0755 "$scratch"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  # Nothing of the service user outlives the test, whatever step failed.
  pkill -KILL -u committee-report 2>/dev/null || true
  if dpkg-query -W -f='${Status}' committee-report 2>/dev/null | grep -q installed; then
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 purge -y -qq committee-report >/dev/null 2>&1 || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT

apt_get() {
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -y -q "$@" >"$scratch/apt.log" 2>&1 \
    || { cat "$scratch/apt.log"; fail "apt-get $*"; }
  if grep -i -E "^(W:|warning|.*can't be accessed)" "$scratch/apt.log" | grep -v -E "^W: (--force-yes|apt does not have a stable CLI)"; then
    problem "apt-get $* printed warnings (above)"
  fi
}

# --- 1. Build and inspect the package -------------------------------------------------
(cd "$build" && cpack -G DEB -B "$scratch/package" >"$scratch/cpack.log" 2>&1) || { cat "$scratch/cpack.log"; fail "cpack"; }
deb="$(ls "$scratch"/package/committee-report_*.deb)"
info="$(dpkg-deb -I "$deb")"
echo "built $(basename "$deb"): $(stat -c %s "$deb") bytes, $(grep -o 'Installed-Size: [0-9]*' <<<"$info") KiB"

depends="$(dpkg-deb -f "$deb" Depends)"
for dependency in libreoffice-writer-nogui libpocofoundation80 libpoconetssl80 libxml2 libsimdjson14 libuno-cppu3 libc6 libstdc++6 fonts-liberation2 adduser; do
  grep -q -E "(^|, )${dependency//+/\\+}( |,|$)" <<<"$depends" || problem "the package does not depend on $dependency: $depends"
done
# Computed by dpkg-shlibdeps, so every library carries the version the build was linked against.
grep -q -E "libc6 \(>= [0-9]" <<<"$depends" || problem "dependencies are not computed (no versioned libc6): $depends"

dpkg-deb -e "$deb" "$scratch/control"
grep -qx "$config" "$scratch/control/conffiles" || problem "$config is not a conffile"
for script in postinst postrm; do [ -x "$scratch/control/$script" ] || problem "no $script"; done

listing="$(dpkg-deb -c "$deb")"
grep -q -- "-rw-r----- .*\./etc/committee-report/committee-report.xml" <<<"$listing" \
  || problem "the configuration is readable by others"
for file in usr/bin/committee-report usr/share/committee-report/templates/hot-och-desinformation/tjansteskrivelse.fott \
            usr/share/committee-report/schemas/configuration.xsd usr/share/committee-report/committee-report-plugin.xml \
            usr/include/committee-report/committee_report.h usr/lib/x86_64-linux-gnu/libcommittee-report.so.1.0.0 usr/lib/x86_64-linux-gnu/pkgconfig/committee-report.pc usr/share/doc/committee-report/copyright; do
  grep -q "\./$file\$" <<<"$listing" || problem "$file is not in the package"
done

dpkg-deb -x "$deb" "$scratch/unpacked"
while read -r binary; do
  if readelf -S "$binary" | grep -q -E '\.debug_(info|line)|\.symtab'; then
    problem "$(basename "$binary") is not stripped (debug information or a symbol table is shipped)"
  fi
done < <(find "$scratch/unpacked" -type f \( -name '*.so*' -o -path '*/bin/*' \))

lintian --no-tag-display-limit "$deb" >"$scratch/lintian.log" 2>&1 || true
echo "lintian: $(grep -c '^E:' "$scratch/lintian.log" || true) errors, $(grep -c '^W:' "$scratch/lintian.log" || true) warnings"
sed 's/^/  /' "$scratch/lintian.log"
! grep -q '^E:' "$scratch/lintian.log" || problem "lintian reports errors (above)"

# --- 2. Install it for real --------------------------------------------------------------
if dpkg-query -W -f='${Status}' committee-report 2>/dev/null | grep -q installed; then apt_get purge committee-report; fi
# As on a fresh machine: the service user is made by the package (a purge keeps it).
if getent passwd $user >/dev/null; then deluser --system --quiet $user >/dev/null 2>&1; fi
apt_get install "$deb"
echo "installed"
getent passwd $user >/dev/null || fail "the package did not create the service user $user"
[ "$(stat -c %U "/var/lib/committee-report")" = $user ] || fail "/var/lib/committee-report is not the service user's"

# --- 3. The reference registry, on loopback ---------------------------------------------
registry="$build/tests/reference-registry/reference-registry"
"$registry" seed --db "$scratch/registry.db" >/dev/null
"$registry" serve --db "$scratch/registry.db" --port 0 >"$scratch/registry.out" 2>"$scratch/registry.log" 9>&- &
server=$!
for _ in $(seq 100); do [ -s "$scratch/registry.out" ] && break; sleep 0.1; done
url="$(head -n 1 "$scratch/registry.out")"
[ -n "$url" ] || { cat "$scratch/registry.log"; fail "the reference registry did not start"; }

# --- 4. Configure, as README's administrator section says --------------------------------
install -m 0600 -o $user -g $user /dev/null $etc/registry.token
printf '%s\n' ekbacka-demo-write >$etc/registry.token
sed -i -e "s#<base-url>[^<]*</base-url>#<base-url>$url</base-url>#" $config

# The service user, in a clean login environment; the file system read-only except its own
# folders and a private /tmp.
sandbox() {
  bwrap --ro-bind / / --bind /var/lib/committee-report /var/lib/committee-report \
    --bind /var/log/committee-report /var/log/committee-report \
    --dev /dev --proc /proc --perms 1777 --tmpfs /tmp --perms 1777 --tmpfs /dev/shm --chdir / \
    -- "$@"
}
as_service_user() {
  local command="" word
  for word in "$@"; do command+=" $(printf '%q' "$word")"; done
  sandbox runuser -l $user -s /bin/bash -c "$command"
}
# Prove it: even root cannot write /usr, /etc or the templates in there; the service user
# can write its own folders.
sandbox sh -c 'for d in /usr /etc /usr/share/committee-report/templates/sample /var/tmp; do
                 if touch "$d/.committee-report-probe" 2>/dev/null; then echo "$d is writable"; exit 1; fi
               done' || fail "the sandbox is not read-only"
as_service_user sh -c 'test "$(id -un)" = committee-report && test "$HOME" = /var/lib/committee-report &&
                       touch /var/lib/committee-report/.probe /var/log/committee-report/.probe &&
                       rm /var/lib/committee-report/.probe /var/log/committee-report/.probe' \
  || fail "the service user cannot write its own folders or its login environment is wrong"

# With the shipped example site settings, doctor passes but warns that they are examples.
as_service_user committee-report doctor >"$scratch/doctor-example.log" 2>&1 || { cat "$scratch/doctor-example.log"; problem "doctor failed with the shipped configuration"; }
grep -q "\[varning\].*Ekbacka kommun" "$scratch/doctor-example.log" \
  || { cat "$scratch/doctor-example.log"; problem "doctor does not warn that the site settings are the shipped examples"; }

# The administrator sets the site settings.
sed -i -e "s#<municipality>[^<]*</municipality>#<municipality>Lillsjö kommun</municipality>#" \
       -e "s#<committee>[^<]*</committee>#<committee>Individ- och familjenämnden</committee>#" \
       -e "s#<signatory title=\"[^\"]*\">[^<]*</signatory>#<signatory title=\"Förvaltningschef\">Testa Signatur</signatory>#" \
       $config

# --- 5. doctor, as the service user -------------------------------------------------------
if ! as_service_user committee-report doctor >"$scratch/doctor.log" 2>&1; then
  cat "$scratch/doctor.log"
  problem "doctor did not pass as the service user with read-only system folders"
fi
cat "$scratch/doctor.log"
! grep -q "\[FEL\]\|\[varning\]" "$scratch/doctor.log" || problem "doctor reports a failed check or a warning"
grep -q "Alla [0-9]* kontroller gick igenom" "$scratch/doctor.log" || problem "doctor does not say every check passed"
grep -q "Lillsjö kommun" "$scratch/doctor.log" || problem "doctor does not show the site settings in force"

log=/var/log/committee-report/committee-report.log
[ -s $log ] || problem "the configured log file $log was not written"
grep -q "action kontrollera-installation started" $log || { cat $log 2>/dev/null || true; problem "the log has no line for doctor's check"; }

# --- 6. The full flow, as the service user -------------------------------------------------
host=(committee-report --user test-handlaggare --role handlaggare)
as_service_user "${host[@]}" run skapa-tjansteskrivelse --case 2024SOCN33 --param datum=2024-05-20 \
  || problem "skapa-tjansteskrivelse failed as the service user"
# The official edits the draft in the DMS (outside the sandbox, with the registry's token).
printf '%s\n' ekbacka-demo-write >"$scratch/edit.token"
chmod 0600 "$scratch/edit.token"
sed -e "s#<token-file>[^<]*</token-file>#<token-file>$scratch/edit.token</token-file>#" $config >"$scratch/edit.xml"
"$build/tests/tools/simulate-official-edit" --config "$scratch/edit.xml" --case 2024SOCN33 || problem "the scripted edit failed"
as_service_user "${host[@]}" run faststall-tjansteskrivelse --case 2024SOCN33 || problem "faststall-tjansteskrivelse failed as the service user"
as_service_user committee-report --user test-sekreterare --role sekreterare \
  run bifoga-till-dagordning --case 2024SOCN33 --param meeting-date=2024-06-19 \
  || problem "bifoga-till-dagordning failed as the service user"

pdf=/var/lib/committee-report/output/2024SOCN33-tjansteskrivelse.pdf
[ -s $pdf ] || problem "no final PDF/A in /var/lib/committee-report/output"
text="$(pdftotext $pdf - 2>/dev/null | tr -s ' \n' ' ' || true)"
grep -q "Lillsjö kommun" <<<"$text" || problem "the report does not name the site's municipality"
grep -q "Testa Signatur" <<<"$text" || problem "the report is not signed by the site's signatory"
! grep -q "Ekbacka kommun\|Helena Ekvall" <<<"$text" || problem "the report still names the report definition's example organisation"

# A run that fails is logged with its detail: the registry down (a configuration of the
# service user's own pointing at a port nothing listens on).
unreachable=/var/lib/committee-report/unreachable.xml
sed -e "s#<base-url>[^<]*</base-url>#<base-url>http://127.0.0.1:9</base-url>#" $config >$unreachable
chown $user: $unreachable
as_service_user "${host[@]}" --config $unreachable run skapa-tjansteskrivelse --case 2024SOCN33 >/dev/null 2>&1 \
  && problem "creating a report with the registry down succeeded"
for action in skapa-tjansteskrivelse faststall-tjansteskrivelse bifoga-till-dagordning; do
  grep -q "action $action finished: ok" $log || { cat $log 2>/dev/null || true; problem "the log has no line for $action"; }
done
grep -q -E "action skapa-tjansteskrivelse failed: registry: .{20,}" $log \
  || { cat $log 2>/dev/null || true; problem "the failed run is not logged with its detail"; }
[ "$(wc -l </var/log/committee-report/audit.jsonl)" -ge 6 ] || problem "the audit log does not have a line per run"
[ -z "$(find /usr/share/committee-report -name '.~lock*')" ] || problem "lock files were left beside the templates"

# --- 6b. The HTTP service: its unit, and `serve` as the service user ---------------------
unit=/lib/systemd/system/committee-report.service
[ -f $unit ] || problem "the systemd unit $unit is not in the package"
if command -v systemd-analyze >/dev/null; then
  # Both read the unit file only; neither needs systemd as PID 1 (it may not be, here).
  systemd-analyze verify $unit >"$scratch/verify.log" 2>&1 || { cat "$scratch/verify.log"; problem "systemd-analyze verify rejects the unit"; }
  grep -v -E "^$" "$scratch/verify.log" | sed 's/^/  verify: /' || true
  systemd-analyze security --offline=true $unit >"$scratch/security.log" 2>&1 || { cat "$scratch/security.log"; problem "systemd-analyze security --offline failed"; }
  rating="$(grep -o 'Overall exposure level for committee-report.service: .*' "$scratch/security.log" | sed 's/.*: //' || true)"
  echo "systemd-analyze security --offline: $rating"
  exposure="${rating%% *}"
  [ -n "$exposure" ] && awk -v e="$exposure" 'BEGIN { exit !(e <= 2.0) }' \
    || problem "the unit's exposure level is '$rating', README promises at most 2.0"
else
  echo "systemd-analyze is not installed: the unit is not verified"
fi

# The service's own secrets, readable by the service user only, and a <service> section.
install -m 0600 -o $user -g $user /dev/null $etc/service.tokens
service_token="package-test-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
printf 'dms %s\n' "$service_token" >$etc/service.tokens
install -m 0600 -o $user -g $user /dev/null $etc/launch.secret
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >$etc/launch.secret
sed -i -e "s#</configuration>#  <service><client-token-file>$etc/service.tokens</client-token-file><launch-secret-file>$etc/launch.secret</launch-secret-file><shutdown-seconds>5</shutdown-seconds></service>\n</configuration>#" $config

# `serve` as the service user in the same read-only sandbox; it prints its URL first.
# (9>&-: the service must not inherit the test's lock, or a failed run keeps it held.)
as_service_user committee-report serve --listen 127.0.0.1:0 >"$scratch/serve.out" 2>"$scratch/serve.err" 9>&- &
serve_wrapper=$!
for _ in $(seq 300); do [ -s "$scratch/serve.out" ] && break; sleep 0.1; done
base="$(head -n 1 "$scratch/serve.out")"
serve_pid="$(pgrep -u $user -f "^committee-report serve" | head -n 1 || true)"  # (-x: names past 15 characters never match)
if [ -z "$base" ] || [ -z "$serve_pid" ]; then
  cat "$scratch/serve.err"
  problem "committee-report serve did not start as the service user"
  pkill -TERM -u $user -f "^committee-report serve" 2>/dev/null || true
  wait "$serve_wrapper" 2>/dev/null || true
else
  echo "serve listens on $base (pid $serve_pid)"
  api() { curl -sS --max-time 120 -H "Authorization: Bearer $service_token" "$@"; }
  [ "$(curl -sS -o /dev/null -w '%{http_code}' "$base/healthz")" = 200 ] || problem "/healthz is not 200"
  curl -sS "$base/readyz" >"$scratch/readyz.json" || true
  jq -e '.ready == true' "$scratch/readyz.json" >/dev/null || { cat "$scratch/readyz.json"; problem "/readyz is not ready as the service user"; }
  [ "$(curl -sS -o /dev/null -w '%{http_code}' "$base/api/v1/actions")" = 401 ] || problem "the API answers without a token"
  # One run through the API: a test print of the template (the report itself was made above).
  api -D "$scratch/post.headers" -o "$scratch/post.json" -H 'Content-Type: application/json' \
    -d '{"action":"provutskrift","case":"2024SOCN33","user":"test-admin","roles":["administrator"],"parameters":{"datum":"2024-05-20"}}' \
    "$base/api/v1/runs"
  location="$(grep -i '^Location:' "$scratch/post.headers" | tr -d '\r' | sed 's/^[^:]*: *//')"
  [ -n "$location" ] || { cat "$scratch/post.headers" "$scratch/post.json"; problem "POST /api/v1/runs did not start a run"; }
  state=""
  for _ in $(seq 600); do
    state="$(api "$base$location" | jq -r .state)"
    [ "$state" = queued ] || [ "$state" = running ] || break
    sleep 0.2
  done
  [ "$state" = ok ] || { api "$base$location"; problem "the run through the API ended '$state'"; }
  file_url="$(api "$base$location" | jq -r '.result.files[] | select(.name | endswith(".pdf")) | .url')"
  api -o "$scratch/api.pdf" "$base$file_url"
  # (the metadata is read whole first: grep -q closing the pipe early fails it under pipefail)
  api_pdf_meta="$(pdfinfo -meta "$scratch/api.pdf" 2>&1 || true)"
  grep -q '<pdfaid:part>2</pdfaid:part>' <<<"$api_pdf_meta" || { file "$scratch/api.pdf"; problem "the API's PDF is not PDF/A-2"; }
  grep -q '"client":"dms".*"user":"test-admin"\|"user":"test-admin".*"client":"dms"' /var/log/committee-report/audit.jsonl \
    || problem "the audit log does not name both the DMS client and the user of the API run"
  ! grep -q "$service_token" /var/log/committee-report/committee-report.log || problem "the client token reached the log"
  # SIGTERM: it ends within <shutdown-seconds> plus the office's stop, and leaves nothing of its user.
  kill -TERM "$serve_pid"
  for _ in $(seq 300); do kill -0 "$serve_pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$serve_pid" 2>/dev/null && problem "serve still runs 30 s after SIGTERM"
  wait "$serve_wrapper" || problem "serve did not exit 0 on SIGTERM: $(cat "$scratch/serve.err")"
  sleep 1
  if pgrep -u $user -a >"$scratch/left.txt"; then cat "$scratch/left.txt"; problem "processes of $user remain after serve stopped"; fi
fi
# The test's own secrets go; purge below checks /etc/committee-report is left empty.
rm -f $etc/service.tokens $etc/launch.secret

# --- 7. Remove and purge --------------------------------------------------------------------
apt_get remove committee-report
sleep 1
if pgrep -u $user -a >"$scratch/left.txt"; then cat "$scratch/left.txt"; fail "processes of $user are still running after apt-get remove"; fi
[ -f /var/log/committee-report/audit.jsonl ] || fail "apt-get remove deleted the audit log (only purge may)"
[ -f $config ] || fail "apt-get remove deleted the configuration (only purge may)"
apt_get purge committee-report
for path in /var/lib/committee-report /var/log/committee-report $etc; do
  [ ! -e $path ] || fail "$path is still there after apt-get purge"
done
[ "$problems" -eq 0 ] || fail "$problems problems (above); the package test took $((SECONDS - started)) s"
echo "package test passed in $((SECONDS - started)) s"
