#!/usr/bin/env bash
# `npm run cluster`: dondoc on a real Temporal cluster, every part a process of its own, on loopback
# (README "Production" → "The cluster"): a private PostgreSQL 15 (never the system one), Temporal's
# persistence and SQL visibility schemas migrated by the schema tool, the Temporal services frontend,
# history, matching and worker as four processes, the Temporal UI server, the namespace with dondoc's
# search attributes, an SMTP server (the embedded one unless SMTP_HOST points elsewhere), two
# `dondoc worker` and two `dondoc web`. Prints every address; a process that ends on its own is started
# again (the loop at the end); Ctrl-C (or SIGTERM) stops everything.
#
# DONDOC_CLUSTER_DIR (default .data/cluster): data and logs. DONDOC_CLUSTER_PORT_BASE (default 17200):
# every port is base + a fixed offset (below). DONDOC_CLUSTER_DATABASE_URL: the app database
# (default: the database `dondoc` on the cluster's PostgreSQL, created at the first start). Everything
# else is dondoc's own configuration (README).
source "$(dirname "$0")/../scripts/lib.sh"
ensure_all
PG_BIN="$(ensure_postgres)"
SERVER_DIR="$(temporal_server)"
MODULE="$(temporal_server_module)"
UI_SERVER="$(temporal_ui_server)"
CLI="$(temporal_cli)"
cd "$ROOT"

CLUSTER_DIR="$(mkdir -p "${DONDOC_CLUSTER_DIR:-.data/cluster}" && cd "${DONDOC_CLUSTER_DIR:-.data/cluster}" && pwd)"
LOGS="$CLUSTER_DIR/logs"
mkdir -p "$LOGS"
BASE="${DONDOC_CLUSTER_PORT_BASE:-17200}"
# Temporal's PostgreSQL schema keeps membership ports as smallint: a service on a port above 32767
# dies at start-up ("value ... is out of range for type smallint").
[ "$BASE" -ge 1024 ] && [ $((BASE + 80)) -le 32767 ] || die "DONDOC_CLUSTER_PORT_BASE must be between 1024 and 32687 (Temporal stores membership ports as smallint)"
export PG_PORT=$((BASE + 0)) WEB1_PORT=$((BASE + 10)) WEB2_PORT=$((BASE + 11)) SMTP_EMBEDDED_PORT=$((BASE + 25))
export FRONTEND_PORT=$((BASE + 33)) HISTORY_PORT=$((BASE + 34)) MATCHING_PORT=$((BASE + 35)) WORKER_SERVICE_PORT=$((BASE + 39))
export FRONTEND_HTTP_PORT=$((BASE + 43)) FRONTEND_MEMBERSHIP_PORT=$((BASE + 53)) HISTORY_MEMBERSHIP_PORT=$((BASE + 54))
export MATCHING_MEMBERSHIP_PORT=$((BASE + 55)) WORKER_MEMBERSHIP_PORT=$((BASE + 59)) UI_PORT=$((BASE + 80))
export TEMPORAL_NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
FRONTEND="127.0.0.1:$FRONTEND_PORT"

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$PG_PORT" "$WEB1_PORT" "$WEB2_PORT" "$SMTP_EMBEDDED_PORT" "$FRONTEND_PORT" "$HISTORY_PORT" "$MATCHING_PORT" \
  "$WORKER_SERVICE_PORT" "$FRONTEND_HTTP_PORT" "$FRONTEND_MEMBERSHIP_PORT" "$HISTORY_MEMBERSHIP_PORT" \
  "$MATCHING_MEMBERSHIP_PORT" "$WORKER_MEMBERSHIP_PORT" "$UI_PORT"; do
  listening "$p" && die "port $p is taken: is a cluster already running? (or choose DONDOC_CLUSTER_PORT_BASE)"
done

# --- stopping: in layers, so that each layer still has what it needs while it shuts down ----------
# Every process is started with setsid (a process group of its own, out of reach of the terminal's
# Ctrl-C), so the trap decides the order: dondoc, then Temporal and its UI, then PostgreSQL.
PIDS_FILE="$CLUSTER_DIR/pids"
: > "$PIDS_FILE"
# By name, in start order: the layer, the command (quoted for eval), the live pid, when it started and
# how many times in a row it ended soon after starting.
ORDER=()
declare -A LAYER_OF=() CMD_OF=() PID_OF=() STARTED_AT=() QUICK_ENDS=()
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
PGDATA="$CLUSTER_DIR/postgres"
pg_started=""

pids_of_layer() { local name; for name in "${ORDER[@]}"; do [ "${LAYER_OF[$name]}" = "$1" ] && echo "${PID_OF[$name]}"; done; }

