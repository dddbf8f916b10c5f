#!/usr/bin/env bash
# Load test of `hashbridge serve` on loopback with wrk (Debian's `wrk`), bounded in time:
#   1. md5-crypt accounts, 16 connections: throughput and latency of cheap legacy verifies;
#   2. argon2id accounts (m=19456 t=2 p=1, the default target), 4 connections per core:
#      throughput against cores x the one-thread rate of `hashbridge bench`;
#   2b. unknown users, the same way: they are verified against the target's dummy hash, so
#      their throughput and latency should match the argon2id accounts';
#   3. 4x overload: four times as many connections as the pool holds (threads + queue
#      places) on argon2id accounts; 503s with
#      Retry-After, how fast they come (a curl probe alongside), and the server's resident
#      memory sampled throughout (peak RSS from /proc/PID/status VmHWM).
# Figures go to stdout and $OUT/load.md (a Markdown table and the raw results).
#
# Usage: service/bench/load.sh [--smoke] [BINARY]
#   default BINARY: target/release/hashbridge (build it first: cargo build --release -p hashbridge-cli)
#   --smoke: short phases with checks only (CI uses it with the debug build).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
smoke=0
if [ "${1:-}" = "--smoke" ]; then smoke=1; shift; fi
bin="${1:-$root/target/release/hashbridge}"
out="${OUT:-$root/target/test-output/service}"
mkdir -p "$out"
command -v wrk >/dev/null || { echo "load: wrk is needed (apt-get install wrk)" >&2; exit 1; }
[ -x "$bin" ] || { echo "load: no binary at $bin" >&2; exit 1; }

if [ "$smoke" = 1 ]; then secs=3; users=300; else secs="${SECONDS_PER_PHASE:-20}"; users=2000; fi
cores="$(nproc)"
. "$root/service/tests/serve-lib.sh"
secret="load-test-secret-0123456789"
# md5-crypt: the libxcrypt vector of tests/data (password "password"); argon2id: a hash of the
# same password by the target, as an account that has been migrated would hold.
md5="$(python3 -c 'import json
for l in open("'"$root"'/tests/data/system.public.jsonl"):
    v = json.loads(l)
    if v["id"] == "libxcrypt-md5_crypt-1": print(v["hash"])')"
argon="$(printf password | "$bin" hash)"
python3 - "$work/users.jsonl" "$users" "$md5" "$argon" <<'PY'
import json, sys
path, n, md5, argon = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
with open(path, "w") as f:
    for i in range(n):
        f.write(json.dumps({"username": f"md5_{i}", "hash": md5}) + "\n")
        f.write(json.dumps({"username": f"argon_{i}", "hash": argon}) + "\n")
PY
store="sqlite:$work/legacy.db"
"$bin" import --from jsonl "$work/users.jsonl" --store "$store" 2>/dev/null

# The one-thread rate, in wall time and in CPU time (the machine may be shared: CPU time per
# verify is what contention does not change).
/usr/bin/time -f '%U %S' -o "$work/bench.cpu" "$bin" bench --scheme target \
  --seconds "$([ $smoke = 1 ] && echo 1 || echo 5)" --json > "$work/bench.json"
read -r single_ms single_cpu_ms < <(python3 - "$work/bench.json" "$work/bench.cpu" <<'PY'
import json, sys
b = json.loads(open(sys.argv[1]).readline())
u, s = map(float, open(sys.argv[2]).read().split()[-2:])
print(b["ms_per_verify"], (u + s) * 1000 / b["runs"])
PY
)

port="$(hb_free_port)"
hb_serve "$bin" "$store" "$port" "$secret" --admin-listen none \
  --account-failures 1000000 --client-failures 1000000
capacity=$((cores + cores * 16))

