"""hashbridge.compat.CryptContext against the real passlib (libpass, from the package
registry), configured alike, on every vector both can judge."""

from __future__ import annotations

import statistics
import warnings
from collections import defaultdict

import pytest

import hashbridge
from hashbridge import compat
from hashbridge.compat import CryptContext
from conftest import password

passlib_context = pytest.importorskip("passlib.context")
from passlib import registry  # noqa: E402
from passlib.context import CryptContext as PasslibContext  # noqa: E402

# passlib warns about its own deprecations and weak settings the vectors exercise.
pytestmark = pytest.mark.filterwarnings("ignore")

BOTH = sorted(set(registry.list_crypt_handlers()) & set(hashbridge.schemes()))

# Vectors on which passlib does not reproduce the system that made the hash (the vector says
# valid=True, passlib False), so passlib cannot be the reference there, and what the compat
# layer answers instead:
PASSLIB_DIFFERS = {
    # libxcrypt stops at the NUL, as C strings do; passlib hashes all 7 bytes. hashbridge
    # accepts what the producing system accepted.
    "producers-libxcrypt-bsd_nthash-805": True,
    # wordpress-hash-node hashes the Latin-1 bytes of a str password, passlib the UTF-8 ones;
    # hashbridge tries the Latin-1 reading too, as that producer's users need.
    "producers-npm-phpass-172": True,
    # A 10000-iteration MS-Cache v2 hash with its count beside it; passlib knows only 10240,
    # and passlib's API (hence the compat layer's) has no way to pass the count: False, as
    # passlib. hashbridge.verify(..., params={"iterations": "10000"}) reads it.
    "producers-john-msdcc2-bare-10000": False,
}

# Cheap argon2 settings for the contexts that rehash every valid vector.
CHEAP_ARGON2 = {"argon2__memory_cost": 1024, "argon2__rounds": 1, "argon2__parallelism": 1}


def _kw(handler, v):
    """passlib's contextual keywords for a vector (user name, htdigest realm)."""
    kw = {}
    if "user" in handler.context_kwds and v.get("username") is not None:
        kw["user"] = v["username"]
    if "realm" in handler.context_kwds and (v.get("params") or {}).get("realm"):
        kw["realm"] = v["params"]["realm"]
    return kw


def _answer(call):
    """The answer, or which of passlib's two error classes was raised."""
    try:
        return call()
    except ValueError:
        return ("error", ValueError)
    except TypeError:
        return ("error", TypeError)


@pytest.fixture(scope="module")
def comparable(known_answer):
    """The vectors of formats both implement, over hashbridge's default limits excluded
    (passlib would spend hours on them where hashbridge refuses at once)."""
    m = hashbridge.Migrator()
    out = []
    for v in known_answer:
        if v["format"] not in BOTH or v.get("salt") is not None:
            continue
        try:
            m.inspect(v["hash"], scheme=v["format"], username=v.get("username"), params=v.get("params"))
        except hashbridge.LimitExceeded:
            continue
        except hashbridge.HashbridgeError:
            pass
        out.append(v)
    assert len(out) > 900, len(out)
    return out


def _passlib_rounds(fmt, hash):
    """passlib's parsed rounds of ``hash``, unwrapping its prefix-wrapper handlers."""
    if fmt in compat._WRAPPERS:
        prefix, orig, inner = compat._WRAPPERS[fmt]
        return _passlib_rounds(inner, orig + hash[len(prefix):])
    return registry.get_crypt_handler(fmt).from_string(hash).rounds


def _passlib_judges(v):
    """passlib's own verify of the vector, or None when passlib cannot judge it."""
    h = registry.get_crypt_handler(v["format"])
    try:
        got = h.verify(password(v), v["hash"], **_kw(h, v))
    except (ValueError, TypeError):
        return None
    return got


