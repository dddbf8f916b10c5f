"""Damaged copies of known-answer vectors, for the malformed-formats3-*.public.jsonl files: one
valid vector per format is truncated, extended, given a character outside its alphabet, stripped
of the context it needs (user name, salt), and damaged in ways specific to its layout (costs
raised past every limit). Each copy must be refused with an error.

Used by gen_common_malformed.py and gen_tail_malformed.py; prints nothing itself."""
import copy
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

# The record fields a damaged copy keeps from its vector.
CONTEXT = ("salt", "salt_encoding", "username", "params")


def first_valid(src):
    """The first valid vector of each format in `src` (a file name in tests/data)."""
    seen = {}
    for line in open(os.path.join(HERE, "..", src), encoding="utf-8"):
        v = json.loads(line)
        if v["valid"] and v["format"] not in seen:
            seen[v["format"]] = v
    return seen


def damaged(src, producer, specific, no_user_note="the user name is missing"):
    """The damaged records of `src`'s formats, in format order.

    `specific` maps a format to (tag, change, note) entries: `change` is a function of the hash
    string, or a dict of fields to set on the record (a `params` dict is merged into the
    vector's, a value of None removes the field). An entry tagged like a generic damage
    ("trunc", "extended", "bad-char") replaces it, for layouts where the generic one would
    still be valid (a salt of any alphabet at the end)."""
    out = []

    def rec(v, tag, h, note, drop=(), fields=None):
        r = {"id": "malformed3-%s-%s" % (v["format"], tag), "format": v["format"],
             "producer": "%s (derived from %s)" % (producer, v["id"])}
        for k in ("password", "password_hex"):
            if k in v:
                r[k] = v[k]
        r["hash"] = h
        for k in CONTEXT:
            if k in v and k not in drop:
                r[k] = copy.deepcopy(v[k])
        for k, val in (fields or {}).items():
            if val is None:
                r.pop(k, None)
            elif k == "params":
                r[k] = {**r.get(k, {}), **val}
            else:
                r[k] = val
        r["expect"] = "error"
        r["note"] = note
        out.append(r)

    for fmt, v in sorted(first_valid(src).items()):
        h = v["hash"]
        own = {tag: (change, note) for tag, change, note in specific.get(fmt, [])}
        generic = [("empty", lambda s: "", "empty hash string"),
                   ("trunc", lambda s: s[: len(s) - 3], "last 3 characters cut"),
                   ("extended", lambda s: s + "AAAA", "4 characters appended"),
                   ("bad-char", lambda s: s[:-4] + "!" + s[-3:], "a character outside the format's alphabet")]
        for tag, change, note in generic:
            change, note = own.pop(tag, (change, note))
            rec(v, tag, change(h), note)
        if "username" in v:
            rec(v, "no-user", h, no_user_note, drop=("username",))
        if "salt" in v:
            rec(v, "no-salt", h, "the salt column is missing", drop=("salt", "salt_encoding"))
        for tag, (change, note) in own.items():
            if callable(change):
                rec(v, tag, change(h), note)
            else:
                rec(v, tag, h, note, fields=change)
    return out


def emit(records):
    for r in records:
        print(json.dumps(r, ensure_ascii=False))
