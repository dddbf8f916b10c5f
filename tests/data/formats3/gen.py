#!/usr/bin/env python3
"""Regenerate tests/data/formats3-tail.public.jsonl.

Each format's vectors come from at least two independent producers:

* hashcat's Perl test modules (`tools/test_modules/mNNNNN.pm` of a hashcat checkout, named by
  `HASHCAT_TEST_MODULES`), run through `perl/hcgen.pl` with the machine's Perl and the CPAN
  modules Debian packages (libcrypt-pbkdf2-perl, libcryptx-perl, libdigest-hmac-perl, ...);
  `perl/` holds two small stand-ins for modules Debian does not package (Digest::SHA1 over
  Digest::SHA, Convert::EBCDIC over Encode's cp37);
* the system's own code where it runs here (Dovecot's `doveadm pw`, MIT krb5's `ktutil`,
  pydal's `CRYPT` validator, pymongo's SCRAM helpers, PHP's `hash()`/`crypt()`), named per
  vector; and the documented algorithm written out with Python's hashlib where nothing else runs;
* hashcat's module self-tests (`ST_HASH`/`ST_PASS` of `src/modules/module_NNNNN.c`) and John the
  Ripper's format test vectors, copied verbatim and named as such.

Run from the repository root:

    HASHCAT_TEST_MODULES=/path/to/hashcat/tools/test_modules \\
        python3 tests/data/formats3/gen.py > tests/data/formats3-tail.public.jsonl

Nothing here is fetched: the third-party code is read from where the caller keeps it.
"""

import base64
import hashlib
import hmac
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
HASHCAT = "hashcat (d3983edaf)"
JOHN = "John the Ripper bleeding-jumbo (3c2e19c0d)"
OUT = []


def b64(b):
    return base64.b64encode(b).decode()


def hc(mode, word, *args, utf8_word=False):
    """hashcat's Perl test module `mode` on `word` and `args` (bytes are passed as $HEX[..])."""
    def arg(a):
        if isinstance(a, bytes):
            return "$HEX[" + a.hex() + "]"
        return str(a)

    env = dict(os.environ)
    env["PERL5LIB"] = os.path.join(HERE, "perl")
    if utf8_word:
        env["HC_WORD_UTF8"] = "1"
    out = subprocess.run(
        ["perl", os.path.join(HERE, "perl", "hcgen.pl"), str(mode), arg(word)] + [arg(a) for a in args],
        check=True, capture_output=True, env=env,
    ).stdout
    # Modules print binary salts as they are: keep every byte (Latin-1 maps bytes 1:1).
    return out.decode("latin-1").rstrip("\n")


def hc_source(mode):
    return f"tools/test_modules/m{mode:05d}.pm"


def add(fmt, producer, source, password, hash_, valid, n, **kw):
    v = {"id": f"{kw.pop('prefix', 'f3')}-{fmt}-{n}", "format": fmt, "producer": producer, "source": source}
    if isinstance(password, bytes):
        v["password_hex"] = password.hex()
    else:
        v["password"] = password
    v["hash"] = hash_
    for k in ("salt", "salt_encoding", "username", "params"):
        if k in kw and kw[k] is not None:
            v[k] = kw.pop(k)
    v["valid"] = valid
    if kw.get("note"):
        v["note"] = kw.pop("note")
    OUT.append(v)


class Counter:
    """Numbers a format's vectors and adds each positive with its negatives."""

    def __init__(self, fmt):
        self.fmt = fmt
        self.n = 0

    def pos(self, producer, source, password, hash_, **kw):
        self.n += 1
        add(self.fmt, producer, source, password, hash_, True, self.n, **kw)

    def neg(self, producer, source, password, hash_, **kw):
        self.n += 1
        add(self.fmt, producer, source, password, hash_, False, self.n, **kw)


# ------------------------------------------------------------------------------------------------
# ASP.NET SqlMembershipProvider: base64(H(salt || UTF-16LE(password))), salt column base64.

def aspnet_membership():
    for fmt, mode, alg, st in [
        ("aspnet_membership_md5", 40, "md5", ("23a8a90599fc5d0d15265d4d3b565f6e", "58802707")),
        ("aspnet_membership_sha384", 10840, "sha384",
         ("316e93ea8e04de3e5a909c53d36923a31a16c1b9e89b44201d6082f87ca49c5bca53cad65f685207db3ea2ccc7ca40f8", "700067651")),
        ("aspnet_membership_sha512", 1740, "sha512",
         ("ce77bf8a8ca9b9cf0ed67edde58ed7fafd4542ce1378fc8bd87b05656ebf92e5711517d5930c18de93a71990e77e1037423e5b64c2f293be7d859d7b6921622e", "1512373")),
    ]:
        c = Counter(fmt)
        # hashcat's module self-test, the hex digest re-encoded as the provider stores it.
        digest_hex, salt = st
        c.pos(f"{HASHCAT} module self-test", f"src/modules/module_{mode:05d}.c ST_HASH, digest re-encoded to base64",
              "hashcat", b64(bytes.fromhex(digest_hex)), salt=salt, salt_encoding="utf8",
              note="hashcat writes the digest in hex and the salt as text; the provider stores base64 of both")
        c.neg(f"{HASHCAT} module self-test", f"src/modules/module_{mode:05d}.c ST_HASH", "hashcaT",
              b64(bytes.fromhex(digest_hex)), salt=salt, salt_encoding="utf8", note="negative: last letter's case")
        # A 16-byte random salt as the provider makes (RNGCryptoServiceProvider), in the column's base64.
        for i, (pw, salt_b64) in enumerate([
            ("password", "2HaBX47zBnGaznvfWSS0Dw=="),
            ("pässwörd ½", "q83vEjRWeJCrze8SNFZ4kA=="),
        ]):
            salt = base64.b64decode(salt_b64)
            out = hc(mode, pw, salt, utf8_word=True)
            digest_hex = out.split(":", 1)[0]
            hashed = b64(bytes.fromhex(digest_hex))
            ours = b64(hashlib.new(alg, salt + pw.encode("utf-16-le")).digest())
            assert ours == hashed, (fmt, ours, hashed)
            c.pos(f"{HASHCAT} Perl test module; Python hashlib (SqlMembershipProvider.EncodePassword)",
                  hc_source(mode), pw, hashed, salt=salt_b64, salt_encoding="base64",
                  note="aspnet_Membership.Password and .PasswordSalt as stored")
            c.neg(f"{HASHCAT} Perl test module", hc_source(mode), pw + " ", hashed, salt=salt_b64,
                  salt_encoding="base64", note="negative: trailing space")
            if i == 0:
                other = b64(base64.b64decode("q83vEjRWeJCrze8SNFZ4kA=="))
                c.neg("Python hashlib", hc_source(mode), pw, hashed, salt=other, salt_encoding="base64",
                      note="negative: another row's salt")


def main():
    aspnet_membership()
    for v in OUT:
        print(json.dumps(v, ensure_ascii=False))


if __name__ == "__main__":
    main()