stop_groups() { # stop_groups PID...: SIGTERM to each process group, SIGKILL what is left after 20 s
  local pid
  for pid in "$@"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for _ in $(seq 1 100); do
    local alive=""
    for pid in "$@"; do kill -0 -- "-$pid" 2>/dev/null && alive=1; done
    [ -z "$alive" ] && return 0
    sleep 0.2
  done
  for pid in "$@"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
}

stopping=""
stop_all() {
  local code="${1:-0}"
  [ -n "$stopping" ] && return
  stopping=1
  # A second Ctrl-C does not cut the orderly stop short (it takes at most 20 s per layer).
  trap '' INT TERM
  trap - EXIT
  say "stopping the cluster"
  local layer pids
  for layer in dondoc temporal; do
    mapfile -t pids < <(pids_of_layer "$layer")
    [ "${#pids[@]}" -gt 0 ] && stop_groups "${pids[@]}"
  done
  wait 2>/dev/null || true
  if [ -n "$pg_started" ]; then as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || true; fi
  say "cluster stopped"
  exit "$code"
}
trap 'stop_all 130' INT
trap 'stop_all 143' TERM
trap 'stop_all $?' EXIT

start() { # start LAYER NAME CMD...: in the background, its own process group, output in logs/NAME.log
  local layer="$1" name="$2"
  shift 2
  ORDER+=("$name")
  LAYER_OF[$name]="$layer"
  CMD_OF[$name]="$(printf '%q ' "$@")"
  QUICK_ENDS[$name]=0
  launch "$name"
}

launch() { # launch NAME: (again) the command `start` recorded for NAME; pids lists every pid it had
  local name="$1"
  # exec: the background subshell becomes setsid, which becomes the program (not a group leader, it
  # does not fork), so $! is the program's pid and the leader of its own process group.
  (eval "exec setsid ${CMD_OF[$name]}") >>"$LOGS/$name.log" 2>&1 &
  PID_OF[$name]=$!
  STARTED_AT[$name]="$(date +%s)"
  echo "$! $name" >> "$PIDS_FILE"
}

wait_for() { # wait_for WHAT SECONDS CMD...: until CMD succeeds; fails at once when a started process died
  local what="$1" secs="$2"
  shift 2
  for _ in $(seq 1 $((secs * 2))); do
    "$@" >/dev/null 2>&1 && return 0
    local name
    for name in "${ORDER[@]}"; do
      kill -0 "${PID_OF[$name]}" 2>/dev/null || die "$name ended while waiting for $what; see $LOGS/$name.log"
    done
    sleep 0.5
  done
  die "$what did not come up within ${secs} s; see $LOGS/"
}

# --- PostgreSQL: a private server in the cluster folder, owned by the postgres user when run as root --
if [ ! -f "$PGDATA/PG_VERSION" ]; then
  say "initdb $PGDATA"
  mkdir -p "$PGDATA"
  chmod 700 "$PGDATA"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDATA"
  as_postgres "$PG_BIN/initdb" -D "$PGDATA" -U temporal --auth=trust -E UTF8 --locale=C.UTF-8 >"$LOGS/initdb.log" 2>&1 \
    || die "initdb failed; see $LOGS/initdb.log"
fi
touch "$LOGS/postgres.log"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$LOGS/postgres.log"
say "PostgreSQL on 127.0.0.1:$PG_PORT"
# max_connections: the four Temporal services may hold 22 each (deploy/temporal), each dondoc
# process up to DONDOC_PG_POOL_MAX (20); the default of 100 is too few.
# setsid: the postmaster outlives pg_ctl and must not receive the terminal's Ctrl-C before the others stop.
if [ "$(id -u)" = 0 ]; then PG_CTL=(setsid -w runuser -u postgres -- "$PG_BIN/pg_ctl"); else PG_CTL=(setsid -w "$PG_BIN/pg_ctl"); fi
"${PG_CTL[@]}" -D "$PGDATA" -l "$LOGS/postgres.log" -w -t 60 \
  -o "-p $PG_PORT -k $PGDATA -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null || die "PostgreSQL did not start; see $LOGS/postgres.log"
pg_started=1

