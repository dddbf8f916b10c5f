#!/usr/bin/env bash
# CI for the migration service, beyond what `cargo test` runs (.ci/run calls this twice):
#   service/ci.sh postgres   make sure the PostgreSQL server at 127.0.0.1:5432 runs (before
#                            `cargo test`, whose service tests use database `test`);
#   service/ci.sh            the PostgreSQL restart fault test, the status page in headless
#                            Chromium (screenshot in target/test-output/service), and a short
#                            load run with wrk against the debug build (503s under 4x
#                            overload, flat memory).
# The release-build load figures of BENCHMARKS.md come from `service/bench/load.sh`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

postgres_up() {
  if pg_isready -q -h 127.0.0.1 -p 5432; then return 0; fi
  echo "service/ci.sh: starting PostgreSQL" >&2
  if command -v pg_lsclusters >/dev/null; then
    read -r version name _ < <(pg_lsclusters -h | awk '$3 == 5432')
    pg_ctlcluster "$version" "$name" start || true
  fi
  pg_isready -q -h 127.0.0.1 -p 5432 || service postgresql start || true
  for _ in $(seq 1 60); do
    pg_isready -q -h 127.0.0.1 -p 5432 && return 0
    sleep 0.5
  done
  echo "service/ci.sh: PostgreSQL at 127.0.0.1:5432 does not answer" >&2
  exit 1
}

need() { # command package
  command -v "$1" >/dev/null && return 0
  echo "service/ci.sh: installing $2" >&2
  if [ -z "${apt_updated:-}" ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}

if [ "${1:-}" = "postgres" ]; then
  postgres_up
  exit 0
fi

postgres_up
need wrk wrk
need chromium chromium
command -v node >/dev/null || { echo "service/ci.sh: node is needed by the platform script tests" >&2; exit 1; }

# The same build as .ci/run's `cargo test --locked` (default members, same features), so that
# nothing is compiled again; it leaves target/debug/hashbridge for the scripts below.
cargo test --locked --no-run -q
HASHBRIDGE_TEST_PG_RESTART=1 cargo test --locked --test service_faults \
  postgres_restart -- --nocapture
postgres_up
service/tests/status_page.sh target/debug/hashbridge
service/bench/load.sh --smoke target/debug/hashbridge
