"""Partition-level wrap, verify and audit: the unit of work a distributed engine hands out.

A data platform that already runs a distributed engine (Dask, Spark, Ray) splits a table of
users into partitions and runs a function on each, on whichever worker is free. These are
those functions, over a pandas ``DataFrame`` (or a pyarrow ``RecordBatch`` / ``Table``) whose
columns are the fields of the command line's batch records:

==================  ==========================================================================
``id``              the record's key, kept as it is
``hash``            the stored hash string (null: an account without a password)
``salt``            a separately stored salt (``str``, decoded by ``salt_encoding``, or ``bytes``)
``salt_encoding``   ``utf8`` (default), ``hex`` or ``base64``
``username``        for formats that mix the user name in
``params``          parameters stored outside the hash: a dict, a JSON object string, or the
                    key/value pairs of an Arrow map column
``format``          the scheme id, for strings that do not identify themselves
``password``        the password (:func:`verify_partition` only): ``str`` or ``bytes``;
                    or ``password_hex``, its bytes in hex
==================  ==========================================================================

Other columns are carried through untouched. A null cell (``None``, ``NaN``, ``pd.NA``) is an
absent field. Every function returns the same rows in the same order (the input's index kept)
with columns added; the work runs in Rust on ``threads`` threads (default: every core of the
machine) with the GIL released, through the same code as the command line
(:meth:`hashbridge.Migrator.wrap_many`, :meth:`~hashbridge.Migrator.verify_many`,
:meth:`~hashbridge.Migrator.audit_many`), so a partition gets exactly the answers
``hashbridge wrap --from jsonl``, ``verify --batch`` and ``audit --from jsonl`` give its rows.

A row that cannot be worked on is answered in its ``error_kind`` and ``error`` columns (the
library's error kind and message, as the command line's ``wrap_error`` / ``error`` members);
nothing is raised for one bad row. No password reaches an error message, a log or the output
of :func:`wrap_partition` (which reads none).

pandas (and pyarrow, for Arrow input) are imported when these functions are first called, so
``import hashbridge`` does not need them: ``pip install 'hashbridge[bulk]'`` brings them, with
Dask for the recipe in :mod:`hashbridge.bulk.dask`.
"""

from __future__ import annotations

import json
import math
import os
import threading
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from .._native import Migrator

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "RECORD_COLUMNS",
    "WRAP_STATUSES",
    "AUDIT_COLUMNS",
    "MIGRATOR_OPTIONS",
    "wrap_partition",
    "verify_partition",
    "audit_partition",
    "combine_audits",
    "migrator_for",
    "worker_threads",
]

#: The columns read from a partition (``password`` too, by :func:`verify_partition`).
RECORD_COLUMNS = ("id", "hash", "salt", "salt_encoding", "username", "params", "format")

#: The values of :func:`wrap_partition`'s ``status`` column, each the name of the count
#: ``hashbridge wrap --json`` reports for it.
WRAP_STATUSES = (
    "wrapped",
    "already_wrapped",
    "strong",
    "without_hash",
    "not_wrapped",
    "unreadable",
)

#: The columns of :func:`audit_partition`'s table; the first four are the key rows are summed
#: over (:func:`combine_audits`).
AUDIT_COLUMNS = (
    "category",
    "scheme",
    "cost",
    "error_kind",
    "accounts",
    "needs_upgrade",
    "wrappable",
    "errors",
    "strength",
    "weaknesses",
)

#: The keyword arguments of :class:`hashbridge.Migrator` the partition functions accept in
#: place of a ``migrator``: plain values, so that a task sent to a worker in another process
#: (where a ``Migrator`` cannot be pickled to) builds the same policy there.
MIGRATOR_OPTIONS = (
    "target",
    "m_cost",
    "t_cost",
    "p_cost",
    "bcrypt_cost",
    "scrypt_ln",
    "scrypt_r",
    "iterations",
    "limits",
    "schemes",
    "also_accept",
    "max_cost_factor",
    "memory_budget",
    "memory_wait",
)

_FIELDS = ("hash", "salt", "salt_encoding", "username", "params", "format")

_migrators: Dict[str, Migrator] = {}
_migrators_lock = threading.Lock()


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - the message is the point
        raise ImportError(
            "hashbridge.bulk needs pandas: pip install 'hashbridge[bulk]'"
        ) from e
    return pandas


