#!/usr/bin/env python3
"""Regenerates ../formats3-common.public.jsonl: known-answer vectors of the formats of
formats3 (osCommerce, 389-DS, vBulletin 5, Domino, SAP, MediaWiki, Jackrabbit, FortiGate, AIX).

Every hash here comes from a producer outside this repository, run on this machine:
  HASHCAT_DIR  a hashcat checkout: its Perl test modules (tools/test_modules/m*.pm) are
               called through hashcat_gen.pl, and its module self-test hashes are quoted
  JOHN_DIR     a John the Ripper checkout: the test vectors of its formats are read from source
  OSC_HASH     osCommerce's catalog/includes/OSC/OM/Hash.php, run under php-cli
  MW_DIR       MediaWiki's includes/ (password classes), run under php-cli
  pwdhash      389-ds-base's pwdhash (Debian package 389-ds-base)
  OAK_DIR      Apache Jackrabbit Oak's PasswordUtil.java compiled on its own (package, logging and
               annotations stripped; its hashing code untouched), with a main class Gen
Nothing here computes a hash itself. Run: python3 gen_common.py > ../formats3-common.public.jsonl (or name sections to print)
"""
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
HASHCAT = os.environ.get("HASHCAT_DIR", "")
JOHN = os.environ.get("JOHN_DIR", "")
OUT = []
HASHCAT_VERSION = "hashcat (master, tools/test_modules)"
JOHN_VERSION = "John the Ripper bleeding-jumbo"
PHP_VERSION = "php-cli " + subprocess.run(["php", "-r", "echo PHP_VERSION;"], capture_output=True).stdout.decode()


def hx(s):
    if s is None:
        return "-"
    if isinstance(s, str):
        s = s.encode()
    return s.hex() if s else ""


def hashcat(mode, word, *args):
    """module_generate_hash of hashcat's Perl test module for `mode`."""
    cmd = ["perl", os.path.join(HERE, "hashcat_gen.pl"), str(mode), hx(word) or "''"]
    cmd = ["perl", os.path.join(HERE, "hashcat_gen.pl"), str(mode), hx(word)]
    cmd += [hx(a) for a in args]
    out = subprocess.run(cmd, check=True, capture_output=True, env=dict(os.environ)).stdout
    return out.decode().strip()


def self_test(mode):
    """The ST_HASH / ST_PASS of hashcat's module source."""
    src = open(os.path.join(HASHCAT, "src", "modules", "module_%05d.c" % mode)).read()
    h = re.search(r'ST_HASH\s*=\s*"((?:[^"\\]|\\.)*)"', src).group(1)
    p = re.search(r'ST_PASS\s*=\s*"((?:[^"\\]|\\.)*)"', src).group(1)
    return h.encode().decode("unicode_escape"), p


def john_tests(fmt_file, array="tests"):
    """The {"hash", "password"} pairs of a John the Ripper format's self-tests."""
    src = open(os.path.join(JOHN, "src", fmt_file), encoding="latin-1").read()
    start = re.search(re.escape(array) + r"\[\]\s*=\s*\{", src).start()
    body = src[start:src.index("{NULL}", start)]
    pairs = []
    for m in re.finditer(r'\{\s*((?:"(?:[^"\\]|\\.)*"\s*)+),\s*"((?:[^"\\]|\\.)*)"\s*\}', body):
        line_start = body.rfind("\n", 0, m.start()) + 1
        if body[line_start:m.start()].strip().startswith("//"):
            continue
        h = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1)))
        pairs.append((c_unescape(h), c_unescape(m.group(2))))
    return pairs


def c_unescape(s):
    b = s.encode("latin-1").decode("unicode_escape").encode("latin-1")
    return b.decode("utf-8")


def php(code):
    return subprocess.run(["php", "-r", code], check=True, capture_output=True).stdout.decode()


