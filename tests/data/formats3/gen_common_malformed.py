#!/usr/bin/env python3
"""Regenerates ../malformed-formats3-common.public.jsonl: damaged copies of the known-answer
vectors of ../formats3-common.public.jsonl (truncated, extended, a character replaced, costs
raised past every limit, context removed), each of which must be refused with an error."""
from damage import damaged, emit

# One valid vector per format to damage, and damages specific to its layout.
SPECIFIC = {
    "ds389_pbkdf2_sha256": [("iterations-huge", lambda h: h[:15] + "f///" + h[19:], "2^31-1 iterations: over the iteration ceiling"),
                            ("iterations-zero", lambda h: h[:15] + "AAAA" + h[19:], "zero iterations")],
    "lotus_domino8": [("iterations-letters", lambda h: h[:24] + "AAAAAAAAAAAAAAAA" + h[40:], "iteration digits replaced")],
    "sap_codvn_h": [("iterations-huge", lambda h: h.replace("1024}", "4000000000}", 1), "4e9 iterations: over the rounds ceiling"),
                    ("iterations-zero", lambda h: h.replace("1024}", "0}", 1), "zero iterations"),
                    ("algorithm", lambda h: h.replace("x-issha", "x-isMD5", 1), "unknown algorithm")],
    "aix_ssha256": [("log2-huge", lambda h: h.replace("}06$", "}99$", 1), "2^99 iterations"),
                    ("log2-one-digit", lambda h: h.replace("}06$", "}6$", 1), "one digit of log2")],
    "aix_ssha512": [("log2-huge", lambda h: h.replace("}06$", "}40$", 1), "2^40 iterations")],
    "aix_ssha1": [("salt-empty", lambda h: h.split("$")[0] + "$$" + h.split("$")[2], "empty salt")],
    "jackrabbit_sha256": [("iterations-huge", lambda h: h.replace("-1000-", "-99999999999-", 1), "iterations over the rounds ceiling"),
                          ("iterations-zero", lambda h: h.replace("-1000-", "-0-", 1), "zero iterations"),
                          ("extra-field", lambda h: h.replace("-1000-", "-1000-1-", 1), "four '-' fields")],
    "jackrabbit_sha512": [("iterations-huge", lambda h: h.replace("-1000-", "-99999999999-", 1), "iterations over the rounds ceiling")],
    "mediawiki_b": [("salt-empty", lambda h: ":B::" + h.split(":")[3], "empty salt")],
    "vbulletin5": [("cost-31", lambda h: h[:4] + "31" + h[6:], "bcrypt cost 31: over the cost ceiling")],
    # A longer salt is a valid (Joomla-length) salt: a second ':' is not.
    "oscommerce": [("extended", lambda h: h + ":00", "a second ':'")],
    "mysql_caching_sha2": [("hex-odd", lambda h: h[:-1], "odd number of hex digits"),
                           ("hex-nul-salt", lambda h: h[:16] + "00" + h[18:], "a NUL byte in the salt")],
}

emit(damaged("formats3-common.public.jsonl", "gen_common_malformed.py", SPECIFIC,
             no_user_note="the user name (BNAME) is missing"))