# --- Temporal's two databases, created once and migrated to the server's schema version every start ---
psql_q() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U temporal -d postgres -tAc "$1"; }
SQL_TOOL=("$SERVER_DIR/sql" --plugin postgres12 --ep 127.0.0.1 -p "$PG_PORT" -u temporal)
for db in temporal temporal_visibility; do
  case "$db" in temporal) schema="$MODULE/schema/postgresql/v12/temporal/versioned" ;; *) schema="$MODULE/schema/postgresql/v12/visibility/versioned" ;; esac
  if [ "$(psql_q "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]; then
    say "creating the database $db"
    "${SQL_TOOL[@]}" --db "$db" create-database >>"$LOGS/schema.log" 2>&1 || die "create-database $db failed; see $LOGS/schema.log"
    "${SQL_TOOL[@]}" --db "$db" setup-schema -v 0.0 >>"$LOGS/schema.log" 2>&1 || die "setup-schema $db failed; see $LOGS/schema.log"
  fi
  "${SQL_TOOL[@]}" --db "$db" update-schema -d "$schema" >>"$LOGS/schema.log" 2>&1 || die "update-schema $db failed; see $LOGS/schema.log"
done

# --- Temporal's configuration, from the templates in deploy/temporal/ --------------------------------
export TEMPORAL_CONFIG_DIR="$CLUSTER_DIR/temporal/config"
VARS='${TEMPORAL_CONFIG_DIR} ${PG_PORT} ${FRONTEND_PORT} ${HISTORY_PORT} ${MATCHING_PORT} ${WORKER_SERVICE_PORT} ${FRONTEND_HTTP_PORT} ${FRONTEND_MEMBERSHIP_PORT} ${HISTORY_MEMBERSHIP_PORT} ${MATCHING_MEMBERSHIP_PORT} ${WORKER_MEMBERSHIP_PORT} ${UI_PORT} ${TEMPORAL_NAMESPACE}'
mkdir -p "$CLUSTER_DIR/temporal/config/dynamicconfig" "$CLUSTER_DIR/ui"
envsubst "$VARS" < deploy/temporal/development.yaml.tmpl > "$CLUSTER_DIR/temporal/config/development.yaml"
envsubst "$VARS" < deploy/temporal/development-sql.yaml.tmpl > "$CLUSTER_DIR/temporal/config/dynamicconfig/development-sql.yaml"
envsubst "$VARS" < deploy/temporal/ui.yaml.tmpl > "$CLUSTER_DIR/ui/development.yaml"

say "Temporal services frontend, history, matching, worker (one process each)"
start_service() {
  start temporal "temporal-$1" "$SERVER_DIR/server" --root "$CLUSTER_DIR/temporal" --config config \
    --env development --allow-no-auth start --service "$1"
}
# History first, alone: on a fresh database each process writes the cluster's metadata at start-up, and
# the ones that lose that race exit ("failed to initialize current cluster metadata").
start_service history
wait_for "the Temporal history service" 120 listening "$HISTORY_PORT"
for service in matching frontend worker; do start_service "$service"; done
wait_for "the Temporal frontend" 120 "$CLI" operator cluster health --address "$FRONTEND"
start temporal temporal-ui "$UI_SERVER" --root "$CLUSTER_DIR" --config ui --env development start

# The namespace, once (7 days of retention after a workflow closes), then dondoc's search attributes
# (the workers register them too; here so that the UI can list by them before any worker is up).
if ! "$CLI" operator namespace describe -n "$TEMPORAL_NAMESPACE" --address "$FRONTEND" >/dev/null 2>&1; then
  say "registering the namespace $TEMPORAL_NAMESPACE"
  "$CLI" operator namespace create -n "$TEMPORAL_NAMESPACE" --retention 168h --address "$FRONTEND" >/dev/null
fi
# A new namespace reaches the frontend's cache some seconds after it is written: wait until it serves.
wait_for "the namespace $TEMPORAL_NAMESPACE" 60 "$CLI" workflow list -n "$TEMPORAL_NAMESPACE" --limit 1 --address "$FRONTEND"
existing="$("$CLI" operator search-attribute list -n "$TEMPORAL_NAMESPACE" --address "$FRONTEND" 2>/dev/null || true)"
for attr in DondocPlan DondocCycle DondocUnit DondocStatus; do
  grep -q "$attr" <<<"$existing" || "$CLI" operator search-attribute create -n "$TEMPORAL_NAMESPACE" --name "$attr" --type Keyword \
    --address "$FRONTEND" >/dev/null
done

# --- dondoc: its configuration for every process below ----------------------------------------------
export DONDOC_DATA_DIR="$CLUSTER_DIR"
if [ -z "${DONDOC_CLUSTER_DATABASE_URL:-}" ] && [ "$(psql_q "SELECT 1 FROM pg_database WHERE datname = 'dondoc'")" != 1 ]; then
  say "creating the database dondoc"
  psql_q "CREATE DATABASE dondoc" >/dev/null
