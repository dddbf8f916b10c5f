"""Type stubs for the extension module hashbridge._native (built from bindings/python/src)."""

from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Union

from typing import TypedDict, final

from typing_extensions import Unpack

__all__ = [
    "Migrator",
    "Outcome",
    "VerifyMany",
    "WrapMany",
    "schemes",
    "default_limits",
    "_panic_guard_selftest",
    "__version__",
]
__version__: str

_Password = Union[str, bytes, bytearray]
_Text = Union[str, bytes]
_Params = Mapping[str, Union[str, int, bool, None]]

class _Context(TypedDict, total=False):
    """What the old system stored beside the hash string, as keyword arguments."""

    #: A separately stored salt: ``str`` (decoded by ``salt_encoding``) or raw ``bytes``.
    salt: Optional[_Text]
    #: ``utf8`` (default), ``hex`` or ``base64``, for a ``str`` salt.
    salt_encoding: Optional[str]
    #: The user name, for formats that mix it in (PostgreSQL md5, Oracle 10g, MS-Cache).
    username: Optional[_Text]
    #: Parameters stored outside the hash (Firebase's signer key, a salt position, ...).
    params: Optional[_Params]
    #: The scheme id, for strings that do not identify themselves (bare hex digests).
    scheme: Optional[str]

@final
class Outcome:
    """The answer to a verify. Truthy exactly when ``valid``."""

    @property
    def valid(self) -> bool:
        """Whether the password is right."""
    @property
    def scheme(self) -> str:
        """The scheme id the stored hash was read as (``md5_crypt``, ``bcrypt``, ...)."""
    @property
    def needs_upgrade(self) -> bool:
        """Whether the stored hash is legacy or below the target (only when ``valid``)."""
    @property
    def upgrade(self) -> Optional[str]:
        """The new hash to store in place of the old one, or ``None``."""
    def to_dict(self) -> Dict[str, Any]:
        """``{"valid", "scheme", "needs_upgrade", "upgrade"}``, as the batch answers."""
    def __bool__(self) -> bool: ...
    def __eq__(self, value: object, /) -> bool: ...

@final
class VerifyMany(Iterator[Dict[str, Any]]):
    """The answers of :meth:`Migrator.verify_many`, in input order."""

    def __iter__(self) -> "VerifyMany": ...
    def __next__(self) -> Dict[str, Any]: ...

@final
class WrapMany(Iterator[Dict[str, Any]]):
    """The answers of :meth:`Migrator.wrap_many`, in input order."""

    def __iter__(self) -> "WrapMany": ...
    def __next__(self) -> Dict[str, Any]: ...