def add(fmt, producer, n, password, hash_, valid, note=None, **extra):
    rec = {"id": "%s-%s-%s" % (producer.split()[0].lower().replace(":", ""), fmt, n),
           "format": fmt, "producer": producer, "password": password, "hash": hash_}
    rec.update(extra)
    rec["valid"] = valid
    if note:
        rec["note"] = note
    OUT.append(rec)


def append_x(pw):
    return pw + "x" if pw else "x"


def first_changed(pw):
    """A wrong password for formats that read only a prefix or fold case."""
    return chr(ord(pw[0]) ^ 1) + pw[1:] if pw else "X"


def positives_and_negatives(fmt, producer, tag, cases, note=None, wrong=append_x, **extra):
    """Each (password, hash) as a positive, and with a changed password as a negative. A case
    may carry its own extra fields as a third element."""
    for i, case in enumerate(cases, 1):
        pw, h = case[0], case[1]
        fields = dict(extra, **(case[2] if len(case) > 2 else {}))
        add(fmt, producer, "%s%d" % (tag, i), pw, h, True, note, **fields)
        add(fmt, producer, "%s%d-wrong" % (tag, i), wrong(pw), h, False, note, **fields)


# ---------------------------------------------------------------------------------------------
def oscommerce():
    h, p = self_test(21)
    add("oscommerce", HASHCAT_VERSION, "st", p, h, True, "hashcat mode 21 self-test")
    add("oscommerce", HASHCAT_VERSION, "st-wrong", "Hashcat", h, False, "hashcat mode 21 self-test")
    cases = [(pw, hashcat(21, pw, salt)) for pw, salt in
             [("password", "a7"), ("correct horse battery staple", "Zq"), ("pässwörd", "0f")]]
    positives_and_negatives("oscommerce", HASHCAT_VERSION + " m00021.pm", "pm", cases)
    osc = os.environ["OSC_HASH"]
    cases = []
    for pw in ["hashcat", "Customer#2009", "ünïcödé"]:
        h = php('require %r; echo OSC\\OM\\Hash::encrypt(%r, "salt");' % (osc, pw)).strip()
        ok = php('require %r; echo var_export(OSC\\OM\\Hash::verify(%r, %r), true);' % (osc, pw, h))
        assert ok == "true", (pw, h, ok)
        cases.append((pw, h))
    positives_and_negatives("oscommerce", "osCommerce 2.4 OSC\\OM\\Hash::encrypt($plain, 'salt') under " + PHP_VERSION, "php", cases,
                            "the salt scheme osCommerce 2.x writes and 2.4 still verifies")


def ds389():
    h, p = self_test(10901)
    add("ds389_pbkdf2_sha256", HASHCAT_VERSION, "st", p, h, True, "hashcat mode 10901 self-test")
    add("ds389_pbkdf2_sha256", HASHCAT_VERSION, "st-wrong", "hashcaT", h, False, "hashcat mode 10901 self-test")
    cases = [(pw, hashcat(10901, pw, salt, it)) for pw, salt, it in
             [("secret", bytes(range(64)), None), ("Pässwörd 2", b"S" * 64, "30000")]]
    positives_and_negatives("ds389_pbkdf2_sha256", HASHCAT_VERSION + " m10901.pm", "pm", cases,
                            "hashcat's Perl module (Crypt::PBKDF2); 8192 iterations, one at 30000 (389-DS 1.4.x tunes the count)")
    ver = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "389-ds-base"], capture_output=True).stdout.decode()
    cases = []
    for pw in ["secret123", "correct horse battery staple", "Grüße aus Köln", " "]:
        h = subprocess.run(["pwdhash", "-s", "PBKDF2_SHA256", pw], check=True, capture_output=True).stdout.decode().strip()
        cases.append((pw, h))
    positives_and_negatives("ds389_pbkdf2_sha256", "389-ds-base %s pwdhash -s PBKDF2_SHA256 (Debian 12)" % ver, "pwdhash", cases)


