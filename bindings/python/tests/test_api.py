"""The Migrator's surface: answers, arguments, configuration, hostile input."""

from __future__ import annotations

import pickle
import subprocess
import sys
import time

import pytest

import hashbridge
from hashbridge import Migrator

MD5_CRYPT = "$1$38652870$DUjsu4TTlTsOe/xxZ05uf/"  # "hashcat", hashcat's example
BCRYPT_5 = "$2a$05$LhayLxezLhK1LhWvKxCyLOj0j1u.Kj0jZ0pEmm134uzrQlFvQJLF6"  # "hashcat"


def test_verify_answers_and_upgrades():
    out = hashbridge.verify("hashcat", MD5_CRYPT)
    assert out.valid and bool(out)
    assert out.scheme == "md5_crypt"
    assert out.needs_upgrade
    assert out.upgrade.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    # The upgrade verifies, and needs no upgrade itself.
    again = hashbridge.verify("hashcat", out.upgrade)
    assert again.valid and not again.needs_upgrade and again.upgrade is None
    assert again.scheme == "argon2"
    wrong = hashbridge.verify("hashcaT", MD5_CRYPT)
    assert not wrong.valid and not bool(wrong) and wrong.upgrade is None
    assert wrong.to_dict() == {"valid": False, "scheme": "md5_crypt", "needs_upgrade": False, "upgrade": None}
    # The repr shows the upgrade's marker, not the hash.
    assert out.upgrade not in repr(out) and "argon2id" in repr(out)


def test_password_as_str_or_bytes():
    assert hashbridge.verify(b"hashcat", MD5_CRYPT).valid
    assert hashbridge.verify(bytearray(b"hashcat"), MD5_CRYPT).valid
    assert hashbridge.verify("hashcat", MD5_CRYPT.encode()).valid
    # A str is UTF-8: "é" as UTF-8 and as Latin-1 are different passwords.
    h = hashbridge.hash("é")
    assert hashbridge.verify("é".encode("utf-8"), h).valid
    assert not hashbridge.verify("é".encode("latin-1"), h).valid


def test_identify_inspect_needs_upgrade():
    assert hashbridge.identify(MD5_CRYPT) == "md5_crypt"
    info = hashbridge.inspect(BCRYPT_5)
    assert info == {
        "scheme": "bcrypt",
        "params": {"version": "2a", "cost": "5", "salt": "LhayLxezLhK1LhWvKxCyLO"},
        "needs_upgrade": True,
    }
    assert hashbridge.needs_upgrade(MD5_CRYPT)
    assert not hashbridge.needs_upgrade(hashbridge.hash("x"))
    # A bcrypt target at cost 5 accepts the bcrypt hash as it is.
    m = Migrator("bcrypt", bcrypt_cost=5)
    assert m.target == "bcrypt"
    assert not m.needs_upgrade(BCRYPT_5)
    assert m.verify("hashcat", BCRYPT_5).upgrade is None


def test_context_keywords():
    # A salted digest with its salt in a column: sha256(password + salt), hex.
    import hashlib

    salt = "12480864321"
    digest = hashlib.sha256(b"hunter2" + salt.encode()).hexdigest()
    kw = dict(scheme="salted_sha256", params={"salt_position": "suffix"})
    assert hashbridge.verify("hunter2", digest, salt=salt, **kw).valid
    assert hashbridge.verify("hunter2", digest, salt=salt.encode().hex(), salt_encoding="hex", **kw).valid
    assert hashbridge.verify("hunter2", digest, salt=salt.encode(), **kw).valid
    assert not hashbridge.verify("hunter3", digest, salt=salt, **kw).valid
    with pytest.raises(hashbridge.MissingContext):
        hashbridge.verify("hunter2", digest, **kw)
    with pytest.raises(hashbridge.MalformedHash):
        hashbridge.verify("hunter2", digest, salt="zz", salt_encoding="hex", **kw)
    # PostgreSQL's md5: md5(password + user).
    pg = "md5" + hashlib.md5(b"secretalice").hexdigest()
    assert hashbridge.verify("secret", pg, username="alice").valid
    assert not hashbridge.verify("secret", pg, username="bob").valid


def test_verify_user_and_dummy_verify():
    m = Migrator(m_cost=8192, t_cost=1)
    assert m.verify_user("hashcat", MD5_CRYPT).valid
    unknown = m.verify_user("hashcat", None)
    assert not unknown.valid and unknown.scheme == "argon2" and unknown.upgrade is None
    assert m.dummy_verify("anything") is False
    # The same input checks as a real verify.
    with pytest.raises(hashbridge.LimitExceeded):
        m.verify_user("x" * 5000, None)


