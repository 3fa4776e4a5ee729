#!/usr/bin/env bash
# `npm run bench`: dondoc's scaling figures on one Temporal dev server (scripts/bench.ts, BENCHMARKS.md).
# Installs what is missing, migrates a template database with Prisma's `migrate deploy`, then runs the
# benchmark, which starts and stops its own dev server, worker process and SMTP server on 127.0.0.1.
source "$(dirname "$0")/lib.sh"
ensure_all
TEMPORAL_CLI_PATH="${TEMPORAL_CLI_PATH:-$(temporal_cli)}"
export TEMPORAL_CLI_PATH
cd "$ROOT"

work="$(mktemp -d "${TMPDIR:-/tmp}/dondoc-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
say "migrate the benchmark's template database"
DATABASE_URL="file:$work/template.db" npx --no-install prisma migrate deploy >/dev/null
export DONDOC_BENCH_TEMPLATE_DB="$work/template.db" DONDOC_BENCH_DIR="$work"

say "bench (sizes ${DONDOC_BENCH_N:-1000,5000,20000})"
npx --no-install tsx scripts/bench.ts
