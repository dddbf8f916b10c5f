"""passlib's ``CryptContext``, running on hashbridge.

A passlib user switches by changing one import::

    # from passlib.context import CryptContext
    from hashbridge.compat import CryptContext

    pwd_context = CryptContext(schemes=["bcrypt", "md5_crypt"], deprecated="auto")
    ok, new_hash = pwd_context.verify_and_update(password, stored)

The surface is passlib 1.7's (``libpass`` today): the constructor and its keywords
(``schemes``, ``default``, ``deprecated``, ``<scheme>__<setting>``), ``verify``, ``hash``,
``identify``, ``needs_update``, ``verify_and_update``, ``dummy_verify``, ``handler``,
``using``/``copy``/``update``/``load``, ``schemes``, ``default_scheme``, ``to_dict``, and the
INI form of ``from_string``/``from_path``/``to_string``. The answers are passlib's: scheme
identification walks the context's list in order and takes the first format that fits (as
passlib does, where hashbridge's own ``identify`` would call a bare hex digest ambiguous);
``needs_update`` applies passlib's rules (a deprecated scheme; rounds outside ``min_rounds`` /
``max_rounds``, and ``rounds=`` sets both; argon2 type, version, memory cost, digest size or
parallelism other than configured; scrypt block size or parallelism other than configured;
bcrypt ``$2a$`` salts with padding bits set; bsdi_crypt's even rounds; bcrypt_sha256 version 1;
scram without every configured digest); errors are ``ValueError`` and ``TypeError`` where
passlib raises them (hashbridge's exceptions for the stored hash are ``ValueError``
subclasses).

Where this differs from passlib, and why:

- ``hash()`` writes argon2 (argon2id only), bcrypt (``$2b$``, ``$2a$`` or ``$2y$``), scrypt
  and pbkdf2_sha256, and their Django and LDAP wrappings (``django_argon2``,
  ``django_bcrypt``, ``ldap_bcrypt``, ``ldap_pbkdf2_sha256``), in passlib's string forms.
  Every other scheme is verified and upgraded from, never written: a context whose default is,
  say, ``sha512_crypt`` verifies as before, and its ``hash()`` raises
  :class:`hashbridge.ConfigError`. Make a modern scheme the default.
- Costs come from the settings (``rounds``/``default_rounds``, ``memory_cost``, ...);
  ``vary_rounds`` (deprecated in passlib 1.7) is accepted and ignored, and salts are always
  16 bytes (a ``salt_size`` setting other than 16 is refused by ``hash()``).
- Stored hashes are bounded by hashbridge's limits (``hashbridge.default_limits()``): a hash
  whose cost is over them raises :class:`hashbridge.LimitExceeded` (a ``ValueError``) before
  any work, where passlib would spend minutes. ``CryptContext(..., limits={...})`` raises them;
  ``limits`` is this class's own keyword and is not part of ``to_dict()``.
- User categories (``admin__context__default`` and the like) are not supported: such keys
  raise ``KeyError``. ``is_enabled``, ``disable`` and ``enable`` are not provided.
- Handlers are named by string; passlib handler classes are accepted by their ``.name``, and
  custom handler classes (not one of hashbridge's schemes) raise ``KeyError``.
- ``bcrypt`` with a password over 72 bytes: ``hash()`` raises ``ValueError``, as libpass does
  with the bcrypt package 5.0 and later (older passlib backends truncated silently).
  ``verify()`` answers as bcrypt always computed it, on the first 72 bytes, where libpass
  with bcrypt 5 raises: hashes an older passlib stored from long passwords keep verifying.
"""

from __future__ import annotations

import configparser
import io
import re
import warnings
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Tuple, Union

from ._native import Migrator
from .errors import ConfigError, UnsupportedScheme

__all__ = ["CryptContext", "CryptHandler", "MAX_PASSWORD_SIZE"]

#: Longest secret passlib accepts (passlib.utils.MAX_PASSWORD_SIZE); hashbridge's
#: ``max_password_bytes`` limit is the same 4096 by default.
MAX_PASSWORD_SIZE = 4096

Secret = Union[str, bytes]

_ROUNDS_KWDS = (
    "min_desired_rounds",
    "max_desired_rounds",
    "min_rounds",
    "max_rounds",
    "default_rounds",
    "vary_rounds",
)

# The settings each passlib handler accepts through a CryptContext (its ``setting_kwds``, plus
# the rounds keywords for handlers with rounds), as passlib 1.7 / libpass 1.9 define them; the
# tests compare this table with the installed passlib.
_SETTINGS: Dict[str, Tuple[str, ...]] = {
    "apr_md5_crypt": ("salt_size",),
    "argon2": (
        "salt_size", "salt_len", "rounds", "time_cost", "memory_cost", "parallelism",
        "digest_size", "hash_len", "type",
    ) + _ROUNDS_KWDS,
    "atlassian_pbkdf2_sha1": (),
    "bcrypt": ("rounds", "ident", "truncate_error") + _ROUNDS_KWDS,
    "bcrypt_sha256": ("rounds", "ident") + _ROUNDS_KWDS,
    "bigcrypt": (),
    "bsd_nthash": (),
    "bsdi_crypt": ("rounds",) + _ROUNDS_KWDS,
    "cisco_asa": (),
    "cisco_pix": (),
    "cisco_type7": (),
    "crypt16": ("truncate_error",),
    "cta_pbkdf2_sha1": ("salt_size", "rounds") + _ROUNDS_KWDS,
    "des_crypt": ("truncate_error",),
    "django_argon2": (
        "salt_size", "salt_len", "rounds", "time_cost", "memory_cost", "parallelism",
        "digest_size", "hash_len", "type",
    ) + _ROUNDS_KWDS,
    "django_bcrypt": ("rounds", "ident", "truncate_error") + _ROUNDS_KWDS,
    "django_bcrypt_sha256": ("rounds", "ident") + _ROUNDS_KWDS,
    "django_des_crypt": ("salt_size", "truncate_error"),
    "django_disabled": (),
    "django_pbkdf2_sha1": ("salt_size", "rounds") + _ROUNDS_KWDS,
    "django_pbkdf2_sha256": ("salt_size", "rounds") + _ROUNDS_KWDS,
    "django_salted_md5": ("salt_size",),
    "django_salted_sha1": ("salt_size",),
    "dlitz_pbkdf2_sha1": ("salt_size", "rounds") + _ROUNDS_KWDS,
    "fshp": ("salt_size", "rounds", "variant") + _ROUNDS_KWDS,
    "grub_pbkdf2_sha512": ("salt_size", "rounds") + _ROUNDS_KWDS,
    "hex_md4": (),
    "hex_md5": (),
    "hex_sha1": (),
    "hex_sha256": (),
    "hex_sha512": (),
    "htdigest": (),
    "ldap_bcrypt": ("rounds", "ident", "truncate_error") + _ROUNDS_KWDS,
    "ldap_bsdi_crypt": ("rounds",) + _ROUNDS_KWDS,
    "ldap_des_crypt": ("truncate_error",),
    "ldap_hex_md5": (),
    "ldap_hex_sha1": (),
    "ldap_md5": (),
    "ldap_md5_crypt": ("salt_size",),
    "ldap_pbkdf2_sha1": ("salt_size", "rounds") + _ROUNDS_KWDS,
    "ldap_pbkdf2_sha256": ("salt_size", "rounds") + _ROUNDS_KWDS,
    "ldap_pbkdf2_sha512": ("salt_size", "rounds") + _ROUNDS_KWDS,
    "ldap_plaintext": (),
    "ldap_salted_md5": ("salt_size",),
    "ldap_salted_sha1": ("salt_size",),
    "ldap_salted_sha256": ("salt_size",),
    "ldap_salted_sha512": ("salt_size",),
    "ldap_sha1": (),
    "ldap_sha1_crypt": ("salt_size", "rounds") + _ROUNDS_KWDS,
    "ldap_sha256_crypt": ("rounds", "implicit_rounds", "salt_size") + _ROUNDS_KWDS,
    "ldap_sha512_crypt": ("rounds", "implicit_rounds", "salt_size") + _ROUNDS_KWDS,
    "lmhash": ("truncate_error",),
    "md5_crypt": ("salt_size",),
    "msdcc": (),
    "msdcc2": (),
    "mssql2000": (),
    "mssql2005": (),
    "mysql323": (),
    "mysql41": (),
    "nthash": (),
    "oracle10": (),
    "oracle11": (),
    "pbkdf2_sha1": ("salt_size", "rounds") + _ROUNDS_KWDS,
    "pbkdf2_sha256": ("salt_size", "rounds") + _ROUNDS_KWDS,
    "pbkdf2_sha512": ("salt_size", "rounds") + _ROUNDS_KWDS,
    "phpass": ("rounds", "ident") + _ROUNDS_KWDS,
    "plaintext": (),
    "postgres_md5": (),
    "roundup_plaintext": (),
    "scram": ("salt_size", "rounds", "algs") + _ROUNDS_KWDS,
    "scrypt": ("ident", "salt_size", "rounds", "block_size", "parallelism") + _ROUNDS_KWDS,
    "sha1_crypt": ("salt_size", "rounds") + _ROUNDS_KWDS,
    "sha256_crypt": ("rounds", "implicit_rounds", "salt_size") + _ROUNDS_KWDS,
    "sha512_crypt": ("rounds", "implicit_rounds", "salt_size") + _ROUNDS_KWDS,
    "sun_md5_crypt": ("rounds", "bare_salt", "salt_size") + _ROUNDS_KWDS,
    "unix_disabled": ("marker",),
}

