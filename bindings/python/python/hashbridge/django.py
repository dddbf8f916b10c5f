"""A Django password hasher for credentials imported from other systems.

Import each legacy credential into the ``password`` column as ``hashbridge$`` followed by the
original string (:func:`encode_imported` builds it, with the salt, user name or parameters a
format keeps outside its string), and list the hasher after Django's own::

    PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",   # or PBKDF2PasswordHasher
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "hashbridge.django.HashbridgePasswordHasher",
    ]

``django.contrib.auth.authenticate`` then logs such a user in through this hasher, and because
it is not the first (preferred) hasher, Django rehashes the password with the preferred one
and saves it: the legacy credential is gone after one successful login.

The stored value is ``hashbridge$<hash>`` when the hash string says everything, and
``hashbridge${"hash": ..., "salt": ..., "salt_encoding": ..., "username": ..., "params": ...,
"format": ...}`` (the fields of the command line's batch records, compact JSON) when the
format needs context; no legacy format starts with ``{"``. Django's default user model keeps
128 characters of password: a longer value (a long hash with its context) needs a wider column
on a custom user model, and :func:`encode_imported` refuses it unless ``max_length`` says so.

Configuration: ``settings.HASHBRIDGE_MIGRATOR``, a dict of :class:`hashbridge.Migrator`
keyword arguments (``target``, ``limits``, ``schemes``, ...), applies when this hasher is
first used. With the hasher first in ``PASSWORD_HASHERS``, :meth:`encode` writes
``hashbridge$`` followed by the migrator's target hash (argon2id by default), and
:meth:`must_update` asks for a new hash when the stored one is legacy or below the target.

Errors: a stored value that cannot be judged (malformed, missing context, over the limits) is
a failed login, never a server error; it is logged on the ``hashbridge.django`` logger with
its kind (never the password).
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Any, Dict, Mapping, Optional, Tuple, Union

from django.conf import settings
from django.contrib.auth.hashers import BasePasswordHasher, mask_hash
from django.utils.translation import gettext_noop as _

from ._native import Migrator
from .errors import HashbridgeError

__all__ = [
    "HashbridgePasswordHasher",
    "encode_imported",
    "decode_stored",
    "ALGORITHM",
    "USERNAME_FORMATS",
]

#: Formats that mix the account's user name (or a principal built from it) into the hash:
#: PostgreSQL md5, Oracle 10g, MS-Cache, Cisco ASA/PIX, htdigest, SMF, Dovecot's DIGEST-MD5,
#: Kerberos AES keys, MongoDB SCRAM-SHA-1, RACF, SAP CODVN B/F, Juniper ScreenOS, SolarWinds
#: Orion. An importer stores the user name with these, and only these.
USERNAME_FORMATS = frozenset(
    {
        "cisco_asa",
        "cisco_pix",
        "dovecot_digest_md5",
        "htdigest",
        "juniper_screenos",
        "kerberos_aes128",
        "kerberos_aes256",
        "mongodb_scram_sha1",
        "msdcc",
        "msdcc2",
        "oracle10",
        "postgres_md5",
        "racf",
        "sap_codvn_b",
        "sap_codvn_f",
        "smf",
        "solarwinds_orion",
    }
)

ALGORITHM = "hashbridge"
PREFIX = ALGORITHM + "$"
#: The length of Django's default ``AbstractBaseUser.password`` column.
DJANGO_PASSWORD_MAX_LENGTH = 128

logger = logging.getLogger("hashbridge.django")

_CONTEXT_FIELDS = ("salt", "salt_encoding", "username", "params", "format")

_migrators: Dict[Tuple[Tuple[str, Any], ...], Migrator] = {}
_lock = threading.Lock()


def _migrator() -> Migrator:
    options = dict(getattr(settings, "HASHBRIDGE_MIGRATOR", None) or {})
    key = tuple(sorted((k, repr(v)) for k, v in options.items()))
    m = _migrators.get(key)
    if m is None:
        with _lock:
            m = _migrators.get(key)
            if m is None:
                m = _migrators[key] = Migrator(**options)
    return m


def encode_imported(
    hash: str,
    *,
    salt: Optional[str] = None,
    salt_encoding: Optional[str] = None,
    username: Optional[str] = None,
    params: Optional[Mapping[str, Union[str, int, bool]]] = None,
    scheme: Optional[str] = None,
    max_length: Optional[int] = DJANGO_PASSWORD_MAX_LENGTH,
) -> str:
    """The ``password`` column value for a credential imported from another system.

    The credential is checked first (its scheme identified and its parameters read, no
    hashing), so a row that could never log in fails at import time with the
    :class:`hashbridge.HashbridgeError` that says why. ``max_length`` is the column's length
    (``None``: unbounded); a longer value raises ``ValueError``.
    """
    if not isinstance(hash, str):
        raise TypeError(f"hash must be str, not {type(hash).__name__}")
    given = dict(salt=salt, salt_encoding=salt_encoding, username=username, params=params)
    given = {k: v for k, v in given.items() if v is not None}
    context: Dict[str, Any] = dict(given)
    if scheme is not None:
        # A hint the string does not need is not stored: the value stays short.
        try:
            unhinted: Optional[str] = _migrator().identify(hash, **given)
        except HashbridgeError:
            unhinted = None
        if unhinted != scheme:
            context["format"] = scheme
    # Checked as a login would read it: scheme, parameters, limits (no hashing).
    _migrator().inspect(hash, scheme=scheme, **given)
    if context or hash.startswith('{"'):
        if "params" in context:
            context["params"] = dict(context["params"])
        value = PREFIX + json.dumps({"hash": hash, **context}, separators=(",", ":"))
    else:
        value = PREFIX + hash
    if max_length is not None and len(value) > max_length:
        raise ValueError(
            f"the encoded credential is {len(value)} characters, over the column's "
            f"{max_length}; widen the password column and pass max_length"
        )
    return value


def decode_stored(encoded: str) -> Dict[str, Any]:
    """``{"hash": ..., and the context fields given}`` from a ``hashbridge$...`` value."""
    if not isinstance(encoded, str) or not encoded.startswith(PREFIX):
        raise ValueError(f"not a {ALGORITHM} password value")
    rest = encoded[len(PREFIX):]
    if rest.startswith('{"'):
        try:
            record = json.loads(rest)
        except ValueError:
            raise ValueError(f"{ALGORITHM}: the stored context is not valid JSON") from None
        if not isinstance(record, dict) or not isinstance(record.get("hash"), str):
            raise ValueError(f"{ALGORITHM}: the stored context has no hash")
        unknown = set(record) - {"hash", *_CONTEXT_FIELDS}
        if unknown:
            raise ValueError(f"{ALGORITHM}: unknown stored fields {sorted(unknown)}")
        return record
    return {"hash": rest}


def _credential(encoded: str) -> Tuple[str, Dict[str, Any]]:
    record = decode_stored(encoded)
    kwargs = {k: record[k] for k in ("salt", "salt_encoding", "username", "params") if k in record}
    if "format" in record:
        kwargs["scheme"] = record["format"]
    return record["hash"], kwargs


class HashbridgePasswordHasher(BasePasswordHasher):
    """Verifies the legacy credentials hashbridge reads, stored as ``hashbridge$...``."""

    algorithm = ALGORITHM
    library = "hashbridge"

    def verify(self, password: Union[str, bytes], encoded: str) -> bool:
        try:
            hash, kwargs = _credential(encoded)
            return _migrator().verify(password, hash, **kwargs).valid
        except (HashbridgeError, ValueError, TypeError) as e:
            logger.warning(
                "hashbridge: stored password cannot be judged (%s): %s",
                getattr(e, "kind", type(e).__name__),
                e,
            )
            return False

    def encode(self, password: Union[str, bytes], salt: str) -> str:
        # The target writes its own random salt; Django's is checked, as Django's hashers do,
        # and not used.
        self._check_encode_args(password, salt)
        return PREFIX + _migrator().hash(password)

    def decode(self, encoded: str) -> Dict[str, Any]:
        hash, kwargs = _credential(encoded)
        try:
            scheme = _migrator().identify(hash, **kwargs)
        except HashbridgeError:
            scheme = None
        return {
            "algorithm": self.algorithm,
            "hash": hash,
            "salt": kwargs.get("salt"),
            "scheme": scheme,
        }

    def safe_summary(self, encoded: str) -> Dict[str, Any]:
        decoded = self.decode(encoded)
        return {
            _("algorithm"): decoded["algorithm"],
            _("scheme"): decoded["scheme"] or "unknown",
            _("hash"): mask_hash(decoded["hash"]),
        }

    def must_update(self, encoded: str) -> bool:
        try:
            hash, kwargs = _credential(encoded)
            return _migrator().needs_upgrade(hash, **kwargs)
        except (HashbridgeError, ValueError):
            return True

    def harden_runtime(self, password: Union[str, bytes], encoded: str) -> None:
        # Django calls this after a failed verify whose hash needs updating, so that a wrong
        # password against a cheap legacy hash takes as long as one against the target: the
        # target's cost is spent once more.
        try:
            _migrator().dummy_verify(password)
        except HashbridgeError:
            pass