def test_same_answers_on_every_vector_both_judge(comparable):
    counts = defaultdict(int)
    mismatches = []
    contexts = {}
    for v in comparable:
        fmt = v["format"]
        reference = _passlib_judges(v)
        if reference is None:
            counts["passlib cannot judge"] += 1
            continue
        if v["id"] in PASSLIB_DIFFERS:
            assert reference != v["valid"], f"{v['id']} is no longer a passlib difference"
            ours = CryptContext([fmt]).verify(password(v), v["hash"], **_kw(registry.get_crypt_handler(fmt), v))
            assert ours == PASSLIB_DIFFERS[v["id"]], v["id"]
            continue
        if reference != v["valid"]:
            mismatches.append(f"{v['id']}: passlib disagrees with the producer, unlisted")
            continue
        counts["compared"] += 1
        handler = registry.get_crypt_handler(fmt)
        kw = _kw(handler, v)
        # 1. The scheme alone, passlib's defaults.
        if fmt not in contexts:
            cfg = dict(schemes=["argon2", fmt] if fmt != "argon2" else ["argon2"], deprecated="auto", **CHEAP_ARGON2)
            contexts[fmt] = (PasslibContext([fmt]), CryptContext([fmt]), PasslibContext(**cfg), CryptContext(**cfg))
        theirs, ours, theirs2, ours2 = contexts[fmt]
        # passlib's context answers verify as its handler did (`reference`); compare ours
        # with that, and the rest call for call.
        b = _answer(lambda: ours.verify(password(v), v["hash"], **kw))
        if b != reference:
            mismatches.append(f"{v['id']}: verify: passlib {reference!r}, hashbridge {b!r}")
        pairs = [
            ("identify", lambda c: c.identify(v["hash"])),
            ("needs_update", lambda c: c.needs_update(v["hash"])),
        ]
        for name, call in pairs:
            a, b = _answer(lambda: call(theirs)), _answer(lambda: call(ours))
            if a != b:
                mismatches.append(f"{v['id']}: {name}: passlib {a!r}, hashbridge {b!r}")
            a, b = _answer(lambda: call(theirs2)), _answer(lambda: call(ours2))
            if a != b:
                mismatches.append(f"{v['id']}: {name} (argon2 default): passlib {a!r}, hashbridge {b!r}")
        a = _answer(lambda: theirs2.verify_and_update(password(v), v["hash"], **kw))
        b = _answer(lambda: ours2.verify_and_update(password(v), v["hash"], **kw))
        shape = lambda r: r if r[0] == "error" else (r[0], r[1] is None)  # noqa: E731
        if shape(a) != shape(b):
            mismatches.append(f"{v['id']}: verify_and_update: passlib {a!r}, hashbridge {b!r}")
        elif b[0] is True and b[1] is not None:
            new_b = b[1]
            # The replacement hashbridge wrote verifies in passlib, and is what it would keep.
            assert theirs2.verify(password(v), new_b), (v["id"], new_b)
            assert not theirs2.needs_update(new_b), (v["id"], new_b)
            counts["rehashed"] += 1
    assert not mismatches, "\n".join(mismatches[:40]) + f"\n{len(mismatches)} mismatches"
    assert counts["compared"] > 800, counts
    assert counts["rehashed"] > 300, counts


def test_one_context_of_every_scheme_identifies_as_passlib(comparable):
    # passlib walks its list and takes the first format that fits; so must we, greedy formats
    # (plaintext) and all. Order: passlib's own registry order.
    order = [n for n in registry.list_crypt_handlers() if n in BOTH]
    theirs, ours = PasslibContext(order), CryptContext(order)
    wrong = []
    for v in comparable:
        a = _answer(lambda: theirs.identify(v["hash"]))
        b = _answer(lambda: ours.identify(v["hash"]))
        if a != b:
            wrong.append(f"{v['id']}: passlib {a}, hashbridge {b}")
    assert not wrong, "\n".join(wrong[:40]) + f"\n{len(wrong)} differ"


