#!/usr/bin/env bash
# `npm run dev`: dondoc on its embedded defaults. Starts the Temporal dev server (SQLite under .data/,
# web UI on port+1000) unless one already listens, then the worker, web app, embedded SMTP server
# and the demo plan in one process (cli/dev.ts).
source "$(dirname "$0")/lib.sh"
ensure_all
cd "$ROOT"
data_dir="$(mkdir -p "${DONDOC_DATA_DIR:-.data}" && cd "${DONDOC_DATA_DIR:-.data}" && pwd)"
export TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-127.0.0.1:7233}"
port="${TEMPORAL_ADDRESS##*:}"
ui_port=$((port + 1000))
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if ! listening "$port"; then
  cli="$(temporal_cli)"
  say "starting the Temporal dev server on $TEMPORAL_ADDRESS (UI http://localhost:$ui_port, data $data_dir/temporal.db)"
  "$cli" server start-dev --ip 127.0.0.1 --port "$port" --ui-port "$ui_port" \
    --db-filename "$data_dir/temporal.db" --log-level warn >"$data_dir/temporal.log" 2>&1 &
  temporal_pid=$!
  trap 'kill "$temporal_pid" 2>/dev/null; wait "$temporal_pid" 2>/dev/null' EXIT
  for _ in $(seq 1 120); do listening "$port" && break; sleep 0.5; done
  listening "$port" || die "the Temporal dev server did not start; see $data_dir/temporal.log"
fi
npx --no-install tsx cli/dondoc.ts dev