# Handlers with rounds: (default, min, max) as passlib defines them.
_ROUNDS: Dict[str, Tuple[int, int, int]] = {
    "argon2": (3, 1, 4294967295),
    "bcrypt": (12, 4, 31),
    "bcrypt_sha256": (12, 4, 31),
    "bsdi_crypt": (5001, 1, 16777215),
    "cta_pbkdf2_sha1": (131000, 1, 4294967295),
    "django_argon2": (3, 1, 4294967295),
    "django_bcrypt": (12, 4, 31),
    "django_bcrypt_sha256": (12, 4, 31),
    "django_pbkdf2_sha1": (131000, 1, 4294967295),
    "django_pbkdf2_sha256": (29000, 1, 4294967295),
    "dlitz_pbkdf2_sha1": (131000, 1, 4294967295),
    "fshp": (480000, 1, 4294967295),
    "grub_pbkdf2_sha512": (25000, 1, 4294967295),
    "ldap_bcrypt": (12, 4, 31),
    "ldap_bsdi_crypt": (5001, 1, 16777215),
    "ldap_pbkdf2_sha1": (131000, 1, 4294967295),
    "ldap_pbkdf2_sha256": (29000, 1, 4294967295),
    "ldap_pbkdf2_sha512": (25000, 1, 4294967295),
    "ldap_sha1_crypt": (480000, 1, 4294967295),
    "ldap_sha256_crypt": (535000, 1000, 999999999),
    "ldap_sha512_crypt": (656000, 1000, 999999999),
    "pbkdf2_sha1": (131000, 1, 4294967295),
    "pbkdf2_sha256": (29000, 1, 4294967295),
    "pbkdf2_sha512": (25000, 1, 4294967295),
    "phpass": (19, 7, 30),
    "scram": (100000, 1, 4294967295),
    "scrypt": (16, 1, 31),
    "sha1_crypt": (480000, 1, 4294967295),
    "sha256_crypt": (535000, 1000, 999999999),
    "sha512_crypt": (656000, 1000, 999999999),
    "sun_md5_crypt": (34000, 0, 4294963199),
}

# Contextual keywords of verify() per handler (passlib's ``context_kwds``).
_CONTEXT_KWDS: Dict[str, Tuple[str, ...]] = {
    "cisco_asa": ("user",),
    "cisco_pix": ("user",),
    "htdigest": ("user", "realm", "encoding"),
    "ldap_plaintext": ("encoding",),
    "lmhash": ("encoding",),
    "msdcc": ("user",),
    "msdcc2": ("user",),
    "oracle10": ("user",),
    "plaintext": ("encoding",),
    "postgres_md5": ("user",),
    "roundup_plaintext": ("encoding",),
}

# passlib's default ``encoding`` for str secrets, where it is not UTF-8.
_DEFAULT_ENCODING = {"lmhash": "cp437"}

_BCRYPTS = ("bcrypt", "django_bcrypt", "ldap_bcrypt")
_ARGON2S = ("argon2", "django_argon2")
_BCRYPT_FINAL_SALT_CHARS = ".Oeu"
_SCRAM_DEFAULT_ALGS = ("sha-1", "sha-256", "sha-512")

_GLOBAL_SETTINGS = ("truncate_error", "vary_rounds")
_DEFAULT_MAX_HASH_BYTES = 16 * 1024
_FORBIDDEN_SETTINGS = ("salt",)


# How passlib's handlers recognise their strings (``handler.identify``), for identification in
# passlib's order: the first configured scheme whose rule accepts the string. These are
# passlib's rules, which differ from hashbridge's own identification in places (passlib's
# ``plaintext`` accepts every string, its ``hex_md5`` only hex digits, its ``scrypt`` also
# ``$7$``); the tests check them against the installed passlib on every vector.
def _prefix(*prefixes: str) -> Callable[[str], bool]:
    return lambda h: h.startswith(prefixes)


def _regex(pattern: str, flags: int = 0) -> Callable[[str], bool]:
    compiled = re.compile(pattern, flags)
    return lambda h: compiled.match(h) is not None


def _static(prefix: str, size: int, chars: str) -> Callable[[str], bool]:
    """passlib's StaticHandler: ``prefix`` then exactly ``size`` characters of ``chars``."""
    allowed = frozenset(chars)
    return lambda h: (
        h.startswith(prefix)
        and len(h) == len(prefix) + size
        and all(c in allowed for c in h[len(prefix):])
    )


