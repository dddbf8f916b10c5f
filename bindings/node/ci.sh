#!/usr/bin/env bash
# The Node package from a clean clone: the locked npm dependencies (@napi-rs/cli, TypeScript,
# the examples' Express and better-sqlite3), the native module in the dev profile (built in the
# workspace's target/), a check that the committed index.d.ts and native.js are what the build
# writes from src/, and the tests (node's own runner).
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
npm run build:debug
git diff --exit-code -- index.d.ts native.js || {
  echo "index.d.ts or native.js differ from what napi build writes: commit the rebuilt files" >&2
  exit 1
}
# The malformed-vector test compares kinds with the command line's answers; `cargo test` at the
# workspace root has usually built it already.
cli=../../target/debug/hashbridge
[ -x "$cli" ] || cargo build -p hashbridge-cli --locked
HASHBRIDGE_CLI="$cli" npm test