rss() { awk '/^VmRSS/ {print $2}' "/proc/$server/status"; }
hwm() { awk '/^VmHWM/ {print $2}' "/proc/$server/status"; }
cpu() { awk '{print $14 + $15}' "/proc/$server/stat"; } # utime + stime, clock ticks
phase() { # name prefix connections
  HB_SECRET="$secret" HB_PREFIX="$2" HB_USERS="$users" HB_PASSWORD=password \
    wrk -t2 -c"$3" -d"${secs}s" --timeout 30s -s "$root/service/bench/verify.lua" "http://127.0.0.1:$port" \
    | sed -n 's/^RESULT //p' > "$work/$1.json"
  echo "$1: $(cat "$work/$1.json")" >&2
}

phase warmup md5_ 4 >/dev/null 2>&1 || true
phase md5 md5_ 16
hwm_md5="$(hwm)"
# The server's own account of its verifies (the observer's histogram), before and after.
verify_stats() { # label -> "sum count" of hashbridge_verify_duration_seconds{scheme="argon2"}
  curl -s -H "Authorization: Bearer $secret" "http://127.0.0.1:$port/metrics" | awk '
    /^hashbridge_verify_duration_seconds_sum\{scheme="argon2"\}/ {s = $2}
    /^hashbridge_verify_duration_seconds_count\{scheme="argon2"\}/ {c = $2}
    END {print (s == "" ? 0 : s), (c == "" ? 0 : c)}'
}
cpu_before="$(cpu)"
read -r vs0 vc0 < <(verify_stats)
phase argon argon_ $((cores * 4))
read -r vs1 vc1 < <(verify_stats)
cpu_argon=$(( $(cpu) - cpu_before ))
phase unknown nobody_ $((cores * 4))
read -r vs2 vc2 < <(verify_stats)
hwm_argon="$(hwm)"
# Overload: 4x the connections, with RSS sampled and a probe timing individual answers.
( while kill -0 "$server" 2>/dev/null; do rss; sleep 0.2; done ) > "$work/rss.samples" &
sampler=$!
( sleep 1; for _ in $(seq 1 60); do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $secret" \
      -H 'Content-Type: application/json' --data '{"username":"argon_1","password":"password"}' \
      "http://127.0.0.1:$port/v1/verify"; sleep 0.02; done ) > "$work/probe" &
probe=$!
phase overload argon_ $((capacity * 4))
wait "$probe" || true
kill "$sampler" 2>/dev/null || true
hwm_overload="$(hwm)"

loadavg="$(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work" "$cores" "$single_ms" "$capacity" "$hwm_md5" "$hwm_argon" "$hwm_overload" "$smoke" "$out/load.md" "$bin" \
  "$single_cpu_ms" "$cpu_argon" "$(getconf CLK_TCK)" "$loadavg" "$vs0 $vc0 $vs1 $vc1 $vs2 $vc2" <<'PY'
import json, statistics, sys
single_cpu_ms, cpu_argon, tck, loadavg = float(sys.argv[11]), int(sys.argv[12]), int(sys.argv[13]), sys.argv[14]
vs0, vc0, vs1, vc1, vs2, vc2 = map(float, sys.argv[15].split())
argon_verify_ms = 1000 * (vs1 - vs0) / max(vc1 - vc0, 1)
unknown_verify_ms = 1000 * (vs2 - vs1) / max(vc2 - vc1, 1)
work, cores, single_ms, capacity = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
hwm_md5, hwm_argon, hwm_over, smoke, md, binary = int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7]), sys.argv[8] == "1", sys.argv[9], sys.argv[10]
r = {k: json.load(open(f"{work}/{k}.json")) for k in ("md5", "argon", "unknown", "overload")}
probe = [l.split() for l in open(f"{work}/probe") if l.strip()]
busy = sorted(float(t) * 1000 for s, t in probe if s == "503")
served = sorted(float(t) * 1000 for s, t in probe if s == "200")
samples = [int(x) for x in open(f"{work}/rss.samples") if x.strip()]
ideal = cores * 1000.0 / single_ms
ok = lambda k: r[k]["statuses"].get("200", 0)
def pct(xs, p):
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] if xs else float("nan")
lines = [
    f"| phase | connections | requests | req/s | p50 ms | p99 ms | statuses |",
    f"| --- | --- | --- | --- | --- | --- | --- |",
]
for k, c in (("md5", 16), ("argon", cores * 4), ("unknown", cores * 4), ("overload", capacity * 4)):
    x = r[k]
    lines.append(f"| {k} | {c} | {x['requests']} | {x['rps']:.1f} | {x['p50_ms']:.2f} | {x['p99_ms']:.2f} | {json.dumps(x['statuses'])} |")
