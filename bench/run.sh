#!/usr/bin/env bash
# Runs the benchmarks against a fresh local system (./sns up) and writes a Markdown report to
# bench/reports/. Bounded: the load runs for BENCH_SECONDS (20) and at most BENCH_MAX_POSTS
# (20000) posts, on loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
export SNS_HOME="${SNS_HOME:-$PWD/.sns-bench}"
./mvnw -q -B -ntp package -DskipTests -pl bench,coordinator-service,timeline-server,cli-client -am
./sns down >/dev/null 2>&1 || true
rm -rf "$SNS_HOME"
./sns up >/dev/null
trap './sns down >/dev/null 2>&1 || true' EXIT
report="bench/reports/$(date -u +%Y-%m-%d)-$(git rev-parse --short HEAD 2>/dev/null || echo local).md"
jar=bench/target/bench-0.1.0-SNAPSHOT-exec.jar
{
  echo "<!-- $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -n 1) -->"
  java -jar "$jar" writers="${BENCH_WRITERS:-4}" followers="${BENCH_FOLLOWERS:-4}" \
    seconds="${BENCH_SECONDS:-20}" maxPosts="${BENCH_MAX_POSTS:-20000}"
  echo
  java -cp "$jar" -Dloader.main=sns.bench.FailoverBench org.springframework.boot.loader.launch.PropertiesLauncher \
    "$PWD/sns" "${BENCH_FAILOVER_ROUNDS:-10}" "${BENCH_COORDINATOR_ROUNDS:-3}" 2 "${BENCH_QUIET_SECONDS:-60}"
} | tee "$report"
echo "report: $report"
