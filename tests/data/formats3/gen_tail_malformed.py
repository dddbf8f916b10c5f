#!/usr/bin/env python3
"""Regenerates ../malformed-formats3-tail.public.jsonl: damaged copies of the known-answer
vectors of ../formats3-tail.public.jsonl (truncated, extended, a character replaced, costs
raised past every limit, user names, salts and parameters removed), each of which must be
refused with an error."""
from damage import damaged, emit

HUGE = "99999999999"


def qnx_digest(change):
    """`change` applied to the hex digest of a QNX 6 `@t@digest@salt` string."""
    def f(h):
        _, tag, digest, salt = h.split("@")
        return "@%s@%s@%s" % (tag, change(digest), salt)
    return f


# QNX 6 strings end with a salt of any length and alphabet: damage the digest instead.
QNX_DIGEST = [("trunc", qnx_digest(lambda d: d[:-3]), "last 3 digest characters cut"),
              ("extended", qnx_digest(lambda d: d + "0000"), "4 digest characters appended"),
              ("bad-char", qnx_digest(lambda d: d[:2] + "!" + d[3:]), "a character outside the digest's alphabet")]

# One valid vector per format to damage, and damages specific to its layout: a change of the
# hash string, or fields set on the record (params merged, None removes).
SPECIFIC = {
    "web2py_pbkdf2": [("iterations-huge", lambda h: h.replace("pbkdf2(1000,", "pbkdf2(%s," % HUGE, 1),
                       "iterations over the PBKDF2 ceiling"),
                      ("iterations-zero", lambda h: h.replace("pbkdf2(1000,", "pbkdf2(0,", 1), "zero iterations"),
                      ("length-huge", lambda h: h.replace(",20,", ",999999,", 1), "a key length over the output ceiling"),
                      ("algorithm", lambda h: h.replace("sha512", "md4", 1), "unknown digest")],
    "oracle_otm_sha256": [("iterations-huge", lambda h: h.replace(":1000:", ":%s:" % HUGE, 1), "iterations over the rounds ceiling"),
                          ("iterations-zero", lambda h: h.replace(":1000:", ":0:", 1), "zero iterations")],
    "entra_phs": [("iterations-huge", lambda h: h.replace(",100,", ",%s," % HUGE, 1), "iterations over the PBKDF2 ceiling"),
                  ("iterations-zero", lambda h: h.replace(",100,", ",0,", 1), "zero iterations"),
                  ("version", lambda h: h.replace("v1;", "v2;", 1), "an unknown version")],
    "qnx_md5": QNX_DIGEST + [("rounds-huge", lambda h: h.replace("@m@", "@m,%s@" % HUGE, 1), "rounds over the ceiling")],
    "qnx_sha256": QNX_DIGEST + [("rounds-huge", lambda h: h.replace("@s@", "@s,%s@" % HUGE, 1), "rounds over the ceiling")],
    "qnx_sha512": QNX_DIGEST + [("rounds-huge", lambda h: h.replace("@S@", "@S,%s@" % HUGE, 1), "rounds over the ceiling"),
                                ("rounds-letters", lambda h: h.replace("@S@", "@S,x@", 1), "rounds not a number")],
    "qnx7_pbkdf2_sha512": [("iterations-huge", lambda h: h.replace("@S@", "@S,%s@" % HUGE, 1), "iterations over the PBKDF2 ceiling")],
    "mongodb_scram_sha1": [("iterations-huge", lambda h: h.replace(":10000,", ":%s," % HUGE, 1), "iterationCount over the PBKDF2 ceiling"),
                           ("iterations-text", lambda h: h.replace(":10000,", ':"10000",', 1), "iterationCount as a string")],
    "mongodb_scram_sha256": [("iterations-huge", lambda h: h.replace(":15000,", ":%s," % HUGE, 1), "iterationCount over the PBKDF2 ceiling"),
                             ("iterations-zero", lambda h: h.replace(":15000,", ":0,", 1), "zero iterationCount"),
                             ("no-server-key", lambda h: h[:h.index(',"serverKey"')] + "}}", "serverKey missing")],
    "xmpp_scram_sha1": [("iterations-huge", {"params": {"iterations": HUGE}}, "iterations over the PBKDF2 ceiling"),
                        ("iterations-zero", {"params": {"iterations": "0"}}, "zero iterations"),
                        ("no-iterations", {"params": None}, "the iteration count is missing")],
    "kerberos_aes128": [("iterations-huge", {"params": {"iterations": "4294967295"}}, "iterations over the PBKDF2 ceiling")],
    "kerberos_aes256": [("iterations-huge", {"params": {"iterations": "4294967295"}}, "iterations over the PBKDF2 ceiling")],
    "rails_restful_auth": [("stretches-huge", {"params": {"stretches": HUGE}}, "stretches over the rounds ceiling"),
                           ("stretches-letters", {"params": {"stretches": "ten"}}, "stretches not a number")],
    "empirecms": [("no-salt2", {"params": None}, "params.salt2 is missing")],
    "woltlab_double_bcrypt": [("cost-31", lambda h: h.replace("$2a$08$", "$2a$31$", 1), "bcrypt cost 31: over the cost ceiling")],
    "racf": [("user-long", {"username": "USERNAME9"}, "a user id over 8 characters")],
    "juniper_screenos": [("markers", lambda h: "x" + h[1:], "the fixed 'n' at position 0 replaced")],
}

emit(damaged("formats3-tail.public.jsonl", "gen_tail_malformed.py", SPECIFIC))
