"""Every public vector through Migrator.verify, and the malformed ones through the exception
classes, cross-checked with the command line's batch answers (verify_many)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

import hashbridge
from hashbridge.errors import HashbridgeError, _BY_KIND
from conftest import context, password


def _verify(m: hashbridge.Migrator, v):
    try:
        return m.verify(password(v), v["hash"], scheme=v["format"], **context(v))
    except HashbridgeError as e:
        return e


def test_every_known_answer_vector_verifies(known_answer, vector_migrator):
    # Two Python threads: the GIL is released while hashing.
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda v: _verify(vector_migrator, v), known_answer))
    failures = []
    for v, out in zip(known_answer, answers):
        if isinstance(out, Exception):
            failures.append(f"{v['id']}: {type(out).__name__}: {out}")
        elif out.valid != v["valid"] or out.scheme != v["format"]:
            failures.append(f"{v['id']}: valid={out.valid} scheme={out.scheme}, want {v['valid']}")
    assert not failures, "\n".join(failures[:40]) + f"\n{len(failures)} of {len(known_answer)} failed"


def test_malformed_vectors_raise_the_class_of_their_kind(malformed, vector_migrator):
    records = [
        {**{k: v[k] for k in v if k in ("password", "password_hex", "hash", "salt",
                                          "salt_encoding", "username", "params")},
         "format": v["format"], "id": v["id"]}
        for v in malformed
    ]
    batch = {a["id"]: a for a in vector_migrator.verify_many(records, threads=2)}
    seen_kinds = set()
    for v in malformed:
        out = _verify(vector_migrator, v)
        answer = batch[v["id"]]
        if isinstance(out, HashbridgeError):
            # The class is the one of its kind, the kind the command line reports.
            assert type(out) is _BY_KIND[out.kind], v["id"]
            assert isinstance(out, ValueError), v["id"]
            assert "error" in answer, (v["id"], answer)
            assert answer["error"]["kind"] == out.kind, (v["id"], answer)
            assert str(out) == answer["error"]["message"]
            seen_kinds.add(out.kind)
        else:
            # SCHEMA.md: an error, or at worst a non-match.
            assert out.valid is False, v["id"]
            assert answer["valid"] is False, (v["id"], answer)
    assert {"malformed", "limit"} <= seen_kinds, seen_kinds


@pytest.mark.parametrize(
    "hash, cls, attrs",
    [
        ("", hashbridge.UnsupportedScheme, {}),
        ("$1$", hashbridge.MalformedHash, {"scheme": "md5_crypt"}),
        ("$2b$31$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW", hashbridge.LimitExceeded, {"scheme": "bcrypt", "knob": "Limits::max_bcrypt_cost"}),
        ("5f4dcc3b5aa765d61d8327deb882cf99", hashbridge.AmbiguousHash, {}),
        ("x" * 20_000, hashbridge.LimitExceeded, {"param": "hash length", "knob": "Limits::max_hash_bytes"}),
    ],
)
def test_error_classes_carry_their_fields(hash, cls, attrs):
    with pytest.raises(cls) as info:
        hashbridge.verify("password", hash)
    e = info.value
    assert e.kind == cls.kind
    for k, want in attrs.items():
        assert getattr(e, k) == want, (k, e.__dict__)
    if cls is hashbridge.AmbiguousHash:
        assert {"hex_md5", "nthash"} <= set(e.candidates)
    if cls is hashbridge.LimitExceeded:
        assert e.value > e.limit


def test_missing_context_names_what_is_missing():
    # PostgreSQL md5 mixes in the user name.
    with pytest.raises(hashbridge.MissingContext) as info:
        hashbridge.verify("password", "md5" + "0" * 32, scheme="postgres_md5")
    assert info.value.what == "username"