def _arrow() -> Any:
    try:
        import pyarrow
    except ImportError as e:  # pragma: no cover
        raise ImportError(
            "hashbridge.bulk needs pyarrow for Arrow input: pip install 'hashbridge[bulk]'"
        ) from e
    return pyarrow


def migrator_for(**options: Any) -> Migrator:
    """The :class:`~hashbridge.Migrator` built from ``options`` (keywords of
    :data:`MIGRATOR_OPTIONS`), one per process and set of options: a worker that runs many
    partitions builds its migrator once (and keeps its memory budget shared between them)."""
    unknown = sorted(set(options) - set(MIGRATOR_OPTIONS))
    if unknown:
        raise TypeError(
            f"unknown migrator option(s) {', '.join(unknown)}; known: {', '.join(MIGRATOR_OPTIONS)}"
        )
    given = {k: v for k, v in options.items() if v is not None}
    key = json.dumps(given, sort_keys=True, default=repr)
    with _migrators_lock:
        m = _migrators.get(key)
        if m is None:
            m = Migrator(**given)
            _migrators[key] = m
        return m


def _cores() -> int:
    """The cores this process may run on (its CPU affinity where the system has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def worker_threads() -> int:
    """Rust threads for one partition on this worker: the cores this process may run on,
    shared between the partitions a Dask worker runs at once (its ``nthreads``), at least 1.
    Outside a Dask worker: the cores."""
    cores = _cores()
    slots = 1
    try:
        from distributed import get_worker

        worker = get_worker()
        state = getattr(worker, "state", worker)
        slots = int(getattr(state, "nthreads", 1) or 1)
    except (ImportError, ValueError):  # no Dask, or not inside a worker's task
        pass
    return max(1, cores // max(1, slots))


def _absent(v: Any) -> bool:
    """Whether a cell is null: ``None``, a NaN float, ``pd.NA`` or ``pd.NaT``."""
    if v is None:
        return True
    if isinstance(v, float):
        return math.isnan(v)
    # pd.NA, pd.NaT and numpy's datetime NaT: nulls that are not None.
    name = type(v).__name__
    return name in ("NAType", "NaTType") or (name == "datetime64" and str(v) == "NaT")


def _params(v: Any) -> Any:
    """A ``params`` cell as the dict the batch format reads: a dict (an Arrow struct), a JSON
    object string, or key/value pairs (an Arrow map); nulls inside are dropped. Anything else
    is passed on as it is, and the record is answered as malformed (``params``)."""
    if isinstance(v, str):
        try:
            parsed = json.loads(v)
        except ValueError:
            return v
        v = parsed
    if isinstance(v, Mapping):
        items: Iterable[Tuple[Any, Any]] = v.items()
    elif isinstance(v, (list, tuple)) or type(v).__name__ == "ndarray":
        pairs = list(v)
        if not all(isinstance(p, (list, tuple)) and len(p) == 2 for p in pairs):
            return v
        items = [(p[0], p[1]) for p in pairs]
    else:
        return v
    return {k: (None if _absent(x) else _plain(x)) for k, x in items}


def _plain(v: Any) -> Any:
    """numpy scalars as the Python values they hold (the batch format takes str, int, bool)."""
    item = getattr(v, "item", None)
    if item is not None and type(v).__module__ == "numpy":
        return item()
    return v


def _records(df: "pd.DataFrame", fields: Sequence[str]) -> List[Dict[str, Any]]:
    """The batch records of a frame's rows: its present, non-null ``fields``."""
    columns = [(f, df[f].tolist()) for f in fields if f in df.columns]
    out: List[Dict[str, Any]] = []
    for i in range(len(df)):
        record: Dict[str, Any] = {}
        for name, values in columns:
            v = values[i]
            if _absent(v):
                continue
            if name == "params":
                v = _params(v)
            elif isinstance(v, (bytearray, memoryview)):
                v = bytes(v)
            else:
                v = _plain(v)
            record[name] = v
        out.append(record)
    return out


def _frame(data: Any, caller: str) -> Tuple["pd.DataFrame", Optional[str]]:
    """``data`` as a pandas frame, and what it came as (``"batch"``, ``"table"`` or None)."""
    pd = _pandas()
    if isinstance(data, pd.DataFrame):
        return data, None
    kind = type(data).__name__
    if type(data).__module__.startswith("pyarrow") and kind in ("RecordBatch", "Table"):
        return data.to_pandas(), "batch" if kind == "RecordBatch" else "table"
    raise TypeError(
        f"{caller} takes a pandas DataFrame or a pyarrow RecordBatch or Table, not {kind}"
    )


