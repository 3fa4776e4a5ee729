#!/usr/bin/env bash
# Starts the Java time-skipping test server; @temporalio/testing runs this as `<this> <port>`.
# `exec` so that the SDK's kill reaches the JVM. Jars: see ensure_test_server in scripts/lib.sh.
set -eu
lib="${DONDOC_TEST_SERVER_LIB:?DONDOC_TEST_SERVER_LIB is not set: run through npm test (scripts/test.sh)}"
# Small heap and tiered compilation stopped early: the SDK gives the server only 5 s to listen.
exec java -Xms64m -Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$lib/*" io.temporal.testserver.TestServer "$@"
