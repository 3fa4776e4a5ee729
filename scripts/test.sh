#!/usr/bin/env bash
# `npm test`: every test. Installs what is missing, type-checks, migrates a template database with
# Prisma's own `migrate deploy`, then runs every tests/**/*.test.ts file under jest (jest.config.js)
# on Node 24 and on the real servers (time-skipping test server, Temporal dev server, SMTP, SQLite,
# PostgreSQL, Chromium). The files that open a database run again on PostgreSQL (project `unit-pg`): the
# jest global setup starts a private server with Debian's PostgreSQL 15 and migrates its template.
source "$(dirname "$0")/lib.sh"
ensure_all
ensure_test_server
ensure_chromium
ensure_openpyxl
ensure_python_docx
DONDOC_TEST_POSTGRES_BIN="$(ensure_postgres)"
export DONDOC_TEST_POSTGRES_BIN
TEMPORAL_CLI_PATH="$(temporal_cli)"
export TEMPORAL_CLI_PATH
# The cluster test (tests/cluster) runs deploy/cluster.sh: its binaries are built here, once, not
# inside the test's time limit.
temporal_server >/dev/null
temporal_server_module >/dev/null
temporal_ui_server >/dev/null
cd "$ROOT"

say "type-check"
npx --no-install tsc -p tsconfig.json

say "migrate the template database"
mkdir -p test-artifacts
rm -f test-artifacts/template.db*
DATABASE_URL="file:$ROOT/test-artifacts/template.db" npx --no-install prisma migrate deploy >/dev/null
export DONDOC_TEST_TEMPLATE_DB="$ROOT/test-artifacts/template.db"

say "jest on Node $(node --version): every test (projects unit, unit-pg, e2e and cluster; arguments narrow the run)"
# Native ES modules in jest need Node's VM modules (jest.config.js). One process runs every file
# (maxWorkers 1) and keeps what each file's module graph leaves behind: the whole suite crossed Node's
# default 4 GB heap near its end on 7/12/2026 (about 190 files; measured: about 30 MB more per file),
# so the heap may grow to 12 GB.
NODE_OPTIONS="--experimental-vm-modules --disable-warning=ExperimentalWarning --max-old-space-size=12288 ${NODE_OPTIONS:-}" \
  npx --no-install jest "$@"
