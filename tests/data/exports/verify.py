#!/usr/bin/env python3
"""Check that every password in every *.passwords.json sidecar verifies against the hash
the producer tool wrote. Independent verifiers: libxcrypt crypt(3) via ctypes, passlib,
bcrypt, argon2-cffi, hashlib, and Django's own check_password. Run with the fixtures venv."""
import base64, ctypes, ctypes.util, hashlib, json, os, re, subprocess, sys

F = os.path.dirname(os.path.abspath(__file__))
_libcrypt = ctypes.CDLL(ctypes.util.find_library("crypt"))
_libcrypt.crypt.restype = ctypes.c_char_p
_libcrypt.crypt.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
fails = 0
count = 0


def ccrypt(pw: str, h: str) -> bool:
    r = _libcrypt.crypt(pw.encode(), h.encode())
    return r is not None and r.decode() == h


def check(where, user, ok):
    global fails, count
    count += 1
    if not ok:
        fails += 1
        print(f"FAIL {where}: {user}")


def sidecar(path):
    with open(path + ".passwords.json", encoding="utf-8") as f:
        return json.load(f)


# --- shadow ---------------------------------------------------------------------------
def shadow():
    pw = sidecar(f"{F}/shadow/shadow")
    for line in open(f"{F}/shadow/shadow", encoding="utf-8"):
        user, h = line.split(":")[:2]
        if user in pw:
            check("shadow", user, ccrypt(pw[user], h.lstrip("!")))
        else:
            check("shadow(no-pw)", user, h in ("", "*", "!", "!!", "!*"))
    check("shadow", "all-in-file", set(pw) <= {l.split(":")[0] for l in open(f"{F}/shadow/shadow")})


# --- htpasswd / htdigest --------------------------------------------------------------
def htpasswd():
    from passlib.hash import apr_md5_crypt
    import bcrypt
    pw = sidecar(f"{F}/htpasswd/htpasswd")
    for line in open(f"{F}/htpasswd/htpasswd", encoding="utf-8"):
        user, h = line.rstrip("\n").split(":", 1)
        p = pw[user]
        is_plain = False
        if h.startswith("$apr1$"):
            ok = apr_md5_crypt.verify(p, h)
        elif h.startswith("{SHA}"):
            ok = base64.b64encode(hashlib.sha1(p.encode()).digest()).decode() == h[5:]
        elif h.startswith("$2y$"):
            ok = bcrypt.checkpw(p.encode()[:72], h.encode()) and ccrypt(p, h)
        elif h.startswith("$") or re.fullmatch(r"[./0-9A-Za-z]{13}", h):
            ok = ccrypt(p, h)
        else:
            ok = h == p  # -p plaintext
            is_plain = True
        check("htpasswd", user, ok)
        # also ask the producer itself
        r = subprocess.run(["htpasswd", "-v", "-i", f"{F}/htpasswd/htpasswd", user],
                           input=p.encode(), capture_output=True)
        if is_plain:  # apr_password_validate() does not accept plaintext on Unix: -v must fail
            check("htpasswd -v (plaintext rejected)", user, r.returncode != 0)
        else:
            check("htpasswd -v", user, r.returncode == 0)
    pw = sidecar(f"{F}/htpasswd/htdigest")
    for line in open(f"{F}/htpasswd/htdigest", encoding="utf-8"):
        user, realm, h = line.rstrip("\n").split(":")
        check("htdigest", user, hashlib.md5(f"{user}:{realm}:{pw[user]}".encode()).hexdigest() == h)


# --- LDIF ----------------------------------------------------------------------------
def ldap_verify(p, v):
    from passlib.hash import ldap_pbkdf2_sha256
    import argon2
    m = re.match(r"\{([A-Z0-9-]+)\}(.*)", v, re.S)
    if not m:
        return v == p
    scheme, rest = m.groups()
    b = p.encode()
    if scheme in ("SSHA", "SMD5", "SSHA512"):
        raw = base64.b64decode(rest)
        alg, n = {"SSHA": ("sha1", 20), "SMD5": ("md5", 16), "SSHA512": ("sha512", 64)}[scheme]
        return hashlib.new(alg, b + raw[n:]).digest() == raw[:n]
    if scheme in ("SHA", "MD5"):
        return hashlib.new({"SHA": "sha1", "MD5": "md5"}[scheme], b).digest() == base64.b64decode(rest)
    if scheme == "CRYPT":
        return ccrypt(p, rest)
    if scheme == "ARGON2":
        return argon2.PasswordHasher().verify(rest, p)
    if scheme == "PBKDF2-SHA256":
        return ldap_pbkdf2_sha256.verify(p, v)
    raise ValueError(scheme)


def ldif():
    for name in ("slapcat.ldif", "slapadd-input.ldif"):
        path = f"{F}/ldif/{name}"
        pw = sidecar(path)
        text = open(path, encoding="utf-8").read().replace("\n ", "")  # unfold
        seen = set()
        for entry in text.strip().split("\n\n"):
            uid, vals = None, []
            for line in entry.splitlines():
                k, _, v = line.partition(":")
                if v.startswith(":"):
                    v = base64.b64decode(v[1:].strip()).decode("utf-8")
                else:
                    v = v.strip()
                if k == "uid":
                    uid = v
                elif k == "userPassword":
                    vals.append(v)
            if uid and vals:
                seen.add(uid)
                for v in vals:
                    check(name, f"{uid} {v.split('}')[0]}}}", ldap_verify(pw[uid], v))
        check(name, "all-users-seen", seen == set(pw))


# --- Django --------------------------------------------------------------------------
def django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fixturesite.settings")
    sys.path.insert(0, f"{F}/django")
    import django as dj
    dj.setup()
    from django.contrib.auth.hashers import check_password, is_password_usable
    for name in ("users.json", "users.jsonl", "full.json"):
        path = f"{F}/django/{name}"
        pw = sidecar(path)
        if name.endswith("jsonl"):
            objs = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
        else:
            objs = json.load(open(path, encoding="utf-8"))
        users = {o["fields"]["username"]: o["fields"]["password"] for o in objs if o["model"] == "auth.user"}
        for u, h in users.items():
            if u in pw:
                check(name, u, check_password(pw[u], h))
            else:
                check(name + "(unusable)", u, not is_password_usable(h))
        check(name, "all-users-seen", set(pw) <= set(users))


if __name__ == "__main__":
    shadow(); htpasswd(); ldif(); django()
    print(f"verify: {count - fails} passed, {fails} failed")
    sys.exit(1 if fails else 0)