def _cisco_type7(h: str) -> bool:
    if len(h) < 2 or not h[:2].isdigit() or int(h[:2]) > 52:
        return False
    return all(c in "0123456789ABCDEF" for c in h[2:].upper())


_HEX = "0123456789abcdefABCDEF"
_H64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_DES = r"^[./a-z0-9]{2}[./a-z0-9]{11}$"

_IDENTIFY: Dict[str, Callable[[str], bool]] = {
    "apr_md5_crypt": _prefix("$apr1$"),
    "argon2": _regex(r"^\$argon2[a-z]+\$"),
    "atlassian_pbkdf2_sha1": _prefix("{PKCS5S2}"),
    "bcrypt": _prefix("$2$", "$2a$", "$2x$", "$2y$", "$2b$"),
    "bcrypt_sha256": _prefix("$bcrypt-sha256$"),
    "bigcrypt": _regex(r"^[./a-z0-9]{2}([./a-z0-9]{11})+$", re.I),
    "bsdi_crypt": _regex(r"^_[./a-z0-9]{4}[./a-z0-9]{4}[./a-z0-9]{11}$", re.I),
    "cisco_asa": _static("", 16, _H64),
    "cisco_pix": _static("", 16, _H64),
    "cisco_type7": _cisco_type7,
    "crypt16": _regex(r"^[./a-z0-9]{2}[./a-z0-9]{22}$", re.I),
    "cta_pbkdf2_sha1": _prefix("$p5k2$"),
    "des_crypt": _regex(_DES, re.I),
    "django_bcrypt_sha256": _prefix("bcrypt_sha256$"),
    "django_des_crypt": _prefix("crypt$"),
    "django_disabled": _prefix("!"),
    "django_pbkdf2_sha1": _prefix("pbkdf2_sha1$"),
    "django_pbkdf2_sha256": _prefix("pbkdf2_sha256$"),
    "django_salted_md5": _prefix("md5$"),
    "django_salted_sha1": _prefix("sha1$"),
    "dlitz_pbkdf2_sha1": _prefix("$p5k2$"),
    "fshp": _prefix("{FSHP"),
    "grub_pbkdf2_sha512": _prefix("grub.pbkdf2.sha512."),
    "hex_md4": _static("", 32, _HEX),
    "hex_md5": _static("", 32, _HEX),
    "hex_sha1": _static("", 40, _HEX),
    "hex_sha256": _static("", 64, _HEX),
    "hex_sha512": _static("", 128, _HEX),
    "htdigest": _static("", 32, "0123456789abcdef"),
    "ldap_md5": _prefix("{MD5}"),
    "ldap_plaintext": lambda h: bool(h) and re.match(r"^\{\w+\}", h) is None,
    "ldap_salted_md5": _prefix("{SMD5}"),
    "ldap_salted_sha1": _prefix("{SSHA}"),
    "ldap_salted_sha256": _prefix("{SSHA256}"),
    "ldap_salted_sha512": _prefix("{SSHA512}"),
    "ldap_sha1": _prefix("{SHA}"),
    "lmhash": _static("", 32, _HEX),
    "md5_crypt": _prefix("$1$"),
    "msdcc": _static("", 32, _HEX),
    "msdcc2": _static("", 32, _HEX),
    "mssql2000": lambda h: len(h) == 94 and h.startswith("0x0100"),
    "mssql2005": lambda h: len(h) == 54 and h.startswith("0x0100"),
    "mysql323": _static("", 16, _HEX),
    "mysql41": _static("*", 40, _HEX),
    "nthash": _static("", 32, _HEX),
    "oracle10": _static("", 16, _HEX),
    "oracle11": _regex(r"^S:[0-9a-f]{40}[0-9a-f]{20}$", re.I),
    "pbkdf2_sha1": _prefix("$pbkdf2$"),
    "pbkdf2_sha256": _prefix("$pbkdf2-sha256$"),
    "pbkdf2_sha512": _prefix("$pbkdf2-sha512$"),
    "phpass": _prefix("$P$", "$H$"),
    "plaintext": lambda h: True,
    "postgres_md5": _static("md5", 32, _HEX),
    "scram": _prefix("$scram$"),
    "scrypt": _prefix("$scrypt$", "$7$"),
    "sha1_crypt": _prefix("$sha1$"),
    "sha256_crypt": _prefix("$5$"),
    "sha512_crypt": _prefix("$6$"),
    "sun_md5_crypt": _prefix("$md5$", "$md5,"),
    "unix_disabled": lambda h: not h or h[0] in "*!",
}

# passlib's PrefixWrapper handlers: (prefix, the wrapped handler's own prefix, wrapped name).
_WRAPPERS: Dict[str, Tuple[str, str, str]] = {
    "bsd_nthash": ("$3$$", "", "nthash"),
    "django_argon2": ("argon2", "", "argon2"),
    "django_bcrypt": ("bcrypt$", "", "bcrypt"),
    "ldap_bcrypt": ("{CRYPT}", "", "bcrypt"),
    "ldap_bsdi_crypt": ("{CRYPT}", "", "bsdi_crypt"),
    "ldap_des_crypt": ("{CRYPT}", "", "des_crypt"),
    "ldap_hex_md5": ("{MD5}", "", "hex_md5"),
    "ldap_hex_sha1": ("{SHA}", "", "hex_sha1"),
    "ldap_md5_crypt": ("{CRYPT}", "", "md5_crypt"),
    "ldap_pbkdf2_sha1": ("{PBKDF2}", "$pbkdf2$", "pbkdf2_sha1"),
    "ldap_pbkdf2_sha256": ("{PBKDF2-SHA256}", "$pbkdf2-sha256$", "pbkdf2_sha256"),
    "ldap_pbkdf2_sha512": ("{PBKDF2-SHA512}", "$pbkdf2-sha512$", "pbkdf2_sha512"),
    "ldap_sha1_crypt": ("{CRYPT}", "", "sha1_crypt"),
    "ldap_sha256_crypt": ("{CRYPT}", "", "sha256_crypt"),
    "ldap_sha512_crypt": ("{CRYPT}", "", "sha512_crypt"),
    "roundup_plaintext": ("{plaintext}", "", "plaintext"),
}


def _passlib_identifies(scheme: str, hash: str) -> Optional[bool]:
    """passlib's ``identify`` for ``scheme``, or ``None`` for a scheme passlib does not have."""
    wrapper = _WRAPPERS.get(scheme)
    if wrapper is not None:
        prefix, orig, inner = wrapper
        return hash.startswith(prefix) and bool(_IDENTIFY[inner](orig + hash[len(prefix):]))
    rule = _IDENTIFY.get(scheme)
    return None if rule is None else bool(rule(hash))


def _coerce_vary_rounds(value: str) -> Union[float, int]:
    if value.endswith("%"):
        return float(value.rstrip("%")) * 0.01
    try:
        return int(value)
    except ValueError:
        return float(value)