def vbulletin5():
    h, p = self_test(25600)
    add("vbulletin5", HASHCAT_VERSION, "st", p, h, True, "hashcat mode 25600 self-test (cost 05)")
    add("vbulletin5", HASHCAT_VERSION, "st-wrong", "hashcat ", h, False, "hashcat mode 25600 self-test")
    cases = [(pw, hashcat(25600, pw, salt, "10")) for pw, salt in
             [("vbulletin", b"0123456789abcdef"), ("Fórum pass 5", bytes(range(100, 116)))]]
    positives_and_negatives("vbulletin5", HASHCAT_VERSION + " m25600.pm", "pm", cases,
                            "cost 10, vBulletin 5's default (scheme blowfish:10)")
    cases = []
    for pw in ["vbulletin", "p@ssw0rd!", "a much longer passphrase than bcrypt's seventy-two bytes would read whole, here"]:
        h = php('echo password_hash(md5(%r), PASSWORD_BCRYPT, ["cost" => 10]);' % pw).strip()
        cases.append((pw, h))
    positives_and_negatives("vbulletin5", PHP_VERSION + " password_hash(md5($password), PASSWORD_BCRYPT, cost 10)", "php", cases,
                            "vBulletin 5's user.token; the md5 pre-hash keeps long passwords whole")


def john(fmt, file, tag, note=None, array="tests", transform=None, skip=()):
    cases = [c for c in john_tests(file, array) if c[0] not in skip]
    if transform:
        cases = [transform(h, p) for h, p in cases]
    positives_and_negatives(fmt, JOHN_VERSION + " " + file + " self-tests", tag,
                            [(p, h) for h, p in cases], note)


def domino():
    for mode, fmt in [(8600, "lotus_domino5"), (8700, "lotus_domino6"), (9100, "lotus_domino8")]:
        h, p = self_test(mode)
        add(fmt, HASHCAT_VERSION, "st", p, h, True, "hashcat mode %d self-test" % mode)
        add(fmt, HASHCAT_VERSION, "st-wrong", "HASHCAT", h, False, "hashcat mode %d self-test" % mode)
    john("lotus_domino5", "lotus5_fmt_plug.c", "john")
    john("lotus_domino6", "DOMINOSEC_fmt_plug.c", "john",
         "the 16- and 32-character passwords need Domino's padding block (hashcat leaves it out)")
    john("lotus_domino8", "DOMINOSEC8_fmt_plug.c", "john")
    # hashcat's Perl modules agree with Domino for every length but multiples of 16.
    cases = [(pw, hashcat(8600, pw).upper()) for pw in ["notes", "Domino R5 admin", "pässwörd"]]
    positives_and_negatives("lotus_domino5", HASHCAT_VERSION + " m08600.pm", "pm", cases,
                            "upper-cased as Domino stores it")
    cases = [(pw, hashcat(8700, pw, salt)) for pw, salt in
             [("notes", b"\x01\x02\x03\x04\x05"), ("Domino R6 web user", b"\xfe\xff\xfd\xfc\x00"), ("x", b"ABCDE")]]
    positives_and_negatives("lotus_domino6", HASHCAT_VERSION + " m08700.pm", "pm", cases,
                            "salts chosen for hashcat's Perl module; the second's fourth byte 0xfc is stored as 0x00 (Domino keeps it plus 4)")
    cases = [(pw, hashcat(9100, pw, salt, it)) for pw, salt, it in
             [("notes", bytes(range(16)), "5000"), ("Domino 8.5 user", b"0123456789abcdef", "1234")]]
    positives_and_negatives("lotus_domino8", HASHCAT_VERSION + " m09100.pm", "pm", cases)