def test_rounds_policies_as_passlib(comparable):
    by_format = defaultdict(list)
    for v in comparable:
        if v["format"] in compat._ROUNDS and _passlib_judges(v) is not None:
            by_format[v["format"]].append(v)
    checked = 0
    for fmt, vs in by_format.items():
        rounds = sorted({r for r in (_answer(lambda: _passlib_rounds(fmt, v["hash"])) for v in vs) if isinstance(r, int)})
        if not rounds:
            continue
        mid = int(statistics.median(rounds))
        _, lo, hi = compat._ROUNDS[fmt]
        configs = [
            {f"{fmt}__min_rounds": max(mid, lo)},
            {f"{fmt}__max_rounds": max(mid, lo)},
            {f"{fmt}__rounds": max(mid, lo)},
            {f"{fmt}__default_rounds": max(mid, lo)},
        ]
        for cfg in configs:
            theirs, ours = PasslibContext([fmt], **cfg), CryptContext([fmt], **cfg)
            for v in vs:
                a = _answer(lambda: theirs.needs_update(v["hash"]))
                b = _answer(lambda: ours.needs_update(v["hash"]))
                assert a == b, (v["id"], cfg, a, b)
                checked += 1
    assert checked > 500, checked


def test_rounds_read_as_passlib_reads_them(comparable):
    m = hashbridge.Migrator()
    checked = 0
    for v in comparable:
        fmt = v["format"]
        if fmt not in compat._ROUNDS:
            continue
        try:
            want = _passlib_rounds(fmt, v["hash"])
        except (ValueError, TypeError):
            continue
        params = m.inspect(v["hash"], scheme=fmt, username=v.get("username"))["params"]
        assert compat._rounds_of(fmt, params) == want, (v["id"], params, want)
        checked += 1
    assert checked > 300, checked


@pytest.mark.parametrize(
    "config",
    [
        dict(schemes=["argon2"], argon2__memory_cost=2048, argon2__rounds=2, argon2__parallelism=2),
        dict(schemes=["argon2"]),
        dict(schemes=["bcrypt"], bcrypt__rounds=5),
        dict(schemes=["bcrypt"], bcrypt__rounds=5, bcrypt__ident="2a"),
        dict(schemes=["bcrypt"], bcrypt__rounds=5, bcrypt__ident="2y"),
        dict(schemes=["scrypt"], scrypt__rounds=10, scrypt__block_size=4, scrypt__parallelism=2),
        dict(schemes=["pbkdf2_sha256"], pbkdf2_sha256__rounds=1000),
        dict(schemes=["pbkdf2_sha256", "md5_crypt"], deprecated="auto"),
        dict(schemes=["django_argon2"], django_argon2__memory_cost=1024, django_argon2__rounds=1,
             django_argon2__type="id"),
        dict(schemes=["django_bcrypt"], django_bcrypt__rounds=4),
        dict(schemes=["ldap_bcrypt"], ldap_bcrypt__rounds=4),
        dict(schemes=["ldap_pbkdf2_sha256"], ldap_pbkdf2_sha256__rounds=2000),
    ],
)
def test_our_hashes_verify_in_passlib_and_theirs_in_ours(config):
    theirs, ours = PasslibContext(**config), CryptContext(**config)
    for secret in ("correct horse battery staple", "pässwörd", b"\xff\xfe bytes"):
        if isinstance(secret, bytes) and "bcrypt" in config["schemes"][0]:
            pass
        h = ours.hash(secret)
        assert theirs.identify(h) == ours.identify(h) == config["schemes"][0], h
        assert theirs.verify(secret, h), h
        assert not theirs.verify("wrong", h)
        assert not theirs.needs_update(h), h
        assert not ours.needs_update(h), h
        assert theirs.verify_and_update(secret, h) == (True, None)
        h2 = theirs.hash(secret)
        assert ours.verify(secret, h2) and not ours.needs_update(h2), h2
        assert ours.verify_and_update(secret, h2) == (True, None)


def test_bcrypt_long_and_nul_passwords():
    cfg = dict(schemes=["bcrypt"], bcrypt__rounds=4)
    long_secret = "x" * 100
    for ctx in (PasslibContext(**cfg), CryptContext(**cfg), CryptContext(bcrypt__truncate_error=True, **cfg)):
        with pytest.raises(ValueError):
            ctx.hash(long_secret)
    with pytest.raises(ValueError):
        CryptContext(**cfg).hash("nul\0byte")
    with pytest.raises(ValueError):
        PasslibContext(**cfg).hash("nul\0byte")
    # A hash of the first 72 bytes (what older passlib backends stored for a long password)
    # still verifies the long password; libpass with bcrypt 5 raises instead.
    h = PasslibContext(**cfg).hash("x" * 72)
    assert CryptContext(**cfg).verify(long_secret, h)
    with pytest.raises(ValueError):
        PasslibContext(**cfg).verify(long_secret, h)
    # django_argon2's default type is argon2i, which hashbridge does not write.
    with pytest.raises(hashbridge.ConfigError):
        CryptContext(["django_argon2"]).hash("x")


