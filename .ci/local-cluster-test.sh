#!/usr/bin/env bash
# CI: starts the one-machine standalone cluster (bin/local-cluster) from the jar `mvn verify` built, runs the
# benchmark's nightly stage on a small simulated log with the driver apart from the executors, and checks the report
# says so and that every line was processed. Stops the cluster whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="target/ci-local-cluster"
rm -rf "$dir"
trap 'bin/local-cluster stop "$dir" >/dev/null 2>&1 || true' EXIT
WORKER_MEMORY=1g bin/local-cluster start "$dir"
for file in "$dir/spark.properties" "$dir/driver.options"; do
  mode="$(stat -c %a "$file")"
  if [ "$mode" != "600" ]; then
    echo "local-cluster test: $file holds the cluster's secret but has mode $mode (expected 600)" >&2
    exit 1
  fi
done
DISTILLGUARD_JAVA_OPTS="-Xmx768m @$dir/driver.options" bin/distillguard bench --rows 5000 --stages nightly \
  --warm-up-rows 0 --data "$dir/bench-data" --out "$dir/bench.json" | tee "$dir/bench.out"
grep -q "Spark master spark://127.0.0.1:" "$dir/bench.out" || { echo "local-cluster test: the bench did not run on the cluster" >&2; exit 1; }
grep -q "the driver's alone" "$dir/bench.out" || { echo "local-cluster test: the report does not say the heap is the driver's" >&2; exit 1; }
grep -q '"rows" : 5000' "$dir/bench.json" || { echo "local-cluster test: the nightly did not process 5,000 lines" >&2; exit 1; }
ls "$dir"/worker-*/app-* >/dev/null 2>&1 || { echo "local-cluster test: no executor ran on the workers" >&2; exit 1; }
echo "local-cluster test: passed"
