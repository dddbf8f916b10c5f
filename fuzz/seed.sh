#!/usr/bin/env bash
# Seed each target's corpus from the public vectors (hash strings, passwords, whole records).
set -euo pipefail
cd "$(dirname "$0")"
python3 - <<'PY'
import hashlib, json, os, glob
def put(target, data):
    d = os.path.join("corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)
for path in glob.glob("../tests/data/*.jsonl"):
    for i, line in enumerate(open(path, encoding="utf-8")):
        v = json.loads(line)
        h = v["hash"].encode()
        pw = v.get("password", "").encode()
        put("identify", h)
        put("parse", bytes([i % 256]) + h)
        put("verify", bytes([(i * 2 + 1) % 256]) + pw.replace(b"\0", b"") + b"\0" + h)
        put("batch_line", line.rstrip("\n").encode())
PY