#: The Arrow types of the columns the functions add or rewrite, so that every batch of a job
#: has the same schema (an engine such as Spark's ``mapInArrow`` declares it up front), even
#: one whose error column happens to be all null.
_ARROW_TYPES = {
    "hash": "string",
    "salt": "string",
    "salt_encoding": "string",
    "format": "string",
    "wrapped": "bool_",
    "status": "string",
    "error_kind": "string",
    "error": "string",
    "valid": "bool_",
    "scheme": "string",
    "needs_upgrade": "bool_",
    "upgrade": "string",
}


def _back(df: "pd.DataFrame", kind: Optional[str], source: Any = None) -> Any:
    """A result frame as what the input came as: the input's own columns keep their Arrow
    types, added ones take those of :data:`_ARROW_TYPES`."""
    if kind is None:
        return df
    pa = _arrow()
    inferred = pa.Schema.from_pandas(df, preserve_index=False)
    given = {f.name: f.type for f in source.schema} if source is not None else {}
    fields = []
    for f in inferred:
        t = given.get(f.name)
        if t is None or pa.types.is_null(t):
            named = _ARROW_TYPES.get(f.name)
            t = getattr(pa, named)() if named else f.type
        fields.append(pa.field(f.name, t))
    schema = pa.schema(fields)
    if kind == "batch":
        return pa.RecordBatch.from_pandas(df, schema=schema, preserve_index=False)
    return pa.Table.from_pandas(df, schema=schema, preserve_index=False)


def _column(values: List[Any], index: Any, like: Any = None, dtype: Any = object) -> Any:
    """``values`` as a column of the frame's rows: of ``like``'s dtype when it can hold them
    (a rewritten input column keeps its type), else ``dtype``. Added text columns are
    ``object``, holding ``str`` or ``None`` whatever pandas would infer, so that every
    partition of a job has the same dtypes."""
    pd = _pandas()
    if like is not None:
        try:
            return pd.Series(values, index=index, dtype=like.dtype)
        except (TypeError, ValueError):
            return pd.Series(values, index=index, dtype=object)
    return pd.Series(values, index=index, dtype=dtype)


def _require(df: "pd.DataFrame", column: str, caller: str) -> None:
    if column not in df.columns:
        raise ValueError(
            f"{caller}: the partition has no {column!r} column (columns: {', '.join(map(str, df.columns))})"
        )


def _resolve(migrator: Optional[Migrator], options: Dict[str, Any], caller: str) -> Migrator:
    if migrator is not None:
        if options:
            raise TypeError(
                f"{caller}: give either migrator or the migrator options ({', '.join(sorted(options))}), not both"
            )
        if not isinstance(migrator, Migrator):
            raise TypeError(f"{caller}: migrator must be a hashbridge.Migrator, not {type(migrator).__name__}")
        return migrator
    return migrator_for(**options)


def _error_columns(answers: Sequence[Mapping[str, Any]]) -> Tuple[List[Optional[str]], List[Optional[str]]]:
    kinds: List[Optional[str]] = []
    messages: List[Optional[str]] = []
    for a in answers:
        e = a.get("error")
        kinds.append(e["kind"] if e else None)
        messages.append(e["message"] if e else None)
    return kinds, messages


