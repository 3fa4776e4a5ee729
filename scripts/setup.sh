#!/usr/bin/env bash
# Installs everything dondoc needs (idempotent, cached in .tools/ and node_modules/):
# npm packages, the Prisma client, the Temporal CLI, the Java test server and Debian's Chromium.
source "$(dirname "$0")/lib.sh"
ensure_all
temporal_cli >/dev/null
ensure_test_server
say "setup complete"
