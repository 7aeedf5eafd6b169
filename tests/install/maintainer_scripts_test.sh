#!/bin/bash
# The package's maintainer scripts (install/postinst, prerm, postrm) and the systemd unit's
# life cycle (the unit file itself is checked by install/test-package.sh):
# where systemd runs, the unit is enabled and started only once the service is configured,
# restarted on upgrade, left alone when the administrator disabled it, stopped on remove;
# where it does not (a container, the package test under bwrap) nothing is done and
# nothing is printed. Each script runs under bwrap in a small root of its own: /usr
# read-only, a scratch /etc/committee-report, /run and /var/lib/systemd, and stubs
# ahead in PATH for what would change the system (adduser, install, chown, chmod,
# systemctl, deb-systemd-helper, deb-systemd-invoke) that record how they were called.
#
# usage: maintainer_scripts_test.sh SOURCE_DIR
set -u
source_dir=${1:?usage: maintainer_scripts_test.sh SOURCE_DIR}
command -v bwrap >/dev/null || { echo "SKIP: bwrap is not installed"; exit 77; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failures=0
check() {  # check WHAT CONDITION...
  local what=$1; shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; failures=$((failures + 1)); fi
}

mkdir -p "$scratch/stubs"
for tool in adduser install chown chmod getent systemctl deb-systemd-helper deb-systemd-invoke; do
  cat >"$scratch/stubs/$tool" <<EOF
#!/bin/sh
echo "$tool \$*" >>/record/calls
# was-enabled: the stub answers what the test set in /record/was-enabled (default: yes).
if [ "$tool" = deb-systemd-helper ] && [ "\$2" = was-enabled ]; then
  [ "\$(cat /record/was-enabled 2>/dev/null || echo yes)" = yes ]; exit
fi
[ "$tool" = getent ] && exit 2  # no such user yet
exit 0
EOF
  chmod 755 "$scratch/stubs/$tool"
done

# run CASE SYSTEMD(yes|no) CONFIGURED(yes|named|no) SCRIPT ARGS...: the script's output in
# $scratch/CASE/output, the stubs' calls in $scratch/CASE/record/calls.
run() {
  local name=$1 systemd=$2 configured=$3 script=$4; shift 4
  local root=$scratch/$name
  mkdir -p "$root/etc" "$root/record" "$root/run" "$root/var-lib-systemd"
  touch "$root/record/calls"
  if [ "$configured" != no ]; then
    printf '<configuration>\n  <service>\n    <client-token-file>tokens</client-token-file>\n  </service>\n</configuration>\n' \
      >"$root/etc/committee-report.xml"
    # "named": the configuration names the token file, which does not exist yet.
    [ "$configured" = yes ] && echo "dms some-token-0123456789abcdef" >"$root/etc/tokens"
  else
    printf '<configuration>\n  <!-- no <service> yet -->\n</configuration>\n' >"$root/etc/committee-report.xml"
  fi
  [ "$systemd" = yes ] && mkdir -p "$root/run/systemd/system"
  [ -n "${WAS_ENABLED:-}" ] && echo "$WAS_ENABLED" >"$root/record/was-enabled"
  [ -n "${ENABLED_BEFORE:-}" ] &&
    mkdir -p "$root/var-lib-systemd/deb-systemd-helper-enabled" &&
    touch "$root/var-lib-systemd/deb-systemd-helper-enabled/committee-report.service.dsh-also"
  bwrap --ro-bind /usr /usr --symlink usr/bin /bin --symlink usr/sbin /sbin \
    --symlink usr/lib /lib --symlink usr/lib64 /lib64 --proc /proc --dev /dev --tmpfs /tmp \
    --dir /etc --bind "$root/etc" /etc/committee-report --bind "$root/run" /run \
    --bind "$root/var-lib-systemd" /var/lib/systemd --ro-bind "$scratch/stubs" /stubs \
    --bind "$root/record" /record --ro-bind "$source_dir/install/$script" /script \
    --clearenv --setenv PATH /stubs:/usr/sbin:/usr/bin --unshare-all \
    /bin/sh /script "$@" >"$root/output" 2>&1
  echo $? >"$root/status"
}
calls() { cat "$scratch/$1/record/calls"; }
has() { grep -qx -- "$2" "$scratch/$1/record/calls"; }
quiet() { [ "$(cat "$scratch/$1/status")" = 0 ] && [ ! -s "$scratch/$1/output" ]; }
no_systemd_calls() { ! grep -qE '^(systemctl|deb-systemd-helper|deb-systemd-invoke) ' "$scratch/$1/record/calls"; }

# No systemd running: configured or not, install, upgrade, remove and purge do nothing of systemd's.
run container-install no yes postinst configure
run container-upgrade no yes postinst configure 1.0.0
run container-prerm no yes prerm remove
run container-remove no yes postrm remove
run container-purge no yes postrm purge
for c in container-install container-upgrade container-prerm container-remove container-purge; do
  check "$c: exits 0 and prints nothing" quiet $c
  check "$c: no systemctl or deb-systemd-* call ($(calls $c | cut -d' ' -f1 | sort -u | tr '\n' ' '))" no_systemd_calls $c
done

# systemd running, the service not configured: the unit is not enabled or started.
run plain-install yes no postinst configure
check "not configured: exits 0 and prints nothing" quiet plain-install
check "not configured: systemd reloads its units" has plain-install "systemctl --system daemon-reload"
check "not configured: the unit is neither enabled nor started" \
  bash -c "! grep -qE 'enable|deb-systemd-invoke' '$scratch/plain-install/record/calls'"

run named-install yes named postinst configure
check "token file named but missing: the unit is neither enabled nor started" \
  bash -c "! grep -qE 'enable|deb-systemd-invoke' '$scratch/named-install/record/calls'"

# systemd running, configured: enabled and started; restarted on upgrade.
run install yes yes postinst configure
check "configured: exits 0 and prints nothing" quiet install
check "configured: the unit is enabled" has install "deb-systemd-helper enable committee-report.service"
check "configured: the unit is started" has install "deb-systemd-invoke start committee-report.service"
run upgrade yes yes postinst configure 1.0.0
check "upgrade: the unit is restarted" has upgrade "deb-systemd-invoke restart committee-report.service"

# The administrator disabled it: it stays disabled and stopped.
WAS_ENABLED=no run disabled yes yes postinst configure
check "disabled by the administrator: not enabled again" \
  bash -c "! grep -qE 'helper enable|deb-systemd-invoke' '$scratch/disabled/record/calls'"
check "disabled by the administrator: only the state is updated" \
  has disabled "deb-systemd-helper update-state committee-report.service"

# Remove: stopped first (prerm), masked after (postrm); purge forgets it. Upgrade: no stop.
run prerm-remove yes yes prerm remove
check "remove: the unit is stopped" has prerm-remove "deb-systemd-invoke stop committee-report.service"
run prerm-upgrade yes yes prerm upgrade 1.1.0
check "upgrade: prerm does not stop the unit" bash -c "[ ! -s '$scratch/prerm-upgrade/record/calls' ]"
ENABLED_BEFORE=yes run postrm-remove yes yes postrm remove
check "remove: the unit is masked" has postrm-remove "deb-systemd-helper mask committee-report.service"
ENABLED_BEFORE=yes run postrm-purge yes yes postrm purge
check "purge: the unit's state is purged" has postrm-purge "deb-systemd-helper purge committee-report.service"
for c in plain-install install upgrade disabled prerm-remove prerm-upgrade postrm-remove postrm-purge; do
  check "$c: exits 0 and prints nothing" quiet $c
done

if command -v shellcheck >/dev/null; then
  for script in postinst prerm postrm; do
    check "shellcheck $script" shellcheck -s sh "$source_dir/install/$script"
  done
fi
[ $failures = 0 ] && echo "all passed" || echo "$failures failed"
exit $((failures > 0))