def _coerce_bool(value: str) -> bool:
    low = value.strip().lower()
    if low in ("true", "t", "yes", "y", "on", "1", "enable", "enabled"):
        return True
    if low in ("false", "f", "no", "n", "off", "0", "disable", "disabled"):
        return False
    raise ValueError(f"unrecognized bool: {value!r}")


_COERCE = {
    "min_rounds": int,
    "max_rounds": int,
    "default_rounds": int,
    "vary_rounds": _coerce_vary_rounds,
    "salt_size": int,
}

def _split_comma(value: str) -> List[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _as_int(value: Any, scheme: str, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError(f"{scheme}: {key} must be an int, not {type(value).__name__}")
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{scheme}: {key} must be an int, got {value!r}") from None


class _Record:
    """One scheme's configuration in a context: passlib's custom handler for it."""

    def __init__(self, name: str, options: Mapping[str, Any], deprecated: bool) -> None:
        self.name = name
        self.deprecated = deprecated
        self.options = dict(options)
        allowed = set(_SETTINGS.get(name, ()))
        for key in options:
            if key not in allowed:
                raise KeyError(f"keyword not supported by {name} handler: {key!r}")
        o = self.options

        def pick(*names: str) -> Any:
            given = [n for n in names if o.get(n) is not None]
            if len(given) > 1:
                raise TypeError(f"{given[0]!r} and {given[1]!r} are mutually exclusive")
            return o[given[0]] if given else None

        # Rounds, as passlib's HasRounds.using() reads them: `rounds` sets the default and,
        # where not given, both desired bounds.
        self.min_desired: Optional[int] = None
        self.max_desired: Optional[int] = None
        self.default_rounds: Optional[int] = None
        if name in _ROUNDS:
            default, lo, hi = _ROUNDS[name]
            rounds = pick("rounds", "time_cost") if name in _ARGON2S else pick("rounds")
            min_d = pick("min_rounds", "min_desired_rounds")
            max_d = pick("max_rounds", "max_desired_rounds")
            dflt = o.get("default_rounds")
            if rounds is not None:
                rounds = _as_int(rounds, name, "rounds")
                min_d = rounds if min_d is None else min_d
                max_d = rounds if max_d is None else max_d
                dflt = rounds if dflt is None else dflt
            self.min_desired = None if min_d is None else self._clip(_as_int(min_d, name, "min_desired_rounds"), lo, hi, "min_desired_rounds")
            self.max_desired = None if max_d is None else _as_int(max_d, name, "max_desired_rounds")
            if self.max_desired is not None:
                if self.min_desired and self.max_desired < self.min_desired:
                    raise ValueError(
                        f"{name}: max_desired_rounds ({self.max_desired!r}) below "
                        f"min_desired_rounds ({self.min_desired!r})"
                    )
                self.max_desired = self._clip(self.max_desired, lo, hi, "max_desired_rounds")
            if dflt is not None:
                dflt = _as_int(dflt, name, "default_rounds")
                if self.min_desired and dflt < self.min_desired:
                    raise ValueError(
                        f"{name}: default_rounds ({dflt!r}) below min_desired_rounds "
                        f"({self.min_desired!r})"
                    )
                if self.max_desired and dflt > self.max_desired:
                    raise ValueError(
                        f"{name}: default_rounds ({dflt!r}) above max_desired_rounds "
                        f"({self.max_desired!r})"
                    )
                self.default_rounds = self._clip(dflt, lo, hi, "default_rounds")
            else:
                self.default_rounds = default
                if self.min_desired and default < self.min_desired:
                    self.default_rounds = self.min_desired
                if self.max_desired and default > self.max_desired:
                    self.default_rounds = self.max_desired
        # argon2: passlib's argon2 writes argon2id, its django_argon2 argon2i (Django's own
        # default before Django 3.2 wrote argon2id).
        self.type = "i" if name == "django_argon2" else "id"
        self.memory_cost = 65536
        self.parallelism = 4 if name in _ARGON2S else 1
        self.digest_size = 32
        if name in _ARGON2S:
            t = o.get("type")
            if t is not None:
                t = str(t).lower()
                if t not in ("i", "d", "id"):
                    raise ValueError(f"{name}: unknown type {o.get('type')!r}")
                self.type = t
            mc = o.get("memory_cost")
            if mc is not None:
                self.memory_cost = _as_int(mc, name, "memory_cost")
            ds = pick("digest_size", "hash_len")
            if ds is not None:
                self.digest_size = _as_int(ds, name, "digest_size")
                if self.digest_size < 16:
                    raise ValueError(f"{name}: digest_size ({self.digest_size}) below 16")
        if o.get("parallelism") is not None:
            self.parallelism = _as_int(o["parallelism"], name, "parallelism")
            if self.parallelism < 1:
                raise ValueError(f"{name}: parallelism ({self.parallelism}) below 1")
        if name in _ARGON2S and self.memory_cost < 8 * self.parallelism:
            raise ValueError(
                f"{name}: memory_cost ({self.memory_cost}) is too low, must be at least "
                f"8 * parallelism ({8 * self.parallelism})"
            )
        # scrypt
        self.block_size = 8
        if o.get("block_size") is not None:
            self.block_size = _as_int(o["block_size"], name, "block_size")
        # bcrypt
        ident = o.get("ident")
        self.ident = None if ident is None else str(ident)
        te = o.get("truncate_error")
        self.truncate_error = _coerce_bool(te) if isinstance(te, str) else bool(te or False)
        self.salt_size = None if o.get("salt_size") is None else _as_int(o["salt_size"], name, "salt_size")
        algs = o.get("algs")
        self.algs = tuple(_split_comma(algs) if isinstance(algs, str) else (algs or _SCRAM_DEFAULT_ALGS))

    def _clip(self, value: int, lo: int, hi: int, param: str) -> int:
        # passlib builds a context's handlers with relaxed=True: out-of-range values are
        # clipped with a warning rather than refused.
        if value < lo or value > hi:
            clipped = min(max(value, lo), hi)
            warnings.warn(
                f"{self.name}: {param} ({value}) is out of range, clipped to {clipped}",
                stacklevel=4,
            )
            return clipped
        return value


def _rounds_of(scheme: str, params: Mapping[str, str]) -> Optional[int]:
    """A stored hash's rounds in passlib's terms, from hashbridge's inspection."""
    try:
        if scheme in _BCRYPTS or scheme in ("bcrypt_sha256", "django_bcrypt_sha256"):
            return int(params["cost"])
        if scheme in _ARGON2S:
            return int(params["t"])
        if scheme == "scrypt":
            return int(params["ln"])
        if scheme == "phpass":
            # hashbridge reports the iteration count, passlib its log2.
            return int(params["rounds"]).bit_length() - 1
        if scheme == "sun_md5_crypt":
            # hashbridge counts SunMD5's 4096 base rounds, passlib only the extra ones.
            return int(params["rounds"]) - 4096
        if "iterations" in params:
            return int(params["iterations"])
        return int(params["rounds"])
    except (KeyError, ValueError):
        return None


def _render_key(key: Tuple[Optional[str], str]) -> str:
    scheme, option = key
    return f"{scheme}__{option}" if scheme else option


def _render_ini_value(key: Tuple[Optional[str], str], value: Any) -> str:
    if isinstance(value, (list, tuple)):
        value = ", ".join(value)
    elif isinstance(value, bool):
        value = str(value)
    elif isinstance(value, (int, float)):
        if isinstance(value, float) and key[1] == "vary_rounds":
            value = (f"{value:.2f}").rstrip("0") if value else "0"
        else:
            value = str(value)
    if not isinstance(value, str):
        raise TypeError(f"expected string for key: {_render_key(key)!r}: {value!r}")
    return value.replace("%", "%%")


def _parse_config_key(ckey: str) -> Tuple[Optional[str], str]:
    """``scheme__option`` or ``option`` (passlib also reads ``.`` as ``__``)."""
    if not isinstance(ckey, str):
        raise TypeError(f"keys must be str, not {type(ckey).__name__}")
    parts = ckey.replace(".", "__").split("__")
    if len(parts) == 1:
        return None, parts[0]
    if len(parts) == 2:
        scheme, key = parts
        if not scheme:
            raise TypeError(f"empty scheme: {ckey!r}")
        if not key:
            raise TypeError(f"empty option: {ckey!r}")
        return (None if scheme == "context" else scheme), key
    if len(parts) == 3:
        cat, scheme, key = parts
        if cat == "default":
            return (None if scheme == "context" else scheme), key
        raise KeyError(
            f"{ckey!r}: user categories are not supported by hashbridge.compat.CryptContext"
        )
    raise TypeError(f"keys must have less than 3 separators: {ckey!r}")


def _scheme_name(elem: Any) -> str:
    if isinstance(elem, str):
        return elem
    name = getattr(elem, "name", None)
    if isinstance(name, str):
        return name
    raise TypeError(f"scheme must be name or CryptHandler, not {type(elem)!r}")


def _check_secret(secret: Any) -> None:
    if not isinstance(secret, (str, bytes)):
        raise TypeError(f"secret must be str or bytes, not {type(secret).__name__}")
    if len(secret) > MAX_PASSWORD_SIZE:
        raise ValueError(f"password exceeds maximum allowed size of {MAX_PASSWORD_SIZE}")


def _check_hash(hash: Any) -> str:
    if isinstance(hash, bytes):
        try:
            return hash.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("hash must be UTF-8 text") from None
    if not isinstance(hash, str):
        raise TypeError(f"hash must be str or bytes, not {type(hash).__name__}")
    return hash


class _Config:
    """A parsed configuration: the scheme list, context options and per-scheme settings."""

    def __init__(self, source: Mapping[Tuple[Optional[str], str], Any]) -> None:
        known = set(Migrator().schemes)
        raw_schemes = source.get((None, "schemes"))
        if isinstance(raw_schemes, str):
            raw_schemes = _split_comma(raw_schemes)
        schemes: List[str] = []
        for elem in raw_schemes or ():
            name = _scheme_name(elem)
            if name not in known:
                raise KeyError(f"unknown crypt handler: {name!r} (hashbridge.schemes() lists them)")
            if name in schemes:
                raise KeyError(f"multiple handlers with same name: {name!r}")
            schemes.append(name)
        self.schemes: Tuple[str, ...] = tuple(schemes)
        self.context: Dict[str, Any] = {}
        self.scheme_options: Dict[str, Dict[str, Any]] = {}
        for (scheme, key), value in source.items():
            if scheme is None and key in _GLOBAL_SETTINGS:
                scheme = "all"
            if scheme is None:
                if key == "schemes":
                    continue
                self.context[key] = self._norm_context_option(key, value)
                continue
            if key in _FORBIDDEN_SETTINGS:
                raise KeyError(f"{key!r} option not allowed in CryptContext configuration")
            if isinstance(value, str) and key in _COERCE:
                value = _COERCE[key](value)
            self.scheme_options.setdefault(scheme, {})[key] = value
        if not self.schemes:
            self.default: Optional[str] = None
            self.records: Dict[str, _Record] = {}
            return
        deps = self.context.get("deprecated") or []
        default = self.context.get("default")
        if not default:
            for s in self.schemes:
                if s not in deps:
                    default = s
                    break
            else:
                raise ValueError("must have at least one non-deprecated scheme")
        elif default in deps:
            raise ValueError("default scheme cannot be deprecated")
        self.default = default
        self.records = {}
        common = self.scheme_options.get("all", {})
        for s in self.schemes:
            opts = {k: v for k, v in common.items() if k in _SETTINGS.get(s, ())}
            opts.update(self.scheme_options.get(s, {}))
            deprecated = (s != default) if "auto" in deps else (s in deps)
            self.records[s] = _Record(s, opts, deprecated)

    def _norm_context_option(self, key: str, value: Any) -> Any:
        if key == "default":
            value = _scheme_name(value) if not isinstance(value, str) and hasattr(value, "name") else value
            if not isinstance(value, str):
                raise TypeError(f"default must be str, not {type(value).__name__}")
            if self.schemes and value not in self.schemes:
                raise KeyError("default scheme not found in policy")
            return value
        if key == "deprecated":
            if isinstance(value, str):
                value = _split_comma(value)
            elif isinstance(value, (list, tuple)):
                value = list(value)
            else:
                raise TypeError(f"deprecated must be str or seq, not {type(value).__name__}")
            if "auto" in value:
                if len(value) > 1:
                    raise ValueError("cannot list other schemes if ``deprecated=['auto']`` is used")
            elif self.schemes:
                for s in value:
                    if not isinstance(s, str):
                        raise TypeError(f"deprecated element must be str, not {type(s).__name__}")
                    if s not in self.schemes:
                        raise KeyError(f"deprecated scheme not found in policy: {s!r}")
            return value
        raise KeyError(f"unknown CryptContext keyword: {key!r}")

    def items(self) -> Iterable[Tuple[Tuple[Optional[str], str], Any]]:
        """The configuration in passlib's order: schemes, context options, scheme options."""
        if self.schemes:
            yield (None, "schemes"), list(self.schemes)
        for key in sorted(self.context):
            value = self.context[key]
            yield (None, key), (list(value) if isinstance(value, list) else value)
        for scheme in sorted(self.scheme_options):
            opts = self.scheme_options[scheme]
            for key in sorted(opts):
                yield (scheme, key), opts[key]


class CryptContext:
    """passlib's ``CryptContext`` on hashbridge (see the module documentation)."""

    _dummy_secret = "too many secrets"

    def __init__(
        self,
        schemes: Optional[Union[str, Iterable[Any]]] = None,
        *,
        limits: Optional[Mapping[str, int]] = None,
        _autoload: bool = True,
        **kwds: Any,
    ) -> None:
        self._limits = dict(limits) if limits else None
        self._config = _Config({})
        self._verifier: Optional[Migrator] = None
        self._writers: Dict[Tuple[Any, ...], Migrator] = {}
        self._dummy: Optional[str] = None
        if schemes is not None:
            kwds["schemes"] = schemes
        if _autoload:
            self.load(kwds)

    # -- configuration ---------------------------------------------------------------------

    @classmethod
    def from_string(
        cls, source: Union[str, bytes], section: str = "passlib", encoding: str = "utf-8"
    ) -> "CryptContext":
        """A context from the INI text ``to_string`` writes (the ``[passlib]`` section)."""
        if not isinstance(source, (str, bytes)):
            raise TypeError(f"source must be str or bytes, not {type(source).__name__}")
        self = cls(_autoload=False)
        self.load(source, section=section, encoding=encoding)
        return self

    @classmethod
    def from_path(
        cls, path: str, section: str = "passlib", encoding: str = "utf-8"
    ) -> "CryptContext":
        """A context from an INI file."""
        self = cls(_autoload=False)
        self.load_path(path, section=section, encoding=encoding)
        return self

    def load_path(
        self, path: str, update: bool = False, section: str = "passlib", encoding: str = "utf-8"
    ) -> None:
        with open(path, encoding=encoding) as stream:
            kwds = self._parse_ini(stream, section, path)
        self.load(kwds, update=update)

    @staticmethod
    def _parse_ini(stream: Any, section: str, filename: str) -> Dict[str, str]:
        p = configparser.ConfigParser()
        p.read_file(stream, filename)
        return dict(p.items(section))

    def load(
        self,
        source: Any,
        update: bool = False,
        section: str = "passlib",
        encoding: str = "utf-8",
    ) -> None:
        """Replace (or with ``update=True`` overlay) the configuration from a dict, an INI
        string or another context."""
        if isinstance(source, (str, bytes)):
            if isinstance(source, bytes):
                source = source.decode(encoding)
            source = self._parse_ini(io.StringIO(source), section, "<string>")
        if isinstance(source, CryptContext):
            parsed = dict(source._config.items())
            if source._limits and not self._limits:
                self._limits = dict(source._limits)
        elif hasattr(source, "items"):
            parsed = {_parse_config_key(k): v for k, v in source.items()}
        else:
            raise TypeError(f"source must be string or dict, not {type(source).__name__}")
        if update:
            if not parsed:
                return
            merged = dict(self._config.items())
            merged.update(parsed)
            parsed = merged
        config = _Config(parsed)
        self._config = config
        self._verifier = None
        self._writers = {}
        self._dummy = None

    def update(self, *args: Any, **kwds: Any) -> None:
        """Change some settings, keeping the rest."""
        if args:
            if len(args) > 1:
                raise TypeError("expected at most one positional argument")
            if kwds:
                raise TypeError("positional arg and keywords mutually exclusive")
            self.load(args[0], update=True)
        elif kwds:
            self.load(kwds, update=True)

    def copy(self, **kwds: Any) -> "CryptContext":
        """A copy, with ``kwds`` changed."""
        other = CryptContext(_autoload=False, limits=self._limits)
        other.load(self)
        if kwds:
            other.load(kwds, update=True)
        return other

    def using(self, **kwds: Any) -> "CryptContext":
        """Alias of :meth:`copy`."""
        return self.copy(**kwds)

    def to_dict(self, resolve: bool = False) -> Dict[str, Any]:
        """The configuration as constructor keywords (``resolve`` gives handlers for names)."""
        out = {}
        for key, value in self._config.items():
            if resolve and key == (None, "schemes"):
                value = [self.handler(s) for s in value]
            out[_render_key(key)] = value
        return out

    def to_string(self, section: str = "passlib") -> str:
        """The configuration as INI text, which :meth:`from_string` reads back."""
        parser = configparser.ConfigParser()
        parser.add_section(section)
        for key, value in self._config.items():
            parser.set(section, _render_key(key), _render_ini_value(key, value))
        buf = io.StringIO()
        parser.write(buf)
        return buf.getvalue()

    def __repr__(self) -> str:
        return f"<hashbridge.compat.CryptContext at 0x{id(self):x}>"

    def schemes(
        self, resolve: bool = False, category: Optional[str] = None, unconfigured: bool = False
    ) -> Tuple[Any, ...]:
        """The configured scheme names, in order."""
        if resolve:
            return tuple(self.handler(s) for s in self._config.schemes)
        return self._config.schemes

    def default_scheme(
        self, category: Optional[str] = None, resolve: bool = False, unconfigured: bool = False
    ) -> Any:
        """The scheme :meth:`hash` writes."""
        handler = self.handler(None, category)
        return handler if resolve else handler.name

    def handler(
        self, scheme: Optional[str] = None, category: Optional[str] = None, unconfigured: bool = False
    ) -> "CryptHandler":
        """The handler for ``scheme`` (default: the default scheme), configured as this context
        configures it."""
        return CryptHandler(self, self._record(scheme).name)

    @property
    def context_kwds(self) -> set:
        """The contextual keywords (``user``, ``realm``, ``encoding``) this context's schemes take."""
        out: set = set()
        for s in self._config.schemes:
            out.update(_CONTEXT_KWDS.get(s, ()))
        return out

    # -- internals -------------------------------------------------------------------------

    def _record(self, scheme: Optional[str]) -> _Record:
        if scheme is not None and not isinstance(scheme, str):
            raise TypeError(f"scheme must be str or None, not {type(scheme).__name__}")
        records = self._config.records
        if not records:
            raise KeyError("no crypt algorithms loaded in this CryptContext instance")
        name = scheme or self._config.default
        rec = records.get(name) if name else None
        if rec is None:
            raise KeyError(f"crypt algorithm not found in this CryptContext instance: {scheme!r}")
        return rec

    def _migrator(self) -> Migrator:
        if self._verifier is None:
            self._verifier = Migrator(
                schemes=list(self._config.schemes), limits=self._limits, rehash=False
            )
        return self._verifier

    def _identify(self, hash: str, required: bool = True) -> Optional[_Record]:
        if not self._config.records:
            if required:
                raise KeyError("no crypt algorithms supported")
            return None
        name = self._first_match(hash)
        if name is None:
            if required:
                raise UnsupportedScheme("hash could not be identified", kind="unsupported")
            return None
        return self._config.records[name]

    def _first_match(self, hash: str) -> Optional[str]:
        """The first configured scheme that recognises ``hash``: passlib's rule for the schemes
        passlib has, hashbridge's for the others (asked in runs, one call per run)."""
        limit = (self._limits or {}).get("max_hash_bytes", _DEFAULT_MAX_HASH_BYTES)
        if len(hash) > limit:
            # hashbridge's input limit, raised by the library with its fields.
            self._migrator().identify_first(hash, self._config.schemes[:1])
        run: List[str] = []
        for name in self._config.schemes:
            verdict = _passlib_identifies(name, hash)
            if verdict is None:
                run.append(name)
                continue
            if run:
                found = self._migrator().identify_first(hash, run)
                if found is not None:
                    return found
                run = []
            if verdict:
                return name
        if run:
            return self._migrator().identify_first(hash, run)
        return None

    def _resolve(self, hash: Any, scheme: Optional[str]) -> Tuple[str, _Record]:
        text = _check_hash(hash)
        if scheme is not None:
            warnings.warn(
                "the 'scheme' keyword is deprecated as of Passlib 1.7", DeprecationWarning, stacklevel=3
            )
            return text, self._record(scheme)
        rec = self._identify(text)
        assert rec is not None
        return text, rec

    @staticmethod
    def _context(rec: _Record, kwds: Dict[str, Any]) -> Dict[str, Any]:
        """hashbridge's credential keywords from passlib's contextual ones."""
        accepted = set().union(*_CONTEXT_KWDS.values())
        for key in kwds:
            if key not in accepted:
                raise TypeError(f"verify() got an unexpected keyword argument {key!r}")
        mine = _CONTEXT_KWDS.get(rec.name, ())
        out: Dict[str, Any] = {}
        if "user" in mine and kwds.get("user") is not None:
            out["username"] = kwds["user"]
        if "realm" in mine and kwds.get("realm") is not None:
            out["params"] = {"realm": kwds["realm"]}
        return out

    @staticmethod
    def _encode(rec: _Record, secret: Secret, kwds: Mapping[str, Any]) -> Secret:
        if isinstance(secret, str) and "encoding" in _CONTEXT_KWDS.get(rec.name, ()):
            encoding = kwds.get("encoding") or _DEFAULT_ENCODING.get(rec.name, "utf-8")
            return secret.encode(encoding)
        return secret

    def _needs_update(
        self, rec: _Record, hash: str, ctx: Mapping[str, Any], deprecated: bool = True
    ) -> bool:
        """passlib's ``record.deprecated or record.needs_update(hash)`` (the handler alone
        with ``deprecated=False``)."""
        if deprecated and rec.deprecated:
            return True
        info = self._migrator().inspect(hash, scheme=rec.name, **ctx)
        params: Dict[str, str] = info["params"]
        name = rec.name
        if name in _ROUNDS:
            rounds = _rounds_of(name, params)
            if rounds is not None:
                if rec.min_desired and rounds < rec.min_desired:
                    return True
                if rec.max_desired and rounds > rec.max_desired:
                    return True
        if name in _BCRYPTS:
            inner = hash[len("bcrypt$"):] if name == "django_bcrypt" else hash
            if name == "ldap_bcrypt":
                inner = hash[len("{CRYPT}"):]
            if inner.startswith("$2a$") and len(inner) > 28 and inner[28] not in _BCRYPT_FINAL_SALT_CHARS:
                return True
        if name == "bcrypt_sha256" and params.get("version", "2") < "2":
            return True
        if name in _ARGON2S:
            variant = params.get("variant", "")
            if variant.replace("argon2", "") != rec.type:
                return True
            if int(params.get("v", "16")) < 19:
                return True
            if int(params.get("m", "0")) != rec.memory_cost:
                return True
            if int(params.get("digest_bytes", "0")) != rec.digest_size:
                return True
            if int(params.get("p", "0")) != rec.parallelism:
                return True
        if name == "scrypt":
            if int(params.get("r", "0")) != rec.block_size:
                return True
            if int(params.get("p", "0")) != rec.parallelism:
                return True
        if name in ("bsdi_crypt", "ldap_bsdi_crypt"):
            rounds = _rounds_of(name, params)
            if rounds is not None and not rounds & 1:
                return True
        if name == "scram":
            algs = set(_split_comma(params.get("algs", "")))
            if not algs.issuperset(rec.algs):
                return True
        return False

    def _writer(self, rec: _Record) -> Tuple[Migrator, str]:
        """The migrator writing ``rec``'s scheme and how to dress its output."""
        name = rec.name
        if rec.salt_size not in (None, 16) and name not in _BCRYPTS:
            raise ConfigError(
                f"{name}: hashbridge writes 16-byte salts; salt_size={rec.salt_size} is not supported",
                kind="config",
            )
        if name in _ARGON2S:
            if rec.type != "id":
                raise ConfigError(
                    f"{name}: hashbridge writes argon2id only, not argon2{rec.type}", kind="config"
                )
            if rec.digest_size != 32:
                raise ConfigError(f"{name}: hashbridge writes 32-byte argon2 digests", kind="config")
            key: Tuple[Any, ...] = ("argon2id", rec.memory_cost, rec.default_rounds, rec.parallelism)
            make = lambda: Migrator(  # noqa: E731
                "argon2id", rec.memory_cost, rec.default_rounds, rec.parallelism, limits=self._limits
            )
        elif name in _BCRYPTS:
            if rec.ident not in (None, "2a", "2b", "2y", "$2a$", "$2b$", "$2y$"):
                raise ConfigError(f"{name}: hashbridge writes bcrypt idents 2a, 2b and 2y, not {rec.ident!r}", kind="config")
            key = ("bcrypt", rec.default_rounds)
            make = lambda: Migrator("bcrypt", bcrypt_cost=rec.default_rounds, limits=self._limits)  # noqa: E731
        elif name == "scrypt":
            if rec.options.get("ident") not in (None, "scrypt", "$scrypt$"):
                raise ConfigError("scrypt: hashbridge writes the $scrypt$ form only", kind="config")
            key = ("scrypt", rec.default_rounds, rec.block_size, rec.parallelism)
            make = lambda: Migrator(  # noqa: E731
                "scrypt", p_cost=rec.parallelism, scrypt_ln=rec.default_rounds,
                scrypt_r=rec.block_size, limits=self._limits,
            )
        elif name in ("pbkdf2_sha256", "ldap_pbkdf2_sha256"):
            key = ("pbkdf2_sha256", rec.default_rounds)
            make = lambda: Migrator("pbkdf2_sha256", iterations=rec.default_rounds, limits=self._limits)  # noqa: E731
        else:
            raise ConfigError(
                f"hashbridge verifies {name} hashes but does not write them; make argon2, "
                "bcrypt, scrypt or pbkdf2_sha256 the default scheme",
                kind="config",
            )
        m = self._writers.get(key)
        if m is None:
            m = self._writers[key] = make()
        return m, name

    def _hash_with(self, rec: _Record, secret: Secret) -> str:
        _check_secret(secret)
        m, name = self._writer(rec)
        if name in _BCRYPTS:
            raw = secret.encode("utf-8") if isinstance(secret, str) else secret
            if len(raw) > 72:
                if rec.truncate_error:
                    raise ValueError(f"Password too long ({len(raw)} > 72 bytes): bcrypt truncates to 72")
                raise ValueError(
                    "password cannot be longer than 72 bytes, truncate manually if necessary "
                    "(e.g. my_password[:72])"
                )
            if b"\0" in raw:
                raise ValueError(f"{name} does not allow NULL bytes in password")
            out = m.hash(raw)
            ident = (rec.ident or "2b").strip("$")
            out = f"${ident}$" + out[len("$2b$"):]
            if name == "django_bcrypt":
                return "bcrypt$" + out
            if name == "ldap_bcrypt":
                return "{CRYPT}" + out
            return out
        out = m.hash(secret)
        if name in _ARGON2S:
            return ("argon2" + out) if name == "django_argon2" else out
        if name in ("pbkdf2_sha256", "ldap_pbkdf2_sha256"):
            # hashbridge writes the PHC form `$pbkdf2-sha256$i=N,l=32$salt$digest`; passlib's
            # is `$pbkdf2-sha256$N$salt$digest` in its "adapted base64" (`.` for `+`).
            _, _, settings, salt, digest = out.split("$")
            iterations = settings.split(",")[0].split("=")[1]
            body = f"{iterations}${salt.replace('+', '.')}${digest.replace('+', '.')}"
            return ("{PBKDF2-SHA256}" if name == "ldap_pbkdf2_sha256" else "$pbkdf2-sha256$") + body
        return out

    # -- passlib's API ---------------------------------------------------------------------

    def identify(
        self,
        hash: Any,
        category: Optional[str] = None,
        resolve: bool = False,
        required: bool = False,
        unconfigured: bool = False,
    ) -> Any:
        """The first configured scheme whose format ``hash`` is in, or ``None``
        (``required=True``: ``ValueError`` instead)."""
        rec = self._identify(_check_hash(hash), required)
        if rec is None:
            return None
        return CryptHandler(self, rec.name) if resolve else rec.name

    def hash(
        self, secret: Secret, scheme: Optional[str] = None, category: Optional[str] = None, **kwds: Any
    ) -> str:
        """A new hash of ``secret`` in the default scheme, with the configured costs."""
        if scheme is not None:
            warnings.warn("the 'scheme' keyword is deprecated as of Passlib 1.7", DeprecationWarning, stacklevel=2)
        return self._hash_with(self._record(scheme), secret)

    def encrypt(self, *args: Any, **kwds: Any) -> str:
        """Legacy alias of :meth:`hash`."""
        return self.hash(*args, **kwds)

    def verify(
        self,
        secret: Secret,
        hash: Optional[Union[str, bytes]],
        scheme: Optional[str] = None,
        category: Optional[str] = None,
        **kwds: Any,
    ) -> bool:
        """Whether ``secret`` matches ``hash`` (``None``: no such user; a dummy verify runs
        and the answer is ``False``)."""
        _check_secret(secret)
        if hash is None:
            self.dummy_verify()
            return False
        text, rec = self._resolve(hash, scheme)
        ctx = self._context(rec, kwds)
        return self._migrator().verify(
            self._encode(rec, secret, kwds), text, scheme=rec.name, **ctx
        ).valid

    def needs_update(
        self,
        hash: Union[str, bytes],
        scheme: Optional[str] = None,
        category: Optional[str] = None,
        secret: Optional[Secret] = None,
    ) -> bool:
        """Whether ``hash`` should be replaced under this context's policy."""
        text, rec = self._resolve(hash, scheme)
        return self._needs_update(rec, text, {})

    def hash_needs_update(self, hash: Union[str, bytes], scheme: Optional[str] = None, category: Optional[str] = None) -> bool:
        """Legacy alias of :meth:`needs_update`."""
        return self.needs_update(hash, scheme, category)

    def verify_and_update(
        self,
        secret: Secret,
        hash: Optional[Union[str, bytes]],
        scheme: Optional[str] = None,
        category: Optional[str] = None,
        **kwds: Any,
    ) -> Tuple[bool, Optional[str]]:
        """``(False, None)`` for a wrong password, ``(True, None)`` for a right one whose hash
        can stay, ``(True, new_hash)`` for a right one whose hash should be replaced (the new
        hash in the default scheme)."""
        _check_secret(secret)
        if hash is None:
            self.dummy_verify()
            return False, None
        text, rec = self._resolve(hash, scheme)
        ctx = self._context(rec, kwds)
        ok = self._migrator().verify(
            self._encode(rec, secret, kwds), text, scheme=rec.name, **ctx
        ).valid
        if not ok:
            return False, None
        if self._needs_update(rec, text, ctx):
            return True, self.hash(secret)
        return True, None

    def dummy_verify(self) -> bool:
        """Spend what verifying a default-scheme hash costs; answers ``False``.

        A default scheme hashbridge verifies but does not write (``sha512_crypt``, say) has no
        hash of its own to verify: the work is then the context's migrator's dummy verify, a
        verify at its target's cost, so an unknown user still costs a hash, never nothing.
        """
        if self._dummy is None:
            try:
                self._dummy = self.hash(self._dummy_secret)
            except ConfigError:
                self._dummy = ""
        if self._dummy:
            self.verify(self._dummy_secret, self._dummy)
        else:
            self._migrator().dummy_verify(self._dummy_secret)
        return False


class CryptHandler:
    """A scheme as configured by a context: passlib's ``PasswordHash`` surface."""

    def __init__(self, context: CryptContext, name: str) -> None:
        self._context = context
        self.name = name

    @property
    def setting_kwds(self) -> Tuple[str, ...]:
        return tuple(k for k in _SETTINGS.get(self.name, ()) if k not in _ROUNDS_KWDS)

    @property
    def context_kwds(self) -> Tuple[str, ...]:
        return _CONTEXT_KWDS.get(self.name, ())

    @property
    def deprecated(self) -> bool:
        return self._context._record(self.name).deprecated

    @property
    def default_rounds(self) -> Optional[int]:
        return self._context._record(self.name).default_rounds

    @property
    def min_desired_rounds(self) -> Optional[int]:
        return self._context._record(self.name).min_desired

    @property
    def max_desired_rounds(self) -> Optional[int]:
        return self._context._record(self.name).max_desired

    def identify(self, hash: Union[str, bytes]) -> bool:
        text = _check_hash(hash)
        verdict = _passlib_identifies(self.name, text)
        if verdict is not None:
            return verdict
        return self._context._migrator().identify_first(text, [self.name]) == self.name

    def hash(self, secret: Secret, **kwds: Any) -> str:
        return self._context._hash_with(self._context._record(self.name), secret)

    def verify(self, secret: Secret, hash: Union[str, bytes], **kwds: Any) -> bool:
        _check_secret(secret)
        text = _check_hash(hash)
        rec = self._context._record(self.name)
        ctx = CryptContext._context(rec, kwds)
        return self._context._migrator().verify(
            CryptContext._encode(rec, secret, kwds), text, scheme=self.name, **ctx
        ).valid

    def needs_update(self, hash: Union[str, bytes], secret: Optional[Secret] = None) -> bool:
        text = _check_hash(hash)
        rec = self._context._record(self.name)
        return self._context._needs_update(rec, text, {}, deprecated=False)

    def using(self, **settings: Any) -> "CryptHandler":
        """This scheme with further settings (a handler of a copied context)."""
        ctx = self._context.copy(**{f"{self.name}__{k}": v for k, v in settings.items()})
        return CryptHandler(ctx, self.name)

    def __repr__(self) -> str:
        return f"<hashbridge.compat.CryptHandler {self.name!r}>"
