"""hashbridge: verify password hashes from legacy systems, upgrade them on the next login.

    >>> import hashbridge
    >>> out = hashbridge.verify("hashcat", "$1$38652870$DUjsu4TTlTsOe/xxZ05uf/")
    >>> out.valid, out.scheme, out.upgrade.startswith("$argon2id$")
    (True, 'md5_crypt', True)

Build a :class:`Migrator` once (target, limits, schemes) and share it between threads; the
module-level functions use a default one (argon2id m=19456 t=2 p=1, default limits). Every
call that hashes releases the GIL.

Modules beside this one: :mod:`hashbridge.compat` (passlib's ``CryptContext``),
:mod:`hashbridge.django` (a Django password hasher), :mod:`hashbridge.errors`.
"""

from __future__ import annotations

import threading
from typing import Any, Iterable, Iterator, Mapping, Optional, Union

from ._native import (
    Migrator,
    Outcome,
    VerifyMany,
    __version__,
    default_limits,
    schemes,
)
from .errors import (
    AmbiguousHash,
    ConfigError,
    HashbridgeError,
    InternalError,
    LimitExceeded,
    MalformedHash,
    MissingContext,
    Unavailable,
    UnsupportedScheme,
)

__all__ = [
    "Migrator",
    "Outcome",
    "VerifyMany",
    "HashbridgeError",
    "MalformedHash",
    "UnsupportedScheme",
    "AmbiguousHash",
    "MissingContext",
    "LimitExceeded",
    "ConfigError",
    "Unavailable",
    "InternalError",
    "default_migrator",
    "verify",
    "verify_user",
    "identify",
    "inspect",
    "needs_upgrade",
    "hash",
    "dummy_verify",
    "verify_many",
    "schemes",
    "default_limits",
    "__version__",
]

Password = Union[str, bytes]
Text = Union[str, bytes]
Params = Mapping[str, Union[str, int, bool, None]]

_default: Optional[Migrator] = None
_default_lock = threading.Lock()


def default_migrator() -> Migrator:
    """The migrator the module-level functions use: ``Migrator()``, built on first use."""
    global _default
    m = _default
    if m is None:
        with _default_lock:
            if _default is None:
                _default = Migrator()
            m = _default
    return m


def verify(
    password: Password,
    hash: Text,
    *,
    salt: Optional[Text] = None,
    salt_encoding: Optional[str] = None,
    username: Optional[Text] = None,
    params: Optional[Params] = None,
    scheme: Optional[str] = None,
) -> Outcome:
    """:meth:`Migrator.verify` on the default migrator."""
    return default_migrator().verify(
        password,
        hash,
        salt=salt,
        salt_encoding=salt_encoding,
        username=username,
        params=params,
        scheme=scheme,
    )


def verify_user(
    password: Password,
    hash: Optional[Text],
    *,
    salt: Optional[Text] = None,
    salt_encoding: Optional[str] = None,
    username: Optional[Text] = None,
    params: Optional[Params] = None,
    scheme: Optional[str] = None,
) -> Outcome:
    """:meth:`Migrator.verify_user` on the default migrator."""
    return default_migrator().verify_user(
        password,
        hash,
        salt=salt,
        salt_encoding=salt_encoding,
        username=username,
        params=params,
        scheme=scheme,
    )


def identify(
    hash: Text,
    *,
    salt: Optional[Text] = None,
    salt_encoding: Optional[str] = None,
    username: Optional[Text] = None,
    params: Optional[Params] = None,
    scheme: Optional[str] = None,
) -> str:
    """:meth:`Migrator.identify` on the default migrator."""
    return default_migrator().identify(
        hash,
        salt=salt,
        salt_encoding=salt_encoding,
        username=username,
        params=params,
        scheme=scheme,
    )


def inspect(
    hash: Text,
    *,
    salt: Optional[Text] = None,
    salt_encoding: Optional[str] = None,
    username: Optional[Text] = None,
    params: Optional[Params] = None,
    scheme: Optional[str] = None,
) -> dict:
    """:meth:`Migrator.inspect` on the default migrator."""
    return default_migrator().inspect(
        hash,
        salt=salt,
        salt_encoding=salt_encoding,
        username=username,
        params=params,
        scheme=scheme,
    )


def needs_upgrade(
    hash: Text,
    *,
    salt: Optional[Text] = None,
    salt_encoding: Optional[str] = None,
    username: Optional[Text] = None,
    params: Optional[Params] = None,
    scheme: Optional[str] = None,
) -> bool:
    """:meth:`Migrator.needs_upgrade` on the default migrator."""
    return default_migrator().needs_upgrade(
        hash,
        salt=salt,
        salt_encoding=salt_encoding,
        username=username,
        params=params,
        scheme=scheme,
    )


def hash(password: Password) -> str:
    """:meth:`Migrator.hash` on the default migrator: a new argon2id hash."""
    return default_migrator().hash(password)


def dummy_verify(password: Password) -> bool:
    """:meth:`Migrator.dummy_verify` on the default migrator."""
    return default_migrator().dummy_verify(password)


def verify_many(
    records: Iterable[Mapping[str, Any]], threads: Optional[int] = None
) -> Iterator[dict]:
    """:meth:`Migrator.verify_many` on the default migrator."""
    return default_migrator().verify_many(records, threads)