INI_CONFIGS = [
    dict(schemes=["sha512_crypt", "md5_crypt"], deprecated="auto", sha512_crypt__min_rounds=10000),
    dict(schemes=["bcrypt", "pbkdf2_sha256", "des_crypt"], default="pbkdf2_sha256", deprecated=["des_crypt"],
         bcrypt__rounds=13, pbkdf2_sha256__default_rounds=50000, pbkdf2_sha256__vary_rounds=0.1),
    dict(schemes=["argon2", "bcrypt"], argon2__memory_cost=1024, argon2__type="id", all__vary_rounds="10%"),
]


@pytest.mark.parametrize("config", INI_CONFIGS)
def test_ini_form_as_passlib_writes_it(config):
    theirs, ours = PasslibContext(**config), CryptContext(**config)
    text = theirs.to_string()
    assert ours.to_string() == text
    assert ours.to_dict() == theirs.to_dict()
    back = CryptContext.from_string(text)
    assert back.to_string() == text
    assert back.schemes() == theirs.schemes()
    assert back.default_scheme() == theirs.default_scheme()
    # Both read the INI text alike (passlib keeps most values as text there).
    assert back.to_dict() == PasslibContext.from_string(text).to_dict()
    assert ours.copy().to_string() == text
    assert ours.using(default=config["schemes"][1]).default_scheme() == config["schemes"][1]


def test_ini_file(tmp_path):
    path = tmp_path / "passlib.ini"
    path.write_text("[passlib]\nschemes = bcrypt, md5_crypt\ndeprecated = auto\nbcrypt__rounds = 4\n")
    ctx = CryptContext.from_path(str(path))
    ok, new = ctx.verify_and_update("hashcat", "$1$38652870$DUjsu4TTlTsOe/xxZ05uf/")
    assert ok and new.startswith("$2b$04$")
    assert ctx.to_string() == PasslibContext.from_path(str(path)).to_string()


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(schemes=["md5_crypt"], default="bcrypt"),
        dict(schemes=["md5_crypt"], deprecated=["bcrypt"]),
        dict(schemes=["md5_crypt"], frobnicate=1),
        dict(schemes=["md5_crypt"], md5_crypt__rounds=5),
        dict(schemes=["md5_crypt", "md5_crypt"]),
        dict(schemes=["no_such_scheme"]),
        dict(schemes=["bcrypt"], bcrypt__salt="abc"),
        dict(schemes=["md5_crypt", "bcrypt"], deprecated=["auto", "bcrypt"]),
        dict(schemes=["md5_crypt"], deprecated=["md5_crypt"]),
        dict(schemes=["bcrypt"], bcrypt__min_rounds=10, bcrypt__max_rounds=8),
        dict(schemes=["bcrypt"], bcrypt__min_rounds=10, bcrypt__default_rounds=8),
        dict(schemes=[5]),
    ],
)
def test_configuration_errors_as_passlib(kwargs):
    with pytest.raises(Exception) as theirs:
        PasslibContext(**kwargs)
    with pytest.raises(Exception) as ours:
        CryptContext(**kwargs)
    assert isinstance(ours.value, type(theirs.value)) or isinstance(theirs.value, type(ours.value)), (
        theirs.value, ours.value)


