"""Wrap, verify or audit a JSON Lines export on a Dask cluster.

    python -m hashbridge.bulk.dask wrap --input users.jsonl --output wrapped/ \\
        --scheduler tcp://scheduler:8786 --partition-size 20000

Dask because it is installed with pip alone (no JVM, no cluster manager to stand up for a
first run), its partitions are pandas DataFrames (what :mod:`hashbridge.bulk` takes), and it
re-runs the task of a worker that died (``distributed.scheduler.allowed-failures``) or raised
(``retries``) by itself. The same partition functions plug into Spark and Ray (the package's
README shows how); this module is the recipe that is tested.

The job, for ``wrap`` and ``verify``:

1. **Plan.** The client cuts the export into partitions of ``partition_size`` lines at line
   boundaries (one pass over the file, counting newlines) and records the plan in
   ``OUTPUT/_job.json`` with the input's size and modification time, the operation and the
   policy. A run that finds ``_job.json`` resumes that job; one of another input, operation,
   format or policy is refused (:class:`JobMismatch`) rather than mixed into it.
2. **One task per partition.** A worker reads its byte range of the export (so the export
   must be on storage every worker can read: a shared or network file system), turns the
   lines into a frame, runs :func:`hashbridge.bulk.wrap_partition` on every core it has, and
   writes ``part-NNNNNNNN.jsonl`` (the records ``hashbridge wrap`` writes: same ``record``
   numbers, ``wrap_error`` for a hash that could not be wrapped), ``errors-NNNNNNNN.jsonl``
   (the partition's error records, when it has any) and last ``part-NNNNNNNN.done.json`` (its
   counts). Each file goes to a temporary name first and is moved into place by
   ``os.replace``: a file under its final name is always complete.
3. **Retries without duplicates.** A partition is one set of files named by its index,
   whichever worker wrote them and however often: a task re-run after its worker was killed
   (or after it raised) replaces them, so no record is lost or written twice. A partition
   whose ``.done.json`` exists is finished; a run started again (after the client died, or
   after a partition failed more often than Dask allows) skips those and runs the rest.

Concatenating ``part-*.jsonl`` in name order gives the records in input order. ``audit``
sums :func:`hashbridge.bulk.audit_partition` over the partitions into one table.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
import time
import uuid
from pathlib import Path
from dataclasses import dataclass
from typing import Any, Callable, Dict, IO, Iterable, List, Optional, Sequence, Tuple

from . import (
    MIGRATOR_OPTIONS,
    _absent,
    _cores,
    _pandas,
    audit_partition,
    combine_audits,
    verify_partition,
    wrap_partition,
    worker_threads,
)

__all__ = [
    "Part",
    "JobMismatch",
    "plan",
    "read_partition",
    "run_partition",
    "run_job",
    "run_audit",
    "prepare_job",
    "wrap_dataframe",
    "verify_dataframe",
    "audit_dataframe",
    "main",
]

#: Longest line read as a record, as the command line's ``--max-record-bytes`` default.
MAX_RECORD_BYTES = 1 << 20

#: The batch-record fields written first, in the command line's order; a record's other
#: fields follow in their own order.
_FIRST = ("id", "username", "hash", "salt", "salt_encoding", "params", "format")

#: What the added columns of each operation are called in the frames (they are not written
#: as fields of the output records: their content is).
_ADDED = {
    "wrap": ("wrapped", "status", "error_kind", "error"),
    "verify": ("valid", "scheme", "needs_upgrade", "upgrade", "error_kind", "error"),
}

#: Input fields not written to a wrap's records: passwords (an export carries none, and
#: none is ever written), and the members a wrap writes itself (from an earlier wrap's
#: output read again, they would be stale).
_NOT_CARRIED = frozenset(("password", "password_hex", "wrap_error", "error"))

_JOB_VERSION = 1

#: Bytes read at a time when planning: the plan's memory, whatever the export's size.
_PLAN_BLOCK = 1 << 24


@dataclass(frozen=True)
class Part:
    """One partition of an export: bytes ``start`` to ``end`` of the file, whose first line is
    line ``first_line`` (counted from 1, as the command line's ``record`` numbers)."""

    index: int
    start: int
    end: int
    first_line: int


class JobMismatch(Exception):
    """The output directory holds a job of another input, operation, format or policy."""


# --- planning ---------------------------------------------------------------------------


def plan(path: "os.PathLike[str] | str", partition_size: int) -> List[Part]:
    """The partitions of the export at ``path``: ``partition_size`` lines each (the last one
    fewer), cut at line boundaries. Reads the file once, a block at a time."""
    import numpy as np

    if partition_size < 1:
        raise ValueError(f"partition_size must be at least 1, got {partition_size}")
    parts: List[Part] = []
    start = 0  # where the current partition starts
    first_line = 1  # its first line
    in_part = 0  # newlines seen in it
    offset = 0  # of the block
    with open(path, "rb") as f:
        while True:
            block = f.read(_PLAN_BLOCK)
            if not block:
                break
            newlines = np.flatnonzero(np.frombuffer(block, dtype=np.uint8) == 10)
            i = partition_size - in_part - 1  # the newline that ends the current partition
            while i < len(newlines):
                end = offset + int(newlines[i]) + 1
                parts.append(Part(len(parts), start, end, first_line))
                start, first_line = end, first_line + partition_size
                i += partition_size
            in_part = _tail(newlines, offset, start, in_part)
            offset += len(block)
    if offset > start:
        parts.append(Part(len(parts), start, offset, first_line))
    return parts


def _tail(newlines: Any, offset: int, start: int, in_part: int) -> int:
    """Newlines of the current partition once a block is scanned: those of the block at or
    after ``start`` (where the partition begins), added to those before the block when the
    partition began before it."""
    import numpy as np

    if start <= offset:
        return in_part + len(newlines)
    return int(len(newlines) - np.searchsorted(newlines, start - offset))


# --- reading a partition ----------------------------------------------------------------


def read_partition(
    path: "os.PathLike[str] | str", part: Part
) -> Tuple[Any, List[int], List[Tuple[int, Dict[str, str]]]]:
    """The records of one partition: a frame of its readable records (one column per field,
    ``object`` dtype so that values stay exactly as the JSON had them), their line numbers,
    and the lines that are not records with their errors (as the command line reports them:
    ``{"kind": "malformed", ...}``). Blank lines are skipped and counted, as by the command
    line. A ``record`` field in the input (``hashbridge read`` writes one) is dropped: the
    output numbers the records itself."""
    pd = _pandas()
    with open(path, "rb") as f:
        f.seek(part.start)
        data = f.read(part.end - part.start)
    if part.start == 0 and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    records: List[Dict[str, Any]] = []
    numbers: List[int] = []
    bad: List[Tuple[int, Dict[str, str]]] = []
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    for i, raw in enumerate(lines):
        number = part.first_line + i
        if raw.endswith(b"\r"):
            raw = raw[:-1]
        if not raw.strip():
            continue
        if len(raw) > MAX_RECORD_BYTES:
            bad.append((number, _error("limit", f"jsonl: the record is over {MAX_RECORD_BYTES} bytes")))
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            bad.append((number, _error("malformed", "jsonl: malformed line: not valid UTF-8")))
            continue
        try:
            value = json.loads(text)
        except ValueError:
            value = None
        if not isinstance(value, dict):
            bad.append((number, _error("malformed", "record: malformed json: not a JSON object")))
            continue
        value.pop("record", None)
        records.append(value)
        numbers.append(number)
    columns: Dict[str, None] = {}
    for r in records:
        for k in r:
            columns.setdefault(k, None)
    frame = pd.DataFrame(
        {c: pd.Series([r.get(c) for r in records], dtype=object) for c in columns},
        index=pd.RangeIndex(len(records)),
    )
    if "hash" not in frame.columns:
        frame["hash"] = pd.Series([None] * len(records), dtype=object)
    return frame, numbers, bad


def _error(kind: str, message: str) -> Dict[str, str]:
    return {"kind": kind, "message": message}


# --- writing a partition ----------------------------------------------------------------


def _names(output: Path, index: int, fmt: str) -> Tuple[Path, Path, Path]:
    stem = f"part-{index:08d}"
    return (
        output / f"{stem}.{fmt}",
        output / f"errors-{index:08d}.jsonl",
        output / f"{stem}.done.json",
    )


def _atomic(path: Path, write: Callable[[IO[bytes]], Any]) -> None:
    """Write ``path`` through a temporary file in the same directory, synced, then moved into
    place: a reader (or a later run) sees the old file or the whole new one, never part."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(tmp, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _sync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _jsonl(rows: Iterable[Dict[str, Any]]) -> Callable[[IO[bytes]], None]:
    def write(f: IO[bytes]) -> None:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False, separators=(",", ":"), default=_jsonable).encode("utf-8"))
            f.write(b"\n")

    return write


def _jsonable(v: Any) -> Any:
    """numpy scalars and arrays (from a frame) as JSON values."""
    if hasattr(v, "tolist"):
        return v.tolist()
    if isinstance(v, bytes):
        return v.hex()
    raise TypeError(f"{type(v).__name__} is not JSON")


def _output_records(
    operation: str, frame: Any, numbers: List[int], bad: List[Tuple[int, Dict[str, str]]]
) -> Tuple[List[Dict[str, Any]], List[Dict[str, Any]]]:
    """The output records of a partition, in line order, and its error records."""
    added = _ADDED[operation]
    fields = [c for c in _FIRST if c in frame.columns] + [
        c for c in frame.columns if c not in _FIRST and c not in added and c not in _NOT_CARRIED
    ]
    values = {c: frame[c].tolist() for c in list(fields) + list(added)}
    out: List[Tuple[int, Dict[str, Any]]] = []
    errors: List[Dict[str, Any]] = []
    for i, number in enumerate(numbers):
        r: Dict[str, Any] = {"record": number}
        if operation == "wrap":
            for c in fields:
                v = values[c][i]
                if not _absent(v):
                    r[c] = v
                elif c == "hash":
                    r[c] = None  # an account without a password, as the command line writes it
            kind = values["error_kind"][i]
            if kind is not None:
                error = _error(kind, values["error"][i])
                status = values["status"][i]
                r["wrap_error" if status == "not_wrapped" else "error"] = error
                errors.append({"record": number, **_id(r), "status": status, "error": error})
        else:
            if "id" in values and not _absent(values["id"][i]):
                r["id"] = values["id"][i]
            kind = values["error_kind"][i]
            if kind is not None:
                r["error"] = _error(kind, values["error"][i])
                errors.append({"record": number, **_id(r), "error": r["error"]})
            else:
                r["valid"] = bool(values["valid"][i])
                r["scheme"] = values["scheme"][i]
                r["needs_upgrade"] = bool(values["needs_upgrade"][i])
                r["upgrade"] = values["upgrade"][i]
        out.append((number, r))
    for number, error in bad:
        r = {"record": number, "error": error}
        if operation == "wrap":
            errors.append({"record": number, "status": "unreadable", "error": error})
        else:
            errors.append(dict(r))
        out.append((number, r))
    out.sort(key=lambda x: x[0])
    errors.sort(key=lambda e: e["record"])
    return [r for _, r in out], errors


def _id(r: Dict[str, Any]) -> Dict[str, Any]:
    return {"id": r["id"]} if "id" in r else {}


def _parquet(records: List[Dict[str, Any]]) -> Callable[[IO[bytes]], None]:
    """The records as a Parquet file of text columns (``record`` an integer, the flags
    booleans; ``params``, non-text ids and error objects as JSON text), so that every
    partition has the same schema whatever its rows hold."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    flags = {"valid", "needs_upgrade"}
    names: Dict[str, None] = {}
    for r in records:
        for k in r:
            names.setdefault(k, None)
    columns: Dict[str, Any] = {}
    for name in names:
        cells = [r.get(name) for r in records]
        if name == "record":
            columns[name] = pa.array(cells, type=pa.int64())
        elif name in flags:
            columns[name] = pa.array(cells, type=pa.bool_())
        else:
            text = [
                c if c is None or isinstance(c, str) else json.dumps(c, separators=(",", ":"), default=_jsonable)
                for c in cells
            ]
            columns[name] = pa.array(text, type=pa.string())
    table = pa.table(columns)

    def write(f: IO[bytes]) -> None:
        pq.write_table(table, f)

    return write


def run_partition(
    part: Part,
    *,
    input: str,
    output: str,
    operation: str = "wrap",
    fmt: str = "jsonl",
    threads: Optional[int] = None,
    options: Optional[Dict[str, Any]] = None,
) -> Dict[str, Any]:
    """Run one partition of a job and write its files (the task each worker runs); its
    counts, as written to its ``.done.json``. A partition found finished (by an earlier run,
    or by a worker that died after finishing it) is not run again: its counts are returned."""
    out_dir = Path(output)
    data_path, errors_path, done_path = _names(out_dir, part.index, fmt)
    if done_path.exists() and data_path.exists():
        with open(done_path, encoding="utf-8") as f:
            return dict(json.load(f), skipped=True)
    began = time.monotonic()
    frame, numbers, bad = read_partition(input, part)
    n_threads = threads or worker_threads()
    opts = dict(options or {})
    if operation == "wrap":
        result = wrap_partition(frame, threads=n_threads, **opts)
        counts: Dict[str, int] = {}
        for s in result["status"].tolist():
            counts[s] = counts.get(s, 0) + 1
        if bad:
            counts["unreadable"] = counts.get("unreadable", 0) + len(bad)
    elif operation == "verify":
        result = verify_partition(frame, threads=n_threads, **opts)
        counts = {"valid": 0, "invalid": 0, "error": len(bad)}
        for valid, kind in zip(result["valid"].tolist(), result["error_kind"].tolist()):
            key = "error" if kind is not None else ("valid" if valid else "invalid")
            counts[key] += 1
    else:
        raise ValueError(f"operation must be wrap or verify, not {operation!r}")
    records, errors = _output_records(operation, result, numbers, bad)
    # The errors file, then the data, then the marker: a partition is finished (and skipped by
    # a later run) only once everything it writes is in place.
    if errors:
        _atomic(errors_path, _jsonl(errors))
    elif errors_path.exists():
        errors_path.unlink()
    _atomic(data_path, _parquet(records) if fmt == "parquet" else _jsonl(records))
    summary = {
        "index": part.index,
        "first_line": part.first_line,
        "records": len(records),
        "counts": counts,
        "errors": len(errors),
        "threads": n_threads,
        "seconds": round(time.monotonic() - began, 3),
        "worker": f"{socket.gethostname()}:{os.getpid()}",
    }
    _atomic(done_path, lambda f: f.write(json.dumps(summary, sort_keys=True).encode("utf-8")))
    _sync_dir(out_dir)
    return dict(summary, skipped=False)


# --- the job ----------------------------------------------------------------------------


def _identity(path: Path) -> Dict[str, Any]:
    st = path.stat()
    return {"path": str(path.resolve()), "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _check_options(options: Dict[str, Any]) -> Dict[str, Any]:
    unknown = sorted(set(options) - set(MIGRATOR_OPTIONS))
    if unknown:
        raise TypeError(f"unknown migrator option(s): {', '.join(unknown)}")
    given = {k: v for k, v in options.items() if v is not None}
    # Build it once here: a bad policy fails on the client, before any task is sent.
    from . import migrator_for

    migrator_for(**given)
    return given


def prepare_job(
    input: "os.PathLike[str] | str",
    output: "os.PathLike[str] | str",
    *,
    operation: str,
    partition_size: int,
    fmt: str,
    options: Dict[str, Any],
) -> Dict[str, Any]:
    """The job's record (``OUTPUT/_job.json``): read when it exists and is the same job,
    written (with a fresh plan) when it does not. :class:`JobMismatch` when it is another."""
    src, out = Path(input), Path(output)
    out.mkdir(parents=True, exist_ok=True)
    identity = _identity(src)
    settings = {"operation": operation, "partition_size": partition_size, "format": fmt, "migrator": options}
    path = out / "_job.json"
    if path.exists():
        with open(path, encoding="utf-8") as f:
            job = json.load(f)
        same = (
            job.get("version") == _JOB_VERSION
            and job.get("input") == identity
            and job.get("settings") == json.loads(json.dumps(settings))
        )
        if not same:
            raise JobMismatch(
                f"{out} holds another job (input {job.get('input')}, settings {job.get('settings')}); "
                f"this one is input {identity}, settings {settings}. Use another output directory, "
                f"or remove {out} to start over"
            )
        return job
    job = {
        "version": _JOB_VERSION,
        "input": identity,
        "settings": settings,
        "partitions": [[p.start, p.end, p.first_line] for p in plan(src, partition_size)],
    }
    _atomic(path, lambda f: f.write(json.dumps(job).encode("utf-8")))
    return job


def run_job(
    client: Any,
    input: "os.PathLike[str] | str",
    output: "os.PathLike[str] | str",
    *,
    operation: str = "wrap",
    partition_size: int = 10_000,
    fmt: str = "jsonl",
    threads: Optional[int] = None,
    retries: int = 3,
    progress: Optional[Callable[[int, int], None]] = None,
    **options: Any,
) -> Dict[str, Any]:
    """Run (or resume) a wrap or verify job on the cluster behind ``client`` (a
    ``distributed.Client``), one task per partition, and return its summary (also written to
    ``OUTPUT/_summary.json``): ``partitions``, ``ran``, ``skipped`` (finished before),
    ``failed`` (index to error, for partitions that failed more often than Dask retries; run
    again to retry them), ``records`` and ``counts`` over the whole output, ``seconds``.

    ``threads`` is the Rust threads of each partition (default: the worker's cores shared
    between its Dask threads, :func:`hashbridge.bulk.worker_threads`); ``retries`` the times
    a partition that raised is run again (a killed worker's partitions are run again up to
    ``distributed.scheduler.allowed-failures`` times besides); ``options`` the policy
    (:data:`hashbridge.bulk.MIGRATOR_OPTIONS`). ``progress(finished, total)`` is called as
    partitions finish."""
    from distributed import as_completed

    if operation not in _ADDED:
        raise ValueError(f"operation must be wrap or verify, not {operation!r}")
    if fmt not in ("jsonl", "parquet"):
        raise ValueError(f"fmt must be jsonl or parquet, not {fmt!r}")
    began = time.monotonic()
    options = _check_options(options)
    out = Path(output)
    job = prepare_job(
        input, out, operation=operation, partition_size=partition_size, fmt=fmt, options=options
    )
    parts = [Part(i, s, e, first) for i, (s, e, first) in enumerate(job["partitions"])]

    def is_done(p: Part) -> bool:
        data, _errors, done = _names(out, p.index, fmt)
        return data.exists() and done.exists()

    todo = [p for p in parts if not is_done(p)]
    skipped = len(parts) - len(todo)
    run = uuid.uuid4().hex[:12]
    futures = client.map(
        run_partition,
        todo,
        key=[f"hashbridge-{operation}-{run}-{p.index}" for p in todo],
        retries=retries,
        input=str(Path(input).resolve()),
        output=str(out.resolve()),
        operation=operation,
        fmt=fmt,
        threads=threads,
        options=options,
    ) if todo else []
    index_of = {f.key: p.index for f, p in zip(futures, todo)}
    failed: Dict[int, str] = {}
    finished = skipped
    if progress:
        progress(finished, len(parts))
    for future in as_completed(futures):
        if future.status != "finished":
            try:
                exc: BaseException = future.exception()
            except BaseException as e:  # a cancelled future raises its cancellation
                exc = e
            failed[index_of[future.key]] = f"{type(exc).__name__}: {exc}"
        finished += 1
        if progress:
            progress(finished, len(parts))
        future.release()
    counts: Dict[str, int] = {}
    records = 0
    for p in parts:
        done = _names(out, p.index, fmt)[2]
        if p.index in failed or not done.exists():
            continue
        with open(done, encoding="utf-8") as f:
            s = json.load(f)
        records += s["records"]
        for k, v in s["counts"].items():
            counts[k] = counts.get(k, 0) + v
    summary = {
        "operation": operation,
        "partitions": len(parts),
        "ran": len(todo) - len(failed),
        "skipped": skipped,
        "failed": {str(k): v for k, v in sorted(failed.items())},
        "records": records,
        "counts": dict(sorted(counts.items())),
        "seconds": round(time.monotonic() - began, 3),
    }
    if not failed:
        # Temporary files a killed worker left behind; every partition is in place.
        for leftover in out.glob(".*.tmp"):
            try:
                leftover.unlink()
            except OSError:
                pass
    _atomic(out / "_summary.json", lambda f: f.write(json.dumps(summary, indent=1).encode("utf-8")))
    return summary


def _audit_part(part: Part, *, input: str, options: Dict[str, Any]) -> Any:
    frame, _numbers, bad = read_partition(input, part)
    table = audit_partition(frame, **options)
    if not bad:
        return table
    pd = _pandas()
    kinds: Dict[str, int] = {}
    for _, e in bad:
        kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
    extra = pd.DataFrame(
        [
            {"category": "unreadable", "scheme": None, "cost": None, "error_kind": k, "accounts": n,
             "needs_upgrade": 0, "wrappable": 0, "errors": 0, "strength": None, "weaknesses": None}
            for k, n in sorted(kinds.items())
        ]
    )
    return combine_audits([table, extra])


def run_audit(
    client: Any,
    input: "os.PathLike[str] | str",
    *,
    partition_size: int = 100_000,
    retries: int = 3,
    **options: Any,
) -> Any:
    """The audit of an export (:func:`hashbridge.bulk.audit_partition` summed over its
    partitions by :func:`hashbridge.bulk.combine_audits`), computed on the cluster behind
    ``client``. No hashing: an audit of millions of accounts takes seconds per core."""
    options = _check_options(options)
    parts = plan(input, partition_size)
    run = uuid.uuid4().hex[:12]
    futures = client.map(
        _audit_part,
        parts,
        key=[f"hashbridge-audit-{run}-{p.index}" for p in parts],
        retries=retries,
        input=str(Path(input).resolve()),
        options=options,
    )
    return combine_audits(client.gather(futures))


# --- Dask DataFrames ---------------------------------------------------------------------


def _map(ddf: Any, function: Callable[..., Any], threads: Optional[int], options: Dict[str, Any]) -> Any:
    meta = function(ddf._meta, threads=1, **options)
    return ddf.map_partitions(function, threads=threads, meta=meta, **options)


def wrap_dataframe(ddf: Any, *, threads: Optional[int] = None, **options: Any) -> Any:
    """:func:`hashbridge.bulk.wrap_partition` over every partition of a Dask DataFrame
    (lazy, like any ``map_partitions``): for data already in Dask, written with Dask's own
    writers (``to_parquet`` names its files by partition, so a re-run task overwrites its
    file too). The job (:func:`run_job`) adds the plan, resumption and error files."""
    return _map(ddf, wrap_partition, threads, _check_options(options))


def verify_dataframe(ddf: Any, *, threads: Optional[int] = None, **options: Any) -> Any:
    """:func:`hashbridge.bulk.verify_partition` over every partition of a Dask DataFrame."""
    return _map(ddf, verify_partition, threads, _check_options(options))


def audit_dataframe(ddf: Any, **options: Any) -> Any:
    """The audit of a Dask DataFrame, computed: each partition's table, summed."""
    options = _check_options(options)
    tables = ddf.map_partitions(audit_partition, meta=audit_partition(ddf._meta, **options), **options)
    return combine_audits([tables.compute()])


# --- the command line --------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m hashbridge.bulk.dask",
        description="Wrap, verify or audit a JSON Lines export of batch records on a Dask cluster.",
    )
    sub = p.add_subparsers(dest="command", required=True)
    for name, text in (
        ("wrap", "upgrade every weak hash without the passwords (as hashbridge wrap)"),
        ("verify", "verify each record's password (as hashbridge verify --batch)"),
        ("audit", "count the accounts by scheme and cost (as hashbridge audit)"),
    ):
        c = sub.add_parser(name, help=text, description=text)
        arg = c.add_argument
        arg("--input", required=True, help="the export: JSON lines on storage every worker reads")
        if name == "audit":
            arg("--output", help="write the table to FILE (.json or .csv); default: print it")
        else:
            arg("--output", required=True, help="the output directory (on storage every worker writes)")
            arg("--format", choices=("jsonl", "parquet"), default="jsonl", help="output files (default jsonl)")
        arg("--partition-size", type=int, default=100_000 if name == "audit" else 10_000, help="lines per partition")
        arg("--scheduler", help="a Dask scheduler's address (tcp://host:8786); default: a cluster on this machine")
        arg("--workers", type=int, default=1, help="worker processes of the local cluster (default 1)")
        arg("--threads-per-worker", type=int, default=1, help="partitions a local worker runs at once (default 1)")
        arg("--threads", type=int, help="Rust threads per partition (default: a worker's cores / its Dask threads)")
        arg("--retries", type=int, default=3, help="runs again of a partition that raised (default 3)")
        arg("--target", choices=("argon2id", "bcrypt", "scrypt", "pbkdf2_sha256"))
        for flag in ("m-cost", "t-cost", "p-cost", "bcrypt-cost", "scrypt-ln", "scrypt-r", "iterations"):
            arg(f"--{flag}", type=int)
        arg("--limit", action="append", default=[], metavar="NAME=VALUE", help="a library limit (repeatable)")
    return p


def _options(a: argparse.Namespace) -> Dict[str, Any]:
    options: Dict[str, Any] = {
        "target": a.target,
        "m_cost": a.m_cost,
        "t_cost": a.t_cost,
        "p_cost": a.p_cost,
        "bcrypt_cost": a.bcrypt_cost,
        "scrypt_ln": a.scrypt_ln,
        "scrypt_r": a.scrypt_r,
        "iterations": a.iterations,
    }
    limits: Dict[str, int] = {}
    for kv in a.limit:
        name, sep, value = kv.partition("=")
        if not sep:
            raise ValueError(f"--limit {kv!r} is not NAME=VALUE")
        try:
            limits[name.strip()] = int(value)
        except ValueError:
            raise ValueError(f"--limit {name}: {value!r} is not a count") from None
    if limits:
        options["limits"] = limits
    return {k: v for k, v in options.items() if v is not None}


def main(argv: Optional[Sequence[str]] = None) -> int:
    """The command line: 0 when every partition is done, 1 when some failed (run it again to
    retry them), 2 for a usage, policy or job error."""
    a = _parser().parse_args(argv)
    try:
        options = _check_options(_options(a))
    except (TypeError, ValueError) as e:
        print(f"hashbridge.bulk.dask: {e}", file=sys.stderr)
        return 2
    from distributed import Client, LocalCluster

    cluster = None
    threads = a.threads
    if a.scheduler:
        client = Client(a.scheduler)
    else:
        cluster = LocalCluster(
            n_workers=a.workers,
            threads_per_worker=a.threads_per_worker,
            processes=True,
            dashboard_address="127.0.0.1:0",
        )
        client = Client(cluster)
        if threads is None:
            threads = max(1, _cores() // (a.workers * a.threads_per_worker))
    try:
        if a.command == "audit":
            table = run_audit(client, a.input, partition_size=a.partition_size, retries=a.retries, **options)
            if a.output:
                path = Path(a.output)
                if path.suffix == ".csv":
                    _atomic(path, lambda f: f.write(table.to_csv(index=False).encode("utf-8")))
                else:
                    _atomic(path, lambda f: f.write(table.to_json(orient="records", indent=1).encode("utf-8")))
            else:
                print(table.to_string(index=False))
            return 0

        def progress(done: int, total: int) -> None:
            print(f"\r{done}/{total} partitions", end="", file=sys.stderr, flush=True)

        try:
            summary = run_job(
                client,
                a.input,
                a.output,
                operation=a.command,
                partition_size=a.partition_size,
                fmt=a.format,
                threads=threads,
                retries=a.retries,
                progress=progress,
                **options,
            )
        except JobMismatch as e:
            print(f"\nhashbridge.bulk.dask: {e}", file=sys.stderr)
            return 2
        print(file=sys.stderr)
        print(json.dumps(summary))
        return 1 if summary["failed"] else 0
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


if __name__ == "__main__":
    # Through the package's own module, so that the tasks sent to workers name
    # hashbridge.bulk.dask's functions rather than copies of this __main__'s.
    from hashbridge.bulk.dask import main as _main

    sys.exit(_main())