@pytest.mark.parametrize(
    "kwargs, exc, needle",
    [
        ({"m_cost": -1}, ValueError, "m_cost"),
        ({"m_cost": 0}, ValueError, "m_cost"),
        ({"t_cost": 10**40}, ValueError, "t_cost"),
        ({"p_cost": "1"}, TypeError, "p_cost"),
        ({"m_cost": 1.5}, TypeError, "m_cost"),
        ({"m_cost": True}, TypeError, "m_cost"),
        ({"target": "md5_crypt"}, ValueError, "target"),
        ({"target": 5}, TypeError, "target"),
        ({"target": "bcrypt", "bcrypt_cost": 32}, ValueError, "bcrypt_cost"),
        ({"target": "scrypt", "scrypt_ln": 0}, ValueError, "scrypt_ln"),
        ({"target": "pbkdf2_sha256", "iterations": -5}, ValueError, "iterations"),
        ({"limits": [("max_work", 1)]}, TypeError, "limits"),
        ({"limits": {"max_work": -1}}, ValueError, "max_work"),
        ({"limits": {"max_everything": 1}}, ValueError, "max_everything"),
        ({"schemes": "md5_crypt"}, TypeError, "schemes"),
        ({"schemes": ["no_such_scheme"]}, ValueError, "no_such_scheme"),
        ({"also_accept": [{"target": "bcrypt", "bcrypt_cost": 99}]}, ValueError, "bcrypt_cost"),
        ({"also_accept": [5]}, TypeError, "also_accept"),
        ({"max_cost_factor": 0}, ValueError, "max_cost_factor"),
        ({"memory_budget": -1}, ValueError, "memory_budget"),
        ({"memory_wait": -1.0}, ValueError, "memory_wait"),
        ({"rehash": "yes"}, TypeError, "rehash"),
    ],
)
def test_bad_constructor_arguments_name_the_parameter(kwargs, exc, needle):
    with pytest.raises(exc) as info:
        Migrator(**kwargs)
    assert needle in str(info.value)


@pytest.mark.parametrize(
    "kwargs, cls, needles",
    [
        # Absurd costs within the types: the policy could not keep its promise. The message
        # names the library limit and the constructor's own keywords, with the values given.
        ({"m_cost": 2**31}, hashbridge.ConfigError, ["max_memory_bytes", "m_cost=2147483648"]),
        (
            {"target": "bcrypt", "bcrypt_cost": 31},
            hashbridge.ConfigError,
            ["max_bcrypt_cost", "bcrypt_cost=31"],
        ),
        ({"m_cost": 19456, "memory_budget": 1024}, hashbridge.ConfigError, ["memory budget: 1024"]),
    ],
)
def test_unworkable_policies_are_config_errors(kwargs, cls, needles):
    with pytest.raises(cls) as info:
        Migrator(**kwargs)
    for needle in needles:
        assert needle in str(info.value)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    "call, exc, needle",
    [
        (lambda: hashbridge.verify(5, MD5_CRYPT), TypeError, "password"),
        (lambda: hashbridge.verify(None, MD5_CRYPT), TypeError, "password"),
        (lambda: hashbridge.verify("x", 5), TypeError, "hash"),
        (lambda: hashbridge.verify("x", b"\xff\xfe"), ValueError, "hash"),
        (lambda: hashbridge.verify("\ud800", MD5_CRYPT), ValueError, "password"),
        (lambda: hashbridge.verify("x", MD5_CRYPT, params=["a"]), TypeError, "params"),
        (lambda: hashbridge.verify("x", MD5_CRYPT, params={"a": 1.5}), TypeError, "params"),
        (lambda: hashbridge.verify("x", MD5_CRYPT, params={1: "a"}), TypeError, "params"),
        (lambda: hashbridge.verify("x", MD5_CRYPT, salt=5), TypeError, "salt"),
        (lambda: hashbridge.verify("x", MD5_CRYPT, salt_encoding="hex"), ValueError, "salt_encoding"),
        (lambda: hashbridge.verify("x", MD5_CRYPT, salt=b"s", salt_encoding="hex"), ValueError, "salt_encoding"),
        (lambda: hashbridge.verify("x", MD5_CRYPT, scheme=5), TypeError, "scheme"),
        (lambda: hashbridge.verify("x", MD5_CRYPT, username=5), TypeError, "username"),
        (lambda: hashbridge.verify_many(5), TypeError, "records"),
        (lambda: hashbridge.verify_many([], threads=0), ValueError, "threads"),
        (lambda: hashbridge.verify_many([], threads="2"), TypeError, "threads"),
    ],
)
def test_bad_call_arguments_name_the_parameter(call, exc, needle):
    with pytest.raises(exc) as info:
        call()
    assert needle in str(info.value)
    assert not isinstance(info.value, hashbridge.HashbridgeError)


def test_limits_by_name():
    defaults = hashbridge.default_limits()
    assert defaults["max_password_bytes"] == 4096
    m = Migrator(limits={"max_password_bytes": 16})
    assert m.limits["max_password_bytes"] == 16
    assert m.limits["max_work"] == defaults["max_work"]
    with pytest.raises(hashbridge.LimitExceeded) as info:
        m.verify("x" * 17, MD5_CRYPT)
    assert info.value.knob == "Limits::max_password_bytes"


