#!/usr/bin/env bash
# The status page in a real browser: Debian's chromium, headless, renders GET /status from the
# admin listener of a `hashbridge serve` whose store holds the shadow export with some users
# migrated; the screenshot goes to $OUT/status.png and the rendered DOM and pixels are checked
# (the chart's bars are drawn: green for migrated, amber for legacy).
#
# Usage: service/tests/status_page.sh [HASHBRIDGE_BINARY]   (OUT defaults to target/test-output/service)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${1:-$root/target/debug/hashbridge}"
out="${OUT:-$root/target/test-output/service}"
mkdir -p "$out"

browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "status_page: installing Debian's chromium" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || true
  browser="$(command -v chromium || true)"
fi
if [ -z "$browser" ]; then
  echo "status_page: SKIPPED: no chromium and it cannot be installed here" >&2
  exit 0
fi

. "$root/service/tests/serve-lib.sh"
port="$(hb_free_port)"
admin="$(hb_free_port)"
secret="status-page-secret-0123456789"
store="sqlite:$work/legacy.db"
"$bin" import --from shadow "$root/tests/data/exports/shadow/shadow" --store "$store" 2>/dev/null
"$bin" import --from ldif "$root/tests/data/exports/ldif/slapcat.ldif" --store "$store" 2>/dev/null
hb_serve "$bin" "$store" "$port" "$secret" --admin-listen "127.0.0.1:$admin"

login() {
  curl -s -H "Authorization: Bearer $secret" -H 'Content-Type: application/json' \
    --data "$(python3 -c 'import json,sys; print(json.dumps({"username":sys.argv[1],"password":sys.argv[2]}))' "$1" "$2")" \
    "http://127.0.0.1:$port/v1/verify"
}
python3 - "$root/tests/data/exports/shadow/shadow.passwords.json" > "$work/logins" <<'PY'
import json, sys
for user, pw in json.load(open(sys.argv[1])).items():
    if user in ("alice", "bob", "carol", "erin"):
        print(user + "\t" + pw)
PY
while IFS=$'\t' read -r user pw; do
  login "$user" "$pw" | grep -q '"valid":true' || { echo "status_page: $user did not log in" >&2; exit 1; }
done < "$work/logins"
login heidi wrong-password >/dev/null

url="http://127.0.0.1:$admin/status"
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$work/profile")
"$browser" "${flags[@]}" --window-size=900,760 --screenshot="$out/status.png" "$url" 2>"$work/chromium.log" \
  || { cat "$work/chromium.log" >&2; exit 1; }
"$browser" "${flags[@]}" --dump-dom "$url" > "$out/status.dom.html" 2>>"$work/chromium.log"

python3 - "$out/status.png" "$out/status.dom.html" <<'PY'
import re, struct, sys, zlib

png, dom = sys.argv[1], open(sys.argv[2], encoding="utf-8").read()
for want in ['id="chart"', 'class="migrated"', 'class="legacy"', "sha512_crypt", "ldap_salted_sha1", "failed logins"]:
    assert want in dom, f"rendered page lacks {want!r}"
m = re.search(r'id="share">([0-9.]+)% migrated', dom)
assert m, "no headline share"
# 4 of the 7 shadow accounts with a hash (frank locked among them) and the 12 LDIF ones with a password: 4 of 19.
assert abs(float(m.group(1)) - 100 * 4 / 19) < 0.1, m.group(1)

data = open(png, "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, width, height, depth, ctype = 8, b"", 0, 0, 0, 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
assert depth == 8 and ctype in (2, 6), (depth, ctype)
bpp = 3 if ctype == 2 else 4
raw = zlib.decompress(idat)
stride = width * bpp
prev = bytearray(stride)
counts = {"migrated": 0, "legacy": 0}
colours = {(0x2E, 0x7D, 0x32): "migrated", (0xF9, 0xA8, 0x25): "legacy"}
i = 0
for _ in range(height):
    f = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]
        c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, bpp):
        name = colours.get(tuple(line[x:x + 3]))
        if name:
            counts[name] += 1
    prev = line
assert counts["migrated"] > 2000 and counts["legacy"] > 2000, counts
print(f"status_page: {width}x{height} screenshot, {counts['migrated']} migrated-green and "
      f"{counts['legacy']} legacy-amber pixels, headline {m.group(1)}% -> {png}")
PY