def test_surface():
    cfg = dict(schemes=["bcrypt", "md5_crypt", "postgres_md5"], deprecated="auto", bcrypt__rounds=4)
    ctx, ref = CryptContext(**cfg), PasslibContext(**cfg)
    assert ctx.schemes() == ref.schemes() == ("bcrypt", "md5_crypt", "postgres_md5")
    assert ctx.default_scheme() == "bcrypt"
    assert ctx.context_kwds == ref.context_kwds == {"user"}
    h = ctx.handler("md5_crypt")
    assert h.name == "md5_crypt" and h.deprecated
    assert h.verify("hashcat", "$1$38652870$DUjsu4TTlTsOe/xxZ05uf/")
    assert h.identify("$1$38652870$DUjsu4TTlTsOe/xxZ05uf/")
    assert not h.needs_update("$1$38652870$DUjsu4TTlTsOe/xxZ05uf/")  # the handler alone
    assert ctx.needs_update("$1$38652870$DUjsu4TTlTsOe/xxZ05uf/")  # deprecated in the context
    assert ctx.handler().name == "bcrypt"
    assert ctx.handler("bcrypt").using(rounds=5).hash("x").startswith("$2b$05$")
    with pytest.raises(KeyError):
        ctx.handler("sha512_crypt")
    # hash=None: a dummy verify, then False, as passlib.
    assert ctx.verify("x", None) is False
    assert ctx.verify_and_update("x", None) == (False, None)
    # ... also where hashbridge does not write the default scheme: the dummy work is then a
    # verify at the migrator's target cost, and the answers are passlib's.
    unwritten = dict(schemes=["sha512_crypt", "md5_crypt"], sha512_crypt__rounds=5000)
    ctx2, ref2 = CryptContext(**unwritten), PasslibContext(**unwritten)
    assert ctx2.verify("x", None) is ref2.verify("x", None) is False
    assert ctx2.verify_and_update("x", None) == ref2.verify_and_update("x", None) == (False, None)
    assert ctx2.dummy_verify() is False
    # Contextual keywords.
    pg = ref.handler("postgres_md5").hash("secret", user="alice")
    assert ctx.verify("secret", pg, user="alice") and not ctx.verify("secret", pg, user="bob")
    with pytest.raises(TypeError):
        ctx.verify("secret", pg, usr="alice")
    # Types and unidentifiable hashes.
    with pytest.raises(TypeError):
        ctx.verify(5, pg)
    with pytest.raises(TypeError):
        ctx.verify("x", 5)
    with pytest.raises(ValueError):
        ctx.verify("x", "$6$nope")
    with pytest.raises(ValueError):
        ref.verify("x", "$6$nope")
    assert ctx.identify("$6$nope") is ref.identify("$6$nope") is None
    with pytest.raises(ValueError):
        ctx.identify("$6$nope", required=True)
    with pytest.raises(ValueError):
        ctx.verify("x" * 5000, pg)
    # A default hashbridge cannot write: verify works, hash says why.
    legacy = CryptContext(["sha512_crypt"])
    assert legacy.verify("hashcat", "$6$72820166$U4DVzpcYxgw7MVVDGGvB2/H5lRistD5.Ah4upwENR5UtffLR4X4SxSzfREv8z6wVl0jRFX40/KnYVvK4829kD1")
    with pytest.raises(hashbridge.ConfigError):
        legacy.hash("x")


def test_identification_rules_as_passlib(known_answer, malformed):
    checked = 0
    for v in known_answer + malformed:
        if len(v["hash"]) > 16 * 1024:
            continue
        for name in BOTH:
            want = bool(registry.get_crypt_handler(name).identify(v["hash"]))
            assert compat._passlib_identifies(name, v["hash"]) == want, (name, v["id"])
            checked += 1
    assert checked > 100_000


def test_tables_match_the_installed_passlib():
    from passlib.context import _CryptConfig

    for name in BOTH:
        h = registry.get_crypt_handler(name)
        want = tuple(k for k in _CryptConfig.expand_settings(h) if k != "salt")
        assert compat._SETTINGS[name] == want, name
        assert compat._CONTEXT_KWDS.get(name, ()) == tuple(h.context_kwds), name
        assert name in compat._IDENTIFY or name in compat._WRAPPERS, name
        if name in compat._WRAPPERS:
            prefix, orig, inner = compat._WRAPPERS[name]
            assert (h.prefix, h.orig_prefix, h.wrapped.name) == (prefix, orig, inner), name
        if "rounds" in h.setting_kwds:
            assert compat._ROUNDS[name] == (h.default_rounds, h.min_rounds, h.max_rounds), name
        else:
            assert name not in compat._ROUNDS, name