def sap():
    # USR02 keeps BNAME and the hash in separate columns: the crackers' USER$HASH lines are
    # split into the stored form (hash + user name); the self-tests of hashcat stay as written.
    def stored(h, p):
        user, digest = h.rsplit("$", 1)
        return (p, digest, {"username": user.rstrip(" ")})
    for mode, fmt, wrong in [(7700, "sap_codvn_b", first_changed), (7800, "sap_codvn_f", append_x),
                             (10300, "sap_codvn_h", append_x)]:
        h, p = self_test(mode)
        add(fmt, HASHCAT_VERSION, "st", p, h, True, "hashcat mode %d self-test%s" % (
            mode, ", the USER$HASH extract form" if mode != 10300 else ""))
        add(fmt, HASHCAT_VERSION, "st-wrong", wrong(p), h, False, "hashcat mode %d self-test" % mode)
    for fmt, file, wrong in [("sap_codvn_b", "sapB_fmt_plug.c", first_changed),
                             ("sap_codvn_f", "sapG_fmt_plug.c", append_x)]:
        cases = [stored(h, p) for h, p in john_tests(file)]
        positives_and_negatives(fmt, JOHN_VERSION + " " + file + " self-tests", "john", cases,
                                "USR02.BNAME as the user name", wrong)
    john("sap_codvn_h", "sapH_fmt_plug.c", "john")
    cases = []
    for pw, user in [("SECRET", "SAPUSER"), ("init1234", "DEVELOPER"), ("A", "X")]:
        h = hashcat(7700, pw, user)
        cases.append(stored(h, pw))
    positives_and_negatives("sap_codvn_b", HASHCAT_VERSION + " m07700.pm", "pm", cases,
                            "USR02.BNAME as the user name", first_changed)
    cases = []
    for pw, user in [("Secret!2024", "SAPUSER"), ("pässwörd", "DEVELOPER"), ("Init1234", "ADMIN")]:
        cases.append(stored(hashcat(7800, pw, user), pw))
    positives_and_negatives("sap_codvn_f", HASHCAT_VERSION + " m07800.pm", "pm", cases,
                            "USR02.BNAME as the user name")
    cases = [(pw, hashcat(10300, pw, salt, it)) for pw, salt, it in
             [("Secret!2024", b"0123456789ab", None), ("pässwörd", b"\x00\xff" * 6, "1024"),
              ("Init1234", b"salt", "2048")]]
    positives_and_negatives("sap_codvn_h", HASHCAT_VERSION + " m10300.pm", "pm", cases)


def mediawiki():
    # hashcat and John write $B$salt$hash; MediaWiki stores :B:salt:hash.
    def stored(h):
        _, b, salt, digest = h.split("$")
        return ":B:%s:%s" % (salt, digest)
    h, p = self_test(3711)
    add("mediawiki_b", HASHCAT_VERSION, "st", p, stored(h), True, "hashcat mode 3711 self-test, as MediaWiki stores it")
    add("mediawiki_b", HASHCAT_VERSION, "st-extract", p, h, True, "hashcat mode 3711 self-test in hashcat's $B$ form")
    add("mediawiki_b", HASHCAT_VERSION, "st-wrong", "hashcat\t", stored(h), False, "hashcat mode 3711 self-test")
    cases = [(p, stored(h)) for h, p in john_tests("mediawiki_fmt_plug.c", "mediawiki_tests") if h.startswith("$B$")]
    positives_and_negatives("mediawiki_b", JOHN_VERSION + " mediawiki_fmt_plug.c self-tests", "john", cases,
                            "John's $B$ lines as MediaWiki stores them (:B:salt:hash)")
    cases = [(pw, stored(hashcat(3711, pw, salt))) for pw, salt in
             [("WikiSysop1", "6f3a1c9e"), ("pässwörd", "0123abcd"), ("a b c", "ffffffff")]]
    positives_and_negatives("mediawiki_b", HASHCAT_VERSION + " m03711.pm", "pm", cases,
                            "8 hex digits of salt as MWCryptRand::generateHex(8) writes")


