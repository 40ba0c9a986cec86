#!/usr/bin/env bash
# Runs the benchmarks against a fresh local system (./sns up) and writes
# bench/reports/<date>-<commit>.md, .json and .png: machine, echo calibration, closed loop,
# saturation search, open loop, then failover. Every phase is bounded in time and count; the
# defaults finish in a few minutes. Arguments go to the load generator (see README "Benchmarks");
# with none it runs with --find-max. Environment: BENCH_SNS_HOME (the fresh system's SNS_HOME, wiped
# first; default .sns-bench, never the SNS_HOME of your own ./sns up), BENCH_NOTE
# (a line printed at the top of the report), BENCH_FAILOVER_ROUNDS (10 per fault),
# BENCH_COORDINATOR_ROUNDS (3), BENCH_QUIET_SECONDS (60, the false-failover watch).
set -euo pipefail
cd "$(dirname "$0")/.."
export SNS_HOME="${BENCH_SNS_HOME:-$PWD/.sns-bench}"
# a loaded machine starts JVMs slowly; the launcher's 60 s default is for an idle one
export SNS_READY_TIMEOUT_SECONDS="${SNS_READY_TIMEOUT_SECONDS:-180}"
./mvnw -q -B -ntp package -DskipTests -pl bench,coordinator-service,timeline-server,cli-client -am
jar=bench/target/bench-0.1.0-SNAPSHOT-exec.jar
if [[ "${1:-}" == --help ]]; then exec java -jar "$jar" --help; fi
./sns down >/dev/null 2>&1 || true
rm -rf "$SNS_HOME"
trap './sns down >/dev/null 2>&1 || true' EXIT
./sns up >/dev/null
commit="$(git describe --always --dirty --abbrev=7 2>/dev/null || echo local)"
report="bench/reports/$(date -u +%Y-%m-%d)-$commit"
(( $# > 0 )) || set -- --find-max --sustain 5000
java -Xmx1g -jar "$jar" --sns-home "$SNS_HOME" --out "$report" --commit "$commit" --note "${BENCH_NOTE:-}" "$@"
{
  echo
  java -cp "$jar" -Dloader.main=sns.bench.FailoverBench org.springframework.boot.loader.launch.PropertiesLauncher \
    "$PWD/sns" "${BENCH_FAILOVER_ROUNDS:-10}" "${BENCH_COORDINATOR_ROUNDS:-3}" 2 "${BENCH_QUIET_SECONDS:-60}"
} | tee -a "$report.md"
echo "report: $report.md (+ .json, .png)"
