#!/usr/bin/env bash
# `npm test`: every test. Installs what is missing, type-checks, migrates a template database with
# Prisma's own `migrate deploy`, then runs every tests/**/*.test.ts file with Node's test runner on
# the real servers (time-skipping test server, Temporal dev server, SMTP, SQLite, Chromium).
source "$(dirname "$0")/lib.sh"
ensure_all
ensure_test_server
ensure_chromium
TEMPORAL_CLI_PATH="$(temporal_cli)"
export TEMPORAL_CLI_PATH
cd "$ROOT"

say "type-check"
npx --no-install tsc -p tsconfig.json

say "migrate the template database"
mkdir -p test-artifacts
rm -f test-artifacts/template.db*
DATABASE_URL="file:$ROOT/test-artifacts/template.db" npx --no-install prisma migrate deploy >/dev/null
export DONDOC_TEST_TEMPLATE_DB="$ROOT/test-artifacts/template.db"

mapfile -t files < <(find tests -name '*.test.ts' | sort)
say "node --test: ${#files[@]} files"
# One file at a time: the suites start their own servers and this machine has 2 cores.
node --import tsx --test --test-concurrency=1 --test-reporter=spec "${files[@]}"