def jackrabbit():
    # hashcat writes $sspr$3$1000$salt$hash; Oak stores {SHA-256}salt-1000-hash.
    def stored(h):
        _, _, version, it, salt, digest = h.split("$")
        return "{%s}%s-%s-%s" % ({"3": "SHA-256", "4": "SHA-512"}[version], salt, it, digest)
    oak = os.environ["OAK_DIR"]
    oak_version = "Apache Jackrabbit Oak " + os.environ.get("OAK_VERSION", "trunk") + \
        " PasswordUtil.buildPasswordHash (checked with isSame) on OpenJDK 17"
    for mode, fmt in [(32031, "jackrabbit_sha256"), (32041, "jackrabbit_sha512")]:
        alg = {"jackrabbit_sha256": "SHA-256", "jackrabbit_sha512": "SHA-512"}[fmt]
        h, p = self_test(mode)
        add(fmt, HASHCAT_VERSION, "st", p, stored(h), True, "hashcat mode %d self-test, as Oak stores it" % mode)
        add(fmt, HASHCAT_VERSION, "st-wrong", p.upper(), stored(h), False, "hashcat mode %d self-test" % mode)
        cases = [(pw, stored(hashcat(mode, pw, salt))) for pw, salt in
                 [("admin", "0011223344556677"), ("Pässwörd-AEM 6.5", "89abcdef01234567")]]
        positives_and_negatives(fmt, HASHCAT_VERSION + " m%05d.pm" % mode, "pm", cases)
        cases = []
        for pw, salt_size, it in [("admin", 8, 1000), ("author", 8, 1000), ("Grüße, AEM!", 16, 1000), ("jr2", 8, 1)]:
            out = subprocess.run(["java", "-cp", oak, "Gen", hx(pw), alg, str(salt_size), str(it)],
                                 check=True, capture_output=True).stdout.decode().strip()
            cases.append((pw, out))
        positives_and_negatives(fmt, oak_version, "oak", cases,
                                "Oak's defaults (8-byte salt, 1000 iterations); one 16-byte salt; one single iteration (salt-hash)")


def fortigate():
    for mode, fmt, file in [(7000, "fortigate", "FGT_fmt_plug.c"), (26300, "fortigate256", "FG2_fmt_plug.c")]:
        h, p = self_test(mode)
        add(fmt, HASHCAT_VERSION, "st", p, h, True, "hashcat mode %d self-test" % mode)
        add(fmt, HASHCAT_VERSION, "st-wrong", "hashcaT", h, False, "hashcat mode %d self-test" % mode)
        john(fmt, file, "john", "the value after 'set password ENC' in a FortiGate configuration", "fgt_tests")
        cases = [(pw, hashcat(mode, pw, salt)) for pw, salt in
                 [("admin", "000102030405060708090a0b"), ("F0rtiGate!", "fffefdfcfbfaf9f8f7f6f5f4"),
                  ("pässwörd", "5a5a5a5a5a5a5a5a5a5a5a5a")]]
        positives_and_negatives(fmt, HASHCAT_VERSION + " m%05d.pm" % mode, "pm", cases)


def aix():
    for mode, fmt in [(6300, "aix_smd5"), (6700, "aix_ssha1"), (6400, "aix_ssha256"), (6500, "aix_ssha512")]:
        h, p = self_test(mode)
        add(fmt, HASHCAT_VERSION, "st", p, h, True, "hashcat mode %d self-test" % mode)
        add(fmt, HASHCAT_VERSION, "st-wrong", "hashca", h, False, "hashcat mode %d self-test" % mode)
    smd5 = [(h, p) for h, p in john_tests("MD5_fmt.c") if h.startswith("{smd5}")]
    positives_and_negatives("aix_smd5", JOHN_VERSION + " MD5_fmt.c self-tests", "john", [(p, h) for h, p in smd5])
    for fmt, array in [("aix_ssha1", "aixssha_tests1"), ("aix_ssha256", "aixssha_tests256"),
                       ("aix_ssha512", "aixssha_tests512")]:
        # John marks the "colorado" sample (from an IBM article) as "partially corrupted".
        john(fmt, "aix_ssha_fmt_plug.c", "john", None, array, skip=(
            "{ssha512}06$otYx2eSXx.OkEY4F$No5ZvSfhYuB1MSkBhhcKJIjS0.q//awdkcZwF9/TXi3EnL6QeronmS0jCc3P2aEV9WLi5arzN1YjVwkx8bng..",))
    cases = [(pw, hashcat(6300, pw, salt)) for pw, salt in [("aixroot", "abcdefgh"), ("Pässwörd", "./09AZaz")]]
    positives_and_negatives("aix_smd5", HASHCAT_VERSION + " m06300.pm", "pm", cases)
    for mode, fmt in [(6700, "aix_ssha1"), (6400, "aix_ssha256"), (6500, "aix_ssha512")]:
        # m06700 takes the iteration count, m06400 and m06500 its logarithm.
        cases = [(pw, hashcat(mode, pw, salt, it if mode != 6700 else str(1 << int(it))))
                 for pw, salt, it in
                 [("aixroot", "0123456789abcdef", "06"), ("Pässwörd 7.2", "ABCDEFGHIJKLMNOP", "08")]]
        assert [h.split("$")[0][-2:] for _, h in cases] == ["06", "08"], cases
        positives_and_negatives(fmt, HASHCAT_VERSION + " m%05d.pm" % mode, "pm", cases,
                                "2^6 iterations (AIX's default) and 2^8")


