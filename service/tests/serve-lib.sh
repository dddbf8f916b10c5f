# Shell helpers for the service's scripts (sourced by tests/status_page.sh and bench/load.sh):
# a scratch directory removed on exit with the server it started, free ports, and starting
# `hashbridge serve` and waiting until it answers.

work="$(mktemp -d)"
server=""
hb_cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap hb_cleanup EXIT

hb_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# hb_serve BINARY STORE PORT SECRET [serve options...]: start the server in the background
# (its pid in $server, its log in $work/serve.log) and wait for /healthz.
hb_serve() {
  local bin="$1" store="$2" port="$3" secret="$4"
  shift 4
  printf '%s\n' "$secret" > "$work/secret"
  "$bin" serve --store "$store" --listen "127.0.0.1:$port" --secret-file "$work/secret" \
    --log warn "$@" 2>"$work/serve.log" &
  server=$!
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return 0
    sleep 0.1
  done
  echo "hashbridge serve did not come up:" >&2
  cat "$work/serve.log" >&2
  return 1
}