def wrap_partition(
    df: Any,
    *,
    migrator: Optional[Migrator] = None,
    threads: Optional[int] = None,
    **options: Any,
) -> Any:
    """Wrap every weak hash of a partition without the passwords, as ``hashbridge wrap``.

    Returns the same rows in the same order with ``hash`` replaced by the wrapped credential
    where one was made (and ``salt``, ``salt_encoding`` and ``format`` cleared on those rows:
    the wrapped string carries them, and a scheme hint left beside it would misdirect the
    verify), and these columns added:

    - ``wrapped``: whether ``hash`` was replaced;
    - ``status``: one of :data:`WRAP_STATUSES` (``strong`` and ``already_wrapped`` rows need no
      wrap; ``not_wrapped`` rows keep their hash and upgrade at the next login);
    - ``error_kind`` and ``error``: null where the row was worked on, else the error's kind
      (``unsupported``, ``malformed``, ...) and message, as the command line's ``wrap_error``.

    ``migrator`` is the policy to wrap with; or pass its options (:data:`MIGRATOR_OPTIONS`:
    ``target``, ``m_cost``, ``t_cost``, ...) and one is built (once per process). ``threads``
    is the Rust threads for this call (default: every core). A ``RecordBatch`` or ``Table``
    in gives the same out. Raises ``ValueError`` for a partition without a ``hash`` column and
    ``TypeError`` for something that is not a partition; a bad row is answered, not raised.
    """
    m = _resolve(migrator, options, "wrap_partition")
    frame, kind = _frame(df, "wrap_partition")
    _require(frame, "hash", "wrap_partition")
    answers = list(m.wrap_many(_records(frame, _FIELDS), threads=threads))
    if len(answers) != len(frame):  # pragma: no cover - the binding answers every record
        raise RuntimeError("wrap_partition: an answer is missing")
    out = frame.copy()
    statuses = [a["status"] for a in answers]
    wrapped = [s == "wrapped" for s in statuses]
    hashes = frame["hash"].tolist()
    out["hash"] = _column(
        [a["hash"] if w else h for a, w, h in zip(answers, wrapped, hashes)], out.index, like=frame["hash"]
    )
    for column in ("salt", "salt_encoding", "format"):
        if column in out.columns:
            values = frame[column].tolist()
            out[column] = _column(
                [None if w else v for v, w in zip(values, wrapped)], out.index, like=frame[column]
            )
    out["wrapped"] = _column(wrapped, out.index, dtype=bool)
    out["status"] = _column(statuses, out.index)
    kinds, messages = _error_columns(answers)
    out["error_kind"] = _column(kinds, out.index)
    out["error"] = _column(messages, out.index)
    return _back(out, kind, df if kind else None)


def verify_partition(
    df: Any,
    *,
    migrator: Optional[Migrator] = None,
    threads: Optional[int] = None,
    **options: Any,
) -> Any:
    """Verify the ``password`` column against each row's stored credential, as
    ``hashbridge verify --batch``.

    Returns the same rows in the same order with ``valid``, ``scheme``, ``needs_upgrade`` and
    ``upgrade`` (the new hash to store after a valid login, or null) added, and ``error_kind``
    and ``error`` for a row that could not be judged (its other added cells null); the
    password is ``password`` (or ``password_hex``, for bytes that are not text). A wrong
    password is ``valid=False``, not an error. The input's columns, the password among them,
    are returned as they came; nothing derived from a password is added besides the upgrade
    hash. Options and errors as :func:`wrap_partition`; a partition without a ``password`` or
    ``hash`` column is a ``ValueError``.
    """
    m = _resolve(migrator, options, "verify_partition")
    frame, kind = _frame(df, "verify_partition")
    _require(frame, "hash", "verify_partition")
    if "password_hex" not in frame.columns:
        _require(frame, "password", "verify_partition")
    answers = list(m.verify_many(_records(frame, ("password", "password_hex") + _FIELDS), threads=threads))
    if len(answers) != len(frame):  # pragma: no cover
        raise RuntimeError("verify_partition: an answer is missing")
    out = frame.copy()
    out["valid"] = _column([a.get("valid") for a in answers], out.index, dtype="boolean")
    out["scheme"] = _column([a.get("scheme") for a in answers], out.index)
    out["needs_upgrade"] = _column([a.get("needs_upgrade") for a in answers], out.index, dtype="boolean")
    out["upgrade"] = _column([a.get("upgrade") for a in answers], out.index)
    kinds, messages = _error_columns(answers)
    out["error_kind"] = _column(kinds, out.index)
    out["error"] = _column(messages, out.index)
    return _back(out, kind, df if kind else None)