def test_schemes_restrict_what_is_read():
    m = Migrator(schemes=["bcrypt", "md5_crypt"])
    # The target's own scheme is read too: the upgrades it writes must verify.
    assert m.schemes == ["bcrypt", "md5_crypt", "argon2"]
    assert m.verify("hashcat", MD5_CRYPT).valid
    with pytest.raises(hashbridge.UnsupportedScheme):
        m.verify("x", "$6$salt$" + "a" * 86)
    assert "sha512_crypt" in hashbridge.schemes()


def test_identify_first_walks_the_list_in_order():
    m = Migrator()
    hexmd5 = "5f4dcc3b5aa765d61d8327deb882cf99"
    assert m.identify_first(hexmd5, ["md5_crypt", "hex_md5", "nthash"]) == "hex_md5"
    assert m.identify_first(hexmd5, ["nthash", "hex_md5"]) == "nthash"
    assert m.identify_first(hexmd5, ["md5_crypt"]) is None
    with pytest.raises(hashbridge.UnsupportedScheme):
        m.identify_first(hexmd5, ["nope"])
    with pytest.raises(hashbridge.LimitExceeded):
        m.identify_first("x" * 100_000, ["hex_md5"])


def test_max_cost_factor_and_also_accept():
    strong = Migrator(m_cost=19456 * 8, t_cost=2).hash("pw")
    assert Migrator().needs_upgrade(strong)  # eight times the target's memory: over 4x
    assert not Migrator(max_cost_factor=None).needs_upgrade(strong)
    assert not Migrator(max_cost_factor=8).needs_upgrade(strong)
    bcrypt12 = Migrator("bcrypt", bcrypt_cost=12).hash("pw")
    assert Migrator().needs_upgrade(bcrypt12)
    assert not Migrator(also_accept=[{"target": "bcrypt", "bcrypt_cost": 12}]).needs_upgrade(bcrypt12)


def test_every_target_round_trips():
    for m in (
        Migrator("argon2id", 8192, 1, 1),
        Migrator("bcrypt", bcrypt_cost=4),
        Migrator("scrypt", scrypt_ln=10, scrypt_r=8),
        Migrator("pbkdf2_sha256", iterations=1000),
    ):
        h = m.hash("correct horse")
        out = m.verify("correct horse", h)
        assert out.valid and not out.needs_upgrade, (m.target, h)
        assert out.scheme == m.target
        assert not m.verify("correct horsf", h).valid


def test_rehash_false_reports_without_hashing():
    out = Migrator(rehash=False).verify("hashcat", MD5_CRYPT)
    assert out.valid and out.needs_upgrade and out.upgrade is None


def test_bcrypt_target_keeps_hashes_it_cannot_store_whole():
    m = Migrator("bcrypt", bcrypt_cost=4)
    long_pw = "p" * 100
    legacy = hashbridge.hash(long_pw)  # argon2 keeps all 100 bytes
    out = m.verify(long_pw, legacy)
    assert out.valid and out.needs_upgrade and out.upgrade is None
    with pytest.raises(hashbridge.LimitExceeded):
        m.hash(long_pw)


def test_hostile_hashes_fail_fast():
    start = time.perf_counter()
    hostile = [
        "$2b$31$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",  # two days of CPU
        "$scrypt$ln=40,r=8,p=1$c2FsdA$" + "A" * 43,  # a petabyte
        "$argon2id$v=19$m=4194304,t=1000,p=1$c2FsdHNhbHQ$" + "A" * 43,
        "$6$rounds=999999999$salt$" + "a" * 86,
        "$pbkdf2-sha256$4294967295$c2FsdA$" + "A" * 43,
        "{SSHA}" + "A" * 100_000,
    ]
    for h in hostile:
        with pytest.raises(hashbridge.HashbridgeError) as info:
            hashbridge.verify("x", h)
        assert info.value.kind in ("limit", "malformed"), (h[:40], info.value)
    assert time.perf_counter() - start < 5


def test_exceptions_pickle_with_their_fields():
    with pytest.raises(hashbridge.LimitExceeded) as info:
        hashbridge.verify("x", "$2b$31$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW")
    copy = pickle.loads(pickle.dumps(info.value))
    assert type(copy) is hashbridge.LimitExceeded
    assert copy.limit == info.value.limit and str(copy) == str(info.value)


def test_a_panic_is_an_exception_not_an_abort():
    # In a child interpreter, so that an abort would show as its exit status.
    code = (
        "import hashbridge, hashbridge._native as n\n"
        "try:\n    n._panic_guard_selftest()\n"
        "except hashbridge.InternalError as e:\n    print('caught', e.kind)\n"
        "print(hashbridge.verify('hashcat', %r).valid)\n" % MD5_CRYPT
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
        env={"RUST_BACKTRACE": "0", "PATH": ""},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["caught", "internal", "True"]
    assert issubclass(hashbridge.InternalError, RuntimeError)