@final
class Migrator:
    """A scheme registry and an upgrade policy: verifies legacy hashes, writes upgraded ones.

    ``target`` is ``"argon2id"`` (``m_cost`` KiB, ``t_cost`` passes, ``p_cost`` lanes),
    ``"bcrypt"`` (``bcrypt_cost``), ``"scrypt"`` (``scrypt_ln``, ``scrypt_r``, ``p_cost``) or
    ``"pbkdf2_sha256"`` (``iterations``). ``limits`` changes the library's resource limits by
    name (see :func:`default_limits`); ``schemes`` restricts the formats read to these ids, in
    this order; ``also_accept`` lists further targets whose hashes need no upgrade, each a dict
    such as ``{"target": "bcrypt", "bcrypt_cost": 12}``; ``max_cost_factor`` (default 4, None
    for no ceiling) rehashes hashes costing more than that many times the target.
    ``memory_budget`` (bytes) and ``memory_wait`` (seconds) bound the memory-hard hashes in
    flight. With ``schemes``, the target's own scheme is read too (appended when not listed). ``rehash=False`` reports ``needs_upgrade`` without computing the new hash.

    Raises ``TypeError``/``ValueError`` naming the argument, or :class:`ConfigError` when the
    policy could not keep its promises (a target its own limits would refuse).
    """

    def __new__(
        cls,
        target: str = "argon2id",
        m_cost: int = 19456,
        t_cost: int = 2,
        p_cost: int = 1,
        *,
        bcrypt_cost: int = 12,
        scrypt_ln: int = 17,
        scrypt_r: int = 8,
        iterations: int = 600000,
        limits: Optional[Mapping[str, int]] = None,
        schemes: Optional[Sequence[str]] = None,
        also_accept: Optional[Iterable[Mapping[str, Union[str, int]]]] = None,
        max_cost_factor: Optional[int] = 4,
        memory_budget: Optional[int] = None,
        memory_wait: Optional[float] = None,
        rehash: bool = True,
    ) -> "Migrator": ...
    def verify(
        self,
        password: _Password,
        hash: _Text,
        **context: Unpack[_Context],
    ) -> Outcome:
        """Judge ``password`` against the stored ``hash``. A wrong password is
        ``valid=False``; an exception means the hash could not be judged."""
    def verify_user(
        self,
        password: _Password,
        hash: Optional[_Text],
        **context: Unpack[_Context],
    ) -> Outcome:
        """``verify`` for a login by user name; ``hash=None`` for an unknown user runs a dummy
        verify of the target's cost and answers ``valid=False``."""
    def identify(
        self,
        hash: _Text,
        **context: Unpack[_Context],
    ) -> str:
        """The scheme id of a stored hash (no hashing)."""
    def identify_first(self, hash: _Text, schemes: Iterable[str]) -> Optional[str]:
        """The first of ``schemes`` whose format ``hash`` is in, or ``None`` (passlib's order)."""
    def inspect(
        self,
        hash: _Text,
        **context: Unpack[_Context],
    ) -> Dict[str, Any]:
        """``{"scheme": id, "params": {name: text}, "needs_upgrade": bool}`` (no hashing)."""
    def needs_upgrade(
        self,
        hash: _Text,
        **context: Unpack[_Context],
    ) -> bool:
        """Whether the policy would upgrade this hash on its next successful login."""
    def hash(self, password: _Password) -> str:
        """A new hash of ``password`` in the target format."""
    def dummy_verify(self, password: _Password) -> bool:
        """Spend what a target verify costs and answer ``False`` (for unknown users)."""
    def verify_many(
        self, records: Iterable[Mapping[str, Any]], threads: Optional[int] = None
    ) -> VerifyMany:
        """Verify records of the command line's batch format (``password`` or
        ``password_hex``, ``hash``, ``salt``, ``salt_encoding``, ``username``, ``params``,
        ``format``, ``id``) on ``threads`` threads (default: every core), yielding one answer
        dict per record in input order: ``{"id" or "line", "valid", "scheme",
        "needs_upgrade", "upgrade"}`` or ``{"id" or "line", "error": {"kind", "message"}}``."""
    def wrap_many(
        self, records: Iterable[Mapping[str, Any]], threads: Optional[int] = None
    ) -> WrapMany:
        """Wrap the hashes of records of the batch format without their passwords (``hash``,
        ``salt``, ``salt_encoding``, ``username``, ``params``, ``format``, ``id``; a
        ``password`` is not read), as ``hashbridge wrap --from jsonl``, on ``threads``
        threads (default: every core), yielding one answer per record in input order:
        ``{"id" or "line", "status": "wrapped", "hash": wrapped}``, ``{"id" or "line",
        "status"}`` for ``already_wrapped``, ``strong`` and ``without_hash``, or ``{"id" or
        "line", "status": "not_wrapped" or "unreadable", "error": {"kind", "message"}}``."""
    def audit_many(self, records: Iterable[Mapping[str, Any]]) -> Dict[str, Any]:
        """The census of records of the batch format (no passwords, no hashing): the report
        ``hashbridge audit --from jsonl --json`` writes (``entries``, ``with_hash``,
        ``without_hash``, ``unreadable``, ``unidentified``, ``schemes``, ``groups``, ...),
        without its wrap estimate."""
    @property
    def target(self) -> str:
        """The scheme id of the hashes this migrator writes."""
    @property
    def schemes(self) -> List[str]:
        """The scheme ids this migrator reads, in identification order."""
    @property
    def limits(self) -> Dict[str, int]:
        """The limits in force, by name."""
    @property
    def memory_budget(self) -> int:
        """Bytes the memory-hard hashes of this migrator may hold at once."""
    @property
    def memory_in_use(self) -> int:
        """Bytes reserved right now by this migrator's hashes in flight."""

def schemes() -> List[str]:
    """Every built-in scheme id, in identification order."""

def default_limits() -> Dict[str, int]:
    """The default limits, by name (the keys ``Migrator(limits=...)`` accepts)."""

def _panic_guard_selftest() -> None: ...
