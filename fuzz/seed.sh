#!/usr/bin/env bash
# Seed each target's corpus from the public vectors (hash strings, passwords, whole records).
set -euo pipefail
cd "$(dirname "$0")"
python3 - <<'PY'
import base64, hashlib, json, os, glob
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
        # Aimed at the vector's own parser, with its salt and user name as context.
        enc = v.get("salt_encoding", "utf8")
        salt = v.get("salt", "")
        try:
            salt = (bytes.fromhex(salt) if enc == "hex" else base64.b64decode(salt) if enc == "base64"
                    else salt.encode())
        except ValueError:  # the malformed vectors' salts stay as written
            salt = salt.encode()
        ctx = h + b"\x01" + salt.replace(b"\x01", b"") + b"\x01" + v.get("username", "").encode()
        put("parse", bytes([i % 256]) + v["format"].encode() + b"\x02" + ctx)
        put("verify", bytes([(i * 2 + 1) % 256]) + pw.replace(b"\0", b"") + b"\0" + h)
        put("batch_line", line.rstrip("\n").encode())
# The parsers of tests/data/*formats3*.jsonl: one string of each format (and its context) under
# every pick byte, so `parse` and `verify` reach each parser through its own hint whatever its
# place in the registry.
first = {}
for path in sorted(glob.glob("../tests/data/*formats3*.jsonl")):
    for line in open(path, encoding="utf-8"):
        v = json.loads(line)
        first.setdefault((v["format"], "expect" in v), v)
for v in first.values():
    h = v["hash"].encode()
    ctx = b"\x01" + v.get("salt", "").encode() + b"\x01" + v.get("username", "").encode()
    pw = v.get("password", "").encode().replace(b"\0", b"")
    for pick in range(256):
        put("parse", bytes([pick]) + h + ctx)
        if pick & 1:
            put("verify", bytes([pick]) + pw + b"\0" + h)
# Export readers: the first byte picks the format (index in Format::ALL), the rest is the file.
FORMATS = {"shadow": 0, "htpasswd": 1, "ldif": 2, "csv": 3, "jsonl": 4, "firebase": 5,
           "keycloak": 6, "auth0": 7, "django": 8}
def export_seed(fmt, content):
    put("export_readers", bytes([FORMATS[fmt]]) + content)
    put("export_readers", bytes([FORMATS[fmt] | 0xC0]) + content[:2048])
for rel, fmt in [("shadow/shadow", "shadow"), ("shadow/passwd", "shadow"),
                 ("htpasswd/htpasswd", "htpasswd"), ("htpasswd/htdigest", "htpasswd"),
                 ("ldif/slapcat.ldif", "ldif"), ("ldif/slapadd-input.ldif", "ldif"),
                 ("firebase/users.json", "firebase"), ("firebase/users.csv", "firebase"),
                 ("keycloak/realm-export.json", "keycloak"), ("auth0/export.ndjson", "auth0"),
                 ("auth0/import.json", "auth0"), ("django/users.json", "django"),
                 ("django/users.jsonl", "django"), ("django/full.json", "django")]:
    export_seed(fmt, open(os.path.join("../tests/data/exports", rel), "rb").read())
export_seed("csv", b"username;password_hash;salt;salt_encoding;param.realm\nu;$1$ab$cd;00ff;hex;r\n"
                   b"v;\"q;\"\"x\";;;\n")
export_seed("jsonl", b"".join(open(p, "rb").readlines()[0] for p in glob.glob("../tests/data/*.jsonl")))
PY