argon_ok_rps = ok("argon") / r["argon"]["seconds"]
cpu_per_login = cpu_argon * 1000 / tck / max(ok("argon"), 1)
over_ok_rps = ok("overload") / r["overload"]["seconds"]
lines += [
    "",
    f"- one-thread argon2id verify (`hashbridge bench --scheme target`): {single_ms:.2f} ms; {cores} cores x that rate = {ideal:.1f}/s",
    f"- argon2id served: {argon_ok_rps:.1f}/s = {100 * argon_ok_rps / ideal:.1f}% of cores x single rate; under 4x overload {over_ok_rps:.1f}/s served",
    f"- in the server (observer histogram): argon2id verify {argon_verify_ms:.2f} ms for accounts, {unknown_verify_ms:.2f} ms for unknown users (dummy hash); "
    f"{cores} hashing threads busy {100 * argon_ok_rps * argon_verify_ms / 1000 / cores:.1f}% of the argon2id phase, i.e. {argon_ok_rps:.1f}/s against a ceiling of {cores * 1000 / argon_verify_ms:.1f}/s at that verify time",
    f"- CPU per argon2id login in the server (hashing, HTTP, store): {cpu_per_login:.2f} ms, against {single_cpu_ms:.2f} ms CPU per verify in the one-thread bench ({100 * single_cpu_ms / cpu_per_login:.1f}%): cores / CPU per login = {cores * 1000 / cpu_per_login:.1f}/s",
    f"- load average (1, 5, 15 min) at the end: {loadavg}",
    f"- unknown users: {r['unknown']['rps']:.1f}/s, p50 {r['unknown']['p50_ms']:.2f} ms, against {r['argon']['rps']:.1f}/s, p50 {r['argon']['p50_ms']:.2f} ms for argon2id accounts",
    f"- overload probe: {len(busy)} answers 503 (p50 {pct(busy, 50):.2f} ms, p99 {pct(busy, 99):.2f} ms), {len(served)} answered 200 (p50 {pct(served, 50):.1f} ms)",
    f"- peak RSS (VmHWM): {hwm_md5 / 1024:.1f} MiB after md5-crypt, {hwm_argon / 1024:.1f} MiB after argon2id at capacity, {hwm_over / 1024:.1f} MiB after 4x overload; RSS during overload {min(samples) / 1024:.1f}-{max(samples) / 1024:.1f} MiB over {len(samples)} samples",
    f"- binary: {binary}",
]
text = "\n".join(lines)
print(text)
open(md, "w").write(text + "\n")
errors = []
if ok("md5") == 0 or ok("argon") == 0 or ok("unknown") == 0:
    errors.append("no successful logins")
if r["overload"]["statuses"].get("503", 0) == 0:
    errors.append("no 503 under 4x overload")
if any(s not in ("200", "503") for k in r for s in r[k]["statuses"]):
    errors.append("unexpected statuses")
if busy and pct(busy, 99) > 250:
    errors.append("503s are not fast")
if hwm_over > hwm_argon * 1.5 + 64 * 1024:
    errors.append("memory grew under overload")
# Wall-clock rates depend on what else the machine runs; the share of the phase the hashing
# threads spent verifying, timed by the server itself, does not: it is the throughput against
# cores x the single-verify rate under the conditions of the run.
busy_share = argon_ok_rps * argon_verify_ms / 1000 / cores
if not smoke and busy_share < 0.9:
    errors.append(f"the hashing threads were busy {100 * busy_share:.1f}% of the argon2id phase (< 90%)")
if errors:
    sys.exit("load: " + "; ".join(errors))
PY