fi
export DATABASE_URL="${DONDOC_CLUSTER_DATABASE_URL:-postgresql://temporal@127.0.0.1:$PG_PORT/dondoc}"
export TEMPORAL_ADDRESS="$FRONTEND"
export DONDOC_PUBLIC_URL="${DONDOC_PUBLIC_URL:-http://127.0.0.1:$WEB1_PORT}"
export DONDOC_EMBEDDED_SMTP=false
# Both web processes sign cookies with one secret (behind one address, a form served by one is posted to the other).
if [ -z "${DONDOC_COOKIE_SECRET:-}" ]; then
  [ -s "$CLUSTER_DIR/cookie-secret" ] || (umask 077 && openssl rand -base64 48 | tr -d '\n' > "$CLUSTER_DIR/cookie-secret")
  DONDOC_COOKIE_SECRET="$(cat "$CLUSTER_DIR/cookie-secret")"
fi
export DONDOC_COOKIE_SECRET
say "migrating the app database $DATABASE_URL"
npx --no-install prisma migrate deploy >"$LOGS/migrate.log" 2>&1 || die "prisma migrate deploy failed; see $LOGS/migrate.log"

# tsx as Node's loader: one process per command, so a signal reaches the program itself.
TSX=(node --import tsx)
if [ -z "${SMTP_HOST:-}" ]; then
  export SMTP_HOST=127.0.0.1 SMTP_PORT="$SMTP_EMBEDDED_PORT" SMTP_SECURE=false
  start dondoc smtp "${TSX[@]}" deploy/smtp.ts
  wait_for "the embedded SMTP server" 60 listening "$SMTP_EMBEDDED_PORT"
  smtp_line="$SMTP_HOST:$SMTP_PORT (embedded; every message kept in $CLUSTER_DIR/outbox)"
else
  smtp_line="$SMTP_HOST:${SMTP_PORT:-2525} (from SMTP_*)"
fi

for n in 1 2; do start dondoc "dondoc-worker-$n" "${TSX[@]}" cli/dondoc.ts worker; done
for n in 1 2; do wait_for "dondoc worker $n" 120 grep -q 'dondoc worker: polling' "$LOGS/dondoc-worker-$n.log"; done

# `dondoc web`, the web app alone, twice; /readyz answers 200 once a process reaches both the database
# and Temporal.
for n in 1 2; do
  port_var="WEB${n}_PORT"
  start dondoc "dondoc-web-$n" env DONDOC_WEB_PORT="${!port_var}" "${TSX[@]}" cli/dondoc.ts web
  wait_for "dondoc web $n" 120 curl -fsS -o /dev/null "http://127.0.0.1:${!port_var}/readyz"
done
wait_for "the Temporal UI" 60 listening "$UI_PORT"

cat <<EOF

dondoc cluster is running (data $CLUSTER_DIR, logs $LOGS).
  PostgreSQL         127.0.0.1:$PG_PORT (user temporal; databases temporal, temporal_visibility)
  Temporal frontend  $FRONTEND (namespace $TEMPORAL_NAMESPACE; HTTP 127.0.0.1:$FRONTEND_HTTP_PORT)
  Temporal history   127.0.0.1:$HISTORY_PORT
  Temporal matching  127.0.0.1:$MATCHING_PORT
  Temporal worker    127.0.0.1:$WORKER_SERVICE_PORT
  Temporal UI        http://127.0.0.1:$UI_PORT/
  SMTP               $smtp_line
  dondoc workers     2 (task queue ${DONDOC_TASK_QUEUE:-dondoc})
  Web app 1          http://127.0.0.1:$WEB1_PORT/
  Web app 2          http://127.0.0.1:$WEB2_PORT/
  App database       $DATABASE_URL
Press Ctrl+C to stop everything.
EOF

# Until Ctrl-C. A process that ends on its own is started again after a second, as a service manager
# (systemd's Restart=on-failure) would, with a line here and in its log; one that ends within 30 s of
# its start five times in a row is broken, not unlucky, and the whole cluster stops, naming it.
# PostgreSQL is not watched here: pg_ctl runs it apart, and a restart of it is an operator's act.
while true; do
  wait -n || true
  for name in "${ORDER[@]}"; do
    pid="${PID_OF[$name]}"
    kill -0 "$pid" 2>/dev/null && continue
    if [ $(($(date +%s) - STARTED_AT[$name])) -lt 30 ]; then QUICK_ENDS[$name]=$((QUICK_ENDS[$name] + 1)); else QUICK_ENDS[$name]=0; fi
    if [ "${QUICK_ENDS[$name]}" -ge 5 ]; then
      say "$name ended five times in a row within 30 s of starting; see $LOGS/$name.log"
      stop_all 1
    fi
    say "$name (pid $pid) ended on its own; starting it again (see $LOGS/$name.log)"
    echo "--- dondoc cluster: $(date -u +%FT%TZ) pid $pid ended; started again" >> "$LOGS/$name.log"
    sleep 1
    launch "$name"
  done
done
