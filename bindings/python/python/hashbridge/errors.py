"""The exceptions hashbridge raises: one class per kind of problem, under HashbridgeError.

A wrong password is not an exception (``Outcome.valid`` is False). An exception means the
stored credential could not be judged, and its class (and ``.kind``, the library's name for
it) says why, so that callers can route it: a malformed row is a data problem, a missing salt
column an import-mapping problem, a limit possibly an attack.

The kinds about the input (malformed, unsupported, ambiguous, missing context, limit) and the
configuration kind are also ``ValueError`` subclasses, as passlib raised ``ValueError`` for all
of them: code that catches ``ValueError`` around passlib keeps working. ``Unavailable`` (try
again later) and ``InternalError`` (a bug) are ``RuntimeError`` subclasses.
"""

from __future__ import annotations

from typing import Any, ClassVar, List, Optional

__all__ = [
    "HashbridgeError",
    "MalformedHash",
    "UnsupportedScheme",
    "AmbiguousHash",
    "MissingContext",
    "LimitExceeded",
    "ConfigError",
    "Unavailable",
    "InternalError",
    "error_for",
]


class HashbridgeError(Exception):
    """Base class: the stored credential (or the configuration) could not be judged.

    ``kind`` is the library's name for the problem (``malformed``, ``unsupported``,
    ``ambiguous``, ``missing_context``, ``limit``, ``config``, ``unavailable``, ``internal``),
    the same string the command line's batch answers carry in ``error.kind``.
    """

    kind: ClassVar[str] = "error"

    #: The scheme at fault, where the error names one.
    scheme: Optional[str]

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.scheme = None
        kind = details.pop("kind", None)
        if kind is not None and kind != type(self).kind:
            # A kind newer than this package: keep its name on the instance.
            self.kind = kind  # type: ignore[misc]
        for name, value in details.items():
            setattr(self, name, value)

    def __reduce__(self) -> Any:
        details = {k: v for k, v in self.__dict__.items() if k != "message"}
        return (_rebuild, (type(self), self.message, details))


def _rebuild(cls: type, message: str, details: dict) -> HashbridgeError:
    err = cls(message)
    err.__dict__.update(details)
    return err


class MalformedHash(HashbridgeError, ValueError):
    """The hash string, or a salt or parameter given with it, is not a valid instance of its
    format. ``field`` names the part at fault."""

    kind = "malformed"
    field: Optional[str] = None


class UnsupportedScheme(HashbridgeError, ValueError):
    """No scheme reads this string, or the scheme id given as a hint is unknown."""

    kind = "unsupported"


class AmbiguousHash(HashbridgeError, ValueError):
    """The string fits several formats (a bare hex digest); give ``scheme=`` to say which.
    ``candidates`` lists them."""

    kind = "ambiguous"
    candidates: List[str] = []


class MissingContext(HashbridgeError, ValueError):
    """The format needs context the call did not give: ``what`` says which (``salt``,
    ``username``, ``params.<name>``)."""

    kind = "missing_context"
    what: Optional[str] = None


class LimitExceeded(HashbridgeError, ValueError):
    """A cost, length or size is over the configured limits; refused before any work.
    ``param``, ``value`` and ``limit`` say which and by how much, ``knob`` the setting that
    raises the limit."""

    kind = "limit"
    param: Optional[str] = None
    value: Optional[int] = None
    limit: Optional[int] = None
    knob: Optional[str] = None


class ConfigError(HashbridgeError, ValueError):
    """The migrator's configuration cannot work (a target its own limits would refuse, an
    unknown limit name)."""

    kind = "config"


class Unavailable(HashbridgeError, RuntimeError):
    """A resource the verify needs could not be had now (the memory budget stayed full, no
    random source): transient, try again."""

    kind = "unavailable"


class InternalError(HashbridgeError, RuntimeError):
    """hashbridge itself failed (a Rust panic, caught): a bug, please report it."""

    kind = "internal"


_BY_KIND = {
    cls.kind: cls
    for cls in (
        MalformedHash,
        UnsupportedScheme,
        AmbiguousHash,
        MissingContext,
        LimitExceeded,
        ConfigError,
        Unavailable,
        InternalError,
    )
}


def error_for(answer_error: dict) -> HashbridgeError:
    """The exception for the ``error`` object of a batch answer (``verify_many``)."""
    kind = str(answer_error.get("kind", "error"))
    cls = _BY_KIND.get(kind, HashbridgeError)
    details = {}
    if "candidates" in answer_error:
        details["candidates"] = list(answer_error["candidates"])
    return cls(str(answer_error.get("message", kind)), kind=kind, **details)
