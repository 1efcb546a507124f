#!/usr/bin/env bash
# Real-browser test of `distillguard review`: serves a small reviewed warehouse on a free loopback port, drives the
# page in Debian's headless Chromium with playwright-core, records a verdict through it, and checks the token and
# loopback-only guards from outside. Installs what it needs (chromium with apt, playwright-core with npm into
# target/browser-test), skipping what is already there. Usage: .ci/browser-test.sh [SCREENSHOT.png]
set -euo pipefail
cd "$(dirname "$0")/.."
home="$(pwd)"
work="$home/target/browser-test"
mkdir -p "$work"
screenshot="${1:-$work/report.png}"
export SPARK_LOCAL_IP=127.0.0.1

if [ ! -x /usr/bin/chromium ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q && apt-get install -y -q chromium
fi
if [ ! -d "$work/node_modules/playwright-core" ]; then
  (cd "$work" && npm install --no-audit --no-fund --silent playwright-core)
fi
if [ ! -f jobs/target/distillguard.jar ]; then
  mvn -B -q -DskipTests package
fi

warehouse_root="$work/fixture"
rm -rf "$warehouse_root"
mvn -B -q -pl lib test -Dtest=ReviewBrowserFixtureTest -Dsurefire.failIfNoSpecifiedTests=false -Dtest.excluded.groups=none \
  -Ddistillguard.browser.warehouse="$warehouse_root"
warehouse="$warehouse_root/warehouse"

log="$work/review.log"
bin/distillguard review --warehouse "$warehouse" --port 0 --analyst browser-test >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
url=""
for _ in $(seq 1 120); do
  url="$(grep -Eo 'http://127\.0\.0\.1:[0-9]+/\?token=[A-Za-z0-9_-]+' "$log" | head -1 || true)"
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$log"; echo "FAIL: review exited"; exit 1; }
  sleep 1
done
[ -n "$url" ] || { cat "$log"; echo "FAIL: no URL printed"; exit 1; }
port="$(echo "$url" | sed -E 's#http://127\.0\.0\.1:([0-9]+)/.*#\1#')"
echo "review serving on port $port"

status="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/")"
[ "$status" = 401 ] || [ "$status" = 403 ] || { echo "FAIL: no token gave $status"; exit 1; }
echo "ok: a request without the token gets $status"
status="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/?token=wrong")"
[ "$status" = 403 ] || { echo "FAIL: a wrong token gave $status"; exit 1; }
echo "ok: a wrong token gets 403"

# The server must listen on loopback only: read the listening socket's address instead of sending traffic to
# another interface.
listening="$(ss -ltnH "sport = :$port" 2>/dev/null | awk '{print $4}' | sort -u)"
[ -n "$listening" ] || { echo "FAIL: nothing listens on port $port"; exit 1; }
if echo "$listening" | grep -Ev '^(127\.0\.0\.1|\[::ffff:127\.0\.0\.1\]|\[::1\]):' >/dev/null; then
  echo "FAIL: port $port listens beyond loopback: $listening"; exit 1
fi
echo "ok: port $port listens on loopback only ($listening)"

# ES modules resolve packages from the script's own folder, so the script runs beside the node_modules it needs.
cp "$home/jobs/src/test/browser/review.mjs" "$work/review.mjs"
node "$work/review.mjs" "$url" "$warehouse" "$screenshot"
echo "browser test passed"
