"""hashbridge: verify password hashes from legacy systems, upgrade them on the next login.

    >>> import hashbridge
    >>> out = hashbridge.verify("hashcat", "$1$38652870$DUjsu4TTlTsOe/xxZ05uf/")
    >>> out.valid, out.scheme, out.upgrade.startswith("$argon2id$")
    (True, 'md5_crypt', True)

Build a :class:`Migrator` once (target, limits, schemes) and share it between threads; the
module-level functions use a default one (argon2id m=19456 t=2 p=1, default limits). Every
call that hashes releases the GIL.

Modules beside this one: :mod:`hashbridge.compat` (passlib's ``CryptContext``),
:mod:`hashbridge.django` (a Django password hasher), :mod:`hashbridge.bulk` (wrap, verify
and audit over the partitions of a distributed engine, with a Dask recipe in
:mod:`hashbridge.bulk.dask`), :mod:`hashbridge.errors`.
"""

from __future__ import annotations

from ._native import (
    Migrator,
    Outcome,
    VerifyMany,
    WrapMany,
    __version__,
    default_limits,
    schemes,
)
from . import errors
from .errors import *  # noqa: F403 (the exception classes, listed in errors.__all__)

__all__ = [
    "Migrator",
    "Outcome",
    "VerifyMany",
    "WrapMany",
    *[name for name in errors.__all__ if name != "error_for"],
    "default_migrator",
    "verify",
    "verify_user",
    "identify",
    "inspect",
    "needs_upgrade",
    "hash",
    "dummy_verify",
    "verify_many",
    "wrap_many",
    "audit_many",
    "schemes",
    "default_limits",
    "__version__",
]

_default = Migrator()


def default_migrator() -> Migrator:
    """The migrator the module-level functions are bound to: ``Migrator()`` (argon2id
    m=19456 t=2 p=1, default limits), built at import (a fraction of a millisecond)."""
    return _default


# The module-level functions are the default migrator's methods (same signatures and
# documentation).
verify = _default.verify
verify_user = _default.verify_user
identify = _default.identify
inspect = _default.inspect
needs_upgrade = _default.needs_upgrade
hash = _default.hash
dummy_verify = _default.dummy_verify
verify_many = _default.verify_many
wrap_many = _default.wrap_many
audit_many = _default.audit_many
