#!/usr/bin/env bash
# `npm run bench:dashboard`: the cycle dashboard under load on SQLite and PostgreSQL in one run
# (scripts/bench-dashboard.ts). Finds PostgreSQL 15 (scripts/lib.sh ensure_postgres; the benchmark starts
# a private server of its own, never the machine's cluster) unless DONDOC_BENCH_PROVIDERS leaves it out.
source "$(dirname "$0")/lib.sh"
ensure_all
cd "$ROOT"
if [[ ",${DONDOC_BENCH_PROVIDERS:-sqlite,postgres}," == *,postgres,* ]]; then
  DONDOC_BENCH_POSTGRES_BIN="$(ensure_postgres)"
  export DONDOC_BENCH_POSTGRES_BIN
fi
exec npx --no-install tsx scripts/bench-dashboard.ts "$@"
