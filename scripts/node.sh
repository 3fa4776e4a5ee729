#!/usr/bin/env bash
# Runs a command of the project on its Node.js 24 (scripts/lib.sh ensure_node), whatever Node the
# machine has: `bash scripts/node.sh tsx cli/dondoc.ts --help`. Used by the package.json scripts.
source "$(dirname "$0")/lib.sh"
ensure_all
cd "$ROOT"
exec npx --no-install "$@"