def audit_partition(
    df: Any,
    *,
    migrator: Optional[Migrator] = None,
    **options: Any,
) -> Any:
    """Count a partition's accounts by scheme and cost, as ``hashbridge audit --from jsonl``
    (no hashing, no passwords read): a table with the columns of :data:`AUDIT_COLUMNS`, one
    row per

    - ``category="scheme"``: a ``scheme`` and ``cost`` (its cost parameters, ``rounds=5000``),
      with its ``accounts``, how many of them ``needs_upgrade``, how many are ``wrappable`` now
      (without the passwords), how many have ``errors`` (credentials the scheme cannot use),
      its ``strength`` (an attacker's cost per guess as a fraction of the target's; null for a
      scheme without a portable step) and ``weaknesses`` (``unsalted, not memory-hard``);
    - ``category="scheme_error"``: those errors by ``error_kind`` (``errors`` holds the count;
      they are counted in their scheme's ``accounts`` already);
    - ``category="unidentified"`` / ``"unreadable"``: by ``error_kind``, credentials no scheme
      was found for and rows that are not records;
    - ``category="without_hash"``: accounts without a password hash.

    The counts of every partition add up (:func:`combine_audits`): the ``accounts`` of all
    rows sum to the rows audited. Hashes shared between accounts are not counted here: that
    needs every hash in one place (``hashbridge audit`` on the whole export).
    """
    pd = _pandas()
    m = _resolve(migrator, options, "audit_partition")
    frame, kind = _frame(df, "audit_partition")
    _require(frame, "hash", "audit_partition")
    report = m.audit_many(_records(frame, _FIELDS))
    rows: List[Dict[str, Any]] = []

    def row(category: str, **fields: Any) -> None:
        r: Dict[str, Any] = {c: None for c in AUDIT_COLUMNS}
        r.update(category=category, accounts=0, needs_upgrade=0, wrappable=0, errors=0)
        r.update(fields)
        rows.append(r)

    for g in report["groups"]:
        errors = g.get("errors") or {}
        row(
            "scheme",
            scheme=g["scheme"],
            cost=g["cost"],
            accounts=g["accounts"],
            needs_upgrade=g["needs_upgrade"],
            wrappable=g["wrappable"],
            errors=sum(errors.values()),
            strength=g.get("strength"),
            weaknesses=", ".join(g.get("weaknesses") or []),
        )
        for error_kind, n in sorted(errors.items()):
            row("scheme_error", scheme=g["scheme"], cost=g["cost"], error_kind=error_kind, errors=n)
    for category in ("unidentified", "unreadable"):
        for error_kind, n in sorted((report.get(category) or {}).items()):
            row(category, error_kind=error_kind, accounts=n)
    if report.get("without_hash"):
        row("without_hash", accounts=report["without_hash"])
    out = pd.DataFrame(rows, columns=list(AUDIT_COLUMNS))
    out = _audit_types(out)
    return _back(out, kind)


def _audit_types(out: "pd.DataFrame") -> "pd.DataFrame":
    for c in ("accounts", "needs_upgrade", "wrappable", "errors"):
        out[c] = out[c].astype("int64")
    out["strength"] = out["strength"].astype("float64")
    for c in ("category", "scheme", "cost", "error_kind", "weaknesses"):
        out[c] = out[c].astype(object)
    return out


def combine_audits(tables: Iterable[Any]) -> "pd.DataFrame":
    """The audit of a whole export from its partitions' :func:`audit_partition` tables (frames
    or Arrow batches): counts summed per category, scheme, cost and error kind, schemes with
    the most accounts first."""
    pd = _pandas()
    frames = [_frame(t, "combine_audits")[0] for t in tables]
    frames = [f for f in frames if len(f)]
    if not frames:
        return _audit_types(pd.DataFrame({c: [] for c in AUDIT_COLUMNS}))
    whole = pd.concat(frames, ignore_index=True)
    keys = ["category", "scheme", "cost", "error_kind"]
    # Null keys are part of the key (an unreadable row has no scheme); groupby drops them
    # unless told, so they are filled with a marker no scheme id or kind uses and restored.
    marker = "\0"
    for k in keys:
        whole[k] = whole[k].astype(object).where(whole[k].notna(), marker)
    summed = whole.groupby(keys, sort=False, as_index=False).agg(
        accounts=("accounts", "sum"),
        needs_upgrade=("needs_upgrade", "sum"),
        wrappable=("wrappable", "sum"),
        errors=("errors", "sum"),
        strength=("strength", "first"),
        weaknesses=("weaknesses", "first"),
    )
    for k in keys:
        summed[k] = [None if v == marker else v for v in summed[k]]
    order = {"scheme": 0, "scheme_error": 0, "unidentified": 1, "unreadable": 2, "without_hash": 3}
    scheme_total = summed[summed["category"] == "scheme"].groupby("scheme")["accounts"].sum()
    summed["_o1"] = [order.get(c, 4) for c in summed["category"]]
    summed["_o2"] = [-int(scheme_total.get(s, 0)) if s is not None else 0 for s in summed["scheme"]]
    summed["_o3"] = [0 if c == "scheme" else 1 for c in summed["category"]]
    summed = summed.sort_values(["_o1", "_o2", "scheme", "cost", "_o3"], kind="stable", na_position="first")
    summed = summed.drop(columns=["_o1", "_o2", "_o3"]).reset_index(drop=True)
    return _audit_types(summed[list(AUDIT_COLUMNS)])