def mysql_hex():
    # hashcat writes $mysql$A$005*salthex*digesthex; MySQL's hex export is 0x + hex($A$005$salt digest).
    def exported(h):
        cost, salt, digest = h[len("$mysql$A$"):].split("*")
        return "0x" + ("$A$%s$" % cost).encode().hex().upper() + salt.upper() + digest.upper()
    h, p = self_test(7401)
    add("mysql_caching_sha2", HASHCAT_VERSION, "st-hex", p, exported(h), True,
        "hashcat mode 7401 self-test (an 8-bit salt) as MySQL's 0x hex export writes it")
    add("mysql_caching_sha2", HASHCAT_VERSION, "st-hex-wrong", "hashcaT", exported(h), False,
        "hashcat mode 7401 self-test")
    cases = [(pw, exported(hashcat(7401, pw, salt))) for pw, salt in
             [("root", bytes(range(0x80, 0x94))), ("Pässwörd", b"\xff" * 10 + b"abcdefghij")]]
    positives_and_negatives("mysql_caching_sha2", HASHCAT_VERSION + " m07401.pm", "pm-hex", cases,
                            "8-bit salts, which only the 0x hex export can carry")


def ds389_pwdchan():
    # 389-DS 1.4.4+'s Rust plugin: OpenLDAP's {PBKDF2-SHA*} layout in padded standard base64.
    ver = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "389-ds-base"], capture_output=True).stdout.decode()
    for scheme, fmt in [("PBKDF2-SHA512", "ldap_pbkdf2_sha512"), ("PBKDF2-SHA256", "ldap_pbkdf2_sha256"),
                        ("PBKDF2-SHA1", "ldap_pbkdf2_sha1")]:
        cases = []
        for pw in ["secret123", "Grüße aus Köln"]:
            h = subprocess.run(["pwdhash", "-s", scheme, pw], check=True, capture_output=True).stdout.decode().strip()
            cases.append((pw, h))
        positives_and_negatives(fmt, "389-ds-base %s pwdhash -s %s (Debian 12)" % (ver, scheme), "pwdchan", cases,
                                "389-DS's pwdchan plugin (FreeIPA's default on RHEL 9 is PBKDF2-SHA512): padded standard base64")


SECTIONS = {"ds389_pwdchan": ds389_pwdchan, "mysql_hex": mysql_hex, "aix": aix, "fortigate": fortigate, "jackrabbit": jackrabbit, "mediawiki": mediawiki, "oscommerce": oscommerce, "ds389": ds389, "vbulletin5": vbulletin5, "domino": domino,
            "sap": sap}

if __name__ == "__main__":
    for name in (sys.argv[1:] or SECTIONS):
        SECTIONS[name]()
    for rec in OUT:
        print(json.dumps(rec, ensure_ascii=False))
