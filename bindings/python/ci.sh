#!/usr/bin/env bash
# Build the Python package from this checkout and run its tests, from a clean clone:
# a fresh virtualenv (.venv-ci) with the pinned tools and test dependencies, the extension
# built by maturin with cargo's dev profile into the workspace's target/ (the profile the
# workspace's tests build with: the dependencies, optimised at opt-level 3, are compiled once
# for the whole run), installed as a wheel, the command line built (the bulk tests compare
# with it), then pytest.
#
#   bindings/python/ci.sh            # everything
#   bindings/python/ci.sh -k compat  # extra arguments go to pytest
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
python="${PYTHON:-python3}"
venv="$here/.venv-ci"
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
# maturin builds with cargo's dev profile into <workspace>/target (a release build would
# compile every dependency again, with fat LTO); --locked keeps the workspace's Cargo.lock
# authoritative. A wheel to ship is built with `maturin build --release`.
rm -rf "$here/dist"
"$venv/bin/maturin" build --locked --interpreter "$venv/bin/python" --out "$here/dist"
# One abi3 wheel serves CPython 3.9 and later: refuse a build that lost the tag.
wheels=("$here"/dist/hashbridge-*.whl)
case "${wheels[0]##*/}" in
    hashbridge-*-cp39-abi3-*.whl) ;;
    *) echo "bindings/python/ci.sh: ${wheels[0]##*/} is not a cp39-abi3 wheel" >&2; exit 1 ;;
esac
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "${wheels[0]}"
# The bulk tests check the Dask job against the command line's single-process `hashbridge
# wrap`: build it unless HASHBRIDGE_CLI names one. The workspace's own test build makes it
# (target/debug/hashbridge, for the command line's tests); asking for that same build, from
# the workspace root, is a no-op after `cargo test --locked` (.ci/run's first step), where
# building the binary alone would resolve other features and compile it again.
if [ -z "${HASHBRIDGE_CLI:-}" ]; then
    (cd "$here/../.." && cargo test --locked --no-run)
    target_dir="$(cargo metadata --locked --no-deps --format-version 1 \
        | "$venv/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
    export HASHBRIDGE_CLI="$target_dir/debug/hashbridge"
fi
# Run against the installed wheel, not the source tree: a test dir on sys.path only.
cd "$here/tests"
RUST_BACKTRACE=0 "$venv/bin/python" -m pytest -q -p no:cacheprovider --rootdir "$here/tests" "$@" .
