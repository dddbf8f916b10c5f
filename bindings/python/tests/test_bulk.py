"""hashbridge.bulk (the partition functions) and hashbridge.bulk.dask (the Dask recipe).

The partition functions are checked row by row (order, index, nulls, errors, Arrow in and out)
and against the binding's own per-record answers; the Dask job on a local cluster of two worker
processes is checked against the command line's single-process ``hashbridge wrap`` over the
same 20,000-credential export (same records; every wrapped credential verifies with its
password), resumed after partitions are lost, and run while one of its workers is killed.

Legacy hashes are made here with hashlib (Django's salted SHA-1 and MD5, LDAP ``{SSHA}`` and
``{SSHA256}``, a bare salted SHA-256 with its salt, scheme and salt position in their own
columns), and the argon2id target is
cheap (m=256 KiB, t=1): the tests are about correctness, the benchmark
(benchmarks/bench_bulk.py) about speed. Nothing here asserts on time.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

import hashbridge
from hashbridge import bulk

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")
pytest.importorskip("distributed")

from distributed import Client, LocalCluster  # noqa: E402

from hashbridge.bulk import dask as recipe  # noqa: E402

ROOT = Path(__file__).resolve().parents[3]

#: The cheap target of every test (and the command line's --m-cost/--t-cost for it).
CHEAP = {"m_cost": 256, "t_cost": 1}
MIGRATOR = hashbridge.Migrator(**CHEAP)
#: Verifies without computing the upgrade (which would double every check's cost).
CHECKER = hashbridge.Migrator(**CHEAP, rehash=False)

MD5_CRYPT = ("hashcat", "$1$38652870$DUjsu4TTlTsOe/xxZ05uf/")
YESCRYPT = "$y$j9T$aw/vq0Q/LgT3WYwE9ivZO/$hw99Xm1ZT.w9q8zrqcPgIuhzVkptI8QVt0e6i9w/Nu0"


def cli() -> str:
    """The command line binary: HASHBRIDGE_CLI (ci.sh builds it and sets it), or one built in
    the workspace's target directory."""
    named = os.environ.get("HASHBRIDGE_CLI")
    if named:
        assert Path(named).is_file(), f"HASHBRIDGE_CLI={named} is not a file"
        return named
    dirs = [os.environ.get("CARGO_TARGET_DIR"), str(ROOT / "target")]
    for d in filter(None, dirs):
        for profile in ("release", "debug"):
            p = Path(d) / profile / "hashbridge"
            if p.is_file():
                return str(p)
    pytest.fail("no hashbridge command line: build it (cargo build -p hashbridge-cli) or set HASHBRIDGE_CLI")


# --- generated credentials ----------------------------------------------------------------


def legacy(i: int, rng: random.Random) -> Tuple[Dict[str, Any], str]:
    """Record ``i`` of a generated export, in one of five legacy formats, and its password."""
    pw = f"pw-{i}-{rng.getrandbits(40):010x}"
    kind = i % 5
    rec: Dict[str, Any] = {"id": f"user-{i:06d}"}
    if kind == 0:
        salt = f"{rng.getrandbits(40):010x}"
        rec["hash"] = f"sha1${salt}${hashlib.sha1((salt + pw).encode()).hexdigest()}"
    elif kind == 1:
        salt = f"{rng.getrandbits(40):010x}"
        rec["hash"] = f"md5${salt}${hashlib.md5((salt + pw).encode()).hexdigest()}"
    elif kind == 2:
        salt = rng.randbytes(8)
        digest = hashlib.sha1(pw.encode() + salt).digest()
        rec["hash"] = "{SSHA}" + base64.b64encode(digest + salt).decode()
    elif kind == 3:
        salt = rng.randbytes(8)
        digest = hashlib.sha256(pw.encode() + salt).digest()
        rec["hash"] = "{SSHA256}" + base64.b64encode(digest + salt).decode()
    else:
        # A bare digest: the salt in its own column (hex), the scheme and the salt's position
        # given beside it.
        salt = rng.randbytes(8)
        rec.update(
            hash=hashlib.sha256(salt + pw.encode()).hexdigest(),
            salt=salt.hex(),
            salt_encoding="hex",
            format="salted_sha256",
            params={"salt_position": "prefix"},
        )
    return rec, pw


def special_rows() -> List[Tuple[Any, str]]:
    """Rows that are not wrapped, with what becomes of each: (record or raw line, status)."""
    strong = MIGRATOR.hash("strong password")
    already = MIGRATOR.wrap_many([{"hash": MD5_CRYPT[1]}], threads=1)
    wrapped = next(already)["hash"]
    return [
        ({"id": "special-strong", "hash": strong}, "strong"),
        ({"id": "special-already", "hash": wrapped}, "already_wrapped"),
        ({"id": "special-nohash", "hash": None}, "without_hash"),
        ({"id": "special-yescrypt", "hash": YESCRYPT}, "not_wrapped"),
        ({"id": "special-badsalt", "hash": "uboIh1gZ2VYS1lIF4KlhhkzqQmY=", "salt": "!!!",
          "salt_encoding": "base64", "format": "aspnet_membership_sha1"}, "unreadable"),
        ("this line is not JSON", "unreadable"),
    ]


def make_export(path: Path, n: int, seed: int, specials: bool = True) -> Dict[str, str]:
    """Write an export of ``n`` generated credentials (and, spread among them, the special
    rows and a blank line); the password of each generated id."""
    rng = random.Random(seed)
    passwords: Dict[str, str] = {}
    lines: List[str] = []
    extra = special_rows() if specials else []
    every = max(1, n // (len(extra) + 1))
    for i in range(n):
        rec, pw = legacy(i, rng)
        passwords[rec["id"]] = pw
        lines.append(json.dumps(rec))
        if extra and i % every == every - 1:
            row, _status = extra.pop(0)
            lines.append(row if isinstance(row, str) else json.dumps(row))
            if not extra:
                lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return passwords


def read_jsonl(path: Path) -> List[Dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def job_records(out: Path, fmt: str = "jsonl") -> List[Dict[str, Any]]:
    """The records of a job's output, partitions in index order."""
    parts = sorted(out.glob(f"part-*.{fmt}"), key=lambda p: int(p.name.split(".")[0][5:]))
    rows: List[Dict[str, Any]] = []
    for p in parts:
        rows.extend(read_jsonl(p))
    return rows


def verify_all(records: List[Dict[str, Any]], passwords: Dict[str, str], wrong: bool = False) -> List[Dict[str, Any]]:
    """Verify each record's hash (as written, with its context) with its password, or a wrong
    one; the answers."""
    batch = []
    for r in records:
        pw = passwords[r["id"]] + ("x" if wrong else "")
        batch.append({"password": pw, **{k: r[k] for k in ("hash", "salt", "salt_encoding", "username", "params", "format") if k in r}})
    return list(CHECKER.verify_many(batch, threads=2))


# --- the partition functions -----------------------------------------------------------------


def sample_frame() -> Tuple[Any, Dict[str, str]]:
    rng = random.Random(7)
    rows = []
    passwords = {}
    for i in range(10):
        rec, pw = legacy(i, rng)
        passwords[rec["id"]] = pw
        rows.append(rec)
    rows.append({"id": "md5crypt", "hash": MD5_CRYPT[1]})
    passwords["md5crypt"] = MD5_CRYPT[0]
    for row, status in special_rows():
        if isinstance(row, dict):
            rows.append(dict(row, expect=status))
    rows.append({"id": "nan-hash", "hash": float("nan"), "expect": "without_hash"})
    rows.append({"id": "int-hash", "hash": 5, "expect": "unreadable"})
    rows.append({"id": "bad-params", "hash": MD5_CRYPT[1], "params": "not an object", "expect": "unreadable"})
    frame = pd.DataFrame(rows, columns=["id", "hash", "salt", "salt_encoding", "username", "params", "format", "expect"])
    frame["email"] = [f"{r['id']}@example.org" for r in rows]
    # An index that is not 0..n-1 and not sorted: the result must keep it.
    frame.index = pd.Index([100 - 3 * i for i in range(len(frame))])
    return frame, passwords


def test_wrap_partition_keeps_rows_order_and_answers_each():
    frame, passwords = sample_frame()
    before = frame.copy()
    out = bulk.wrap_partition(frame, threads=2, **CHEAP)
    pd.testing.assert_frame_equal(frame, before)  # the input is not modified
    assert list(out.index) == list(frame.index)
    assert list(out["id"]) == list(frame["id"])
    assert list(out["email"]) == list(frame["email"])
    assert list(out.columns) == list(frame.columns) + ["wrapped", "status", "error_kind", "error"]
    for (_, row), (_, orig) in zip(out.iterrows(), frame.iterrows()):
        expect = orig["expect"] if isinstance(orig["expect"], str) else "wrapped"
        assert row["status"] == expect, (row["id"], row["status"], row["error"])
        assert row["wrapped"] == (expect == "wrapped")
        if expect == "wrapped":
            assert row["hash"].startswith("$hbw$v=1$") and row["hash"] != orig["hash"]
            # The wrapped string carries salt and scheme: the columns are cleared.
            assert pd.isna(row["salt"]) and pd.isna(row["salt_encoding"]) and pd.isna(row["format"])
            answer = CHECKER.verify(passwords[row["id"]], row["hash"])
            assert answer.valid
            assert not CHECKER.verify(passwords[row["id"]] + "!", row["hash"]).valid
        else:
            assert row["hash"] is orig["hash"] or row["hash"] == orig["hash"] or (pd.isna(row["hash"]) and pd.isna(orig["hash"]))
            assert row["salt"] == orig["salt"] or (pd.isna(row["salt"]) and pd.isna(orig["salt"]))
        if expect in ("not_wrapped", "unreadable"):
            assert row["error_kind"] in ("unsupported", "malformed"), row["error_kind"]
            assert isinstance(row["error"], str) and row["error"]
        else:
            assert row["error_kind"] is None and row["error"] is None
    kinds = dict(zip(out["id"], out["error_kind"]))
    assert kinds["special-yescrypt"] == "unsupported"
    assert kinds["special-badsalt"] == kinds["int-hash"] == kinds["bad-params"] == "malformed"
    assert "salt" in dict(zip(out["id"], out["error"]))["special-badsalt"]


def present(row: Dict[str, Any]) -> Dict[str, Any]:
    """A frame row as a batch record: its non-null record fields."""
    return {k: v for k, v in row.items() if k in bulk.RECORD_COLUMNS and not (isinstance(v, float) and v != v) and v is not None}


def test_wrap_partition_answers_as_wrap_many():
    frame, _ = sample_frame()
    out = bulk.wrap_partition(frame, migrator=MIGRATOR, threads=1)
    answers = list(MIGRATOR.wrap_many([present(r) for r in frame.to_dict("records")], threads=1))
    assert [a["status"] for a in answers] == list(out["status"])
    assert [(a.get("error") or {}).get("kind") for a in answers] == list(out["error_kind"])
    assert [a["id"] for a in answers] == list(frame["id"])


def test_wrap_partition_is_idempotent():
    frame, _ = sample_frame()
    once = bulk.wrap_partition(frame, threads=2, **CHEAP)
    again = bulk.wrap_partition(once.drop(columns=["wrapped", "status", "error_kind", "error"]), threads=2, **CHEAP)
    for a, b in zip(again["hash"], once["hash"]):
        assert a == b or (pd.isna(a) and pd.isna(b))
    assert set(again.loc[once["wrapped"], "status"]) == {"already_wrapped"}
    assert not again["wrapped"].any()


def test_wrap_partition_arrow_batches_and_tables():
    frame, _ = sample_frame()
    frame = frame[frame["id"] != "int-hash"].drop(columns=["params"])  # Arrow columns hold one type
    batch = pa.RecordBatch.from_pandas(frame, preserve_index=False)
    out = bulk.wrap_partition(batch, threads=2, **CHEAP)
    assert isinstance(out, pa.RecordBatch)
    assert out.num_rows == batch.num_rows
    assert out.column_names == batch.column_names + ["wrapped", "status", "error_kind", "error"]
    assert out.schema.field("wrapped").type == pa.bool_()
    assert out.schema.field("error").type == pa.string()
    assert out.column("id").to_pylist() == batch.column("id").to_pylist()
    by_pandas = bulk.wrap_partition(frame, threads=2, **CHEAP)
    assert out.column("status").to_pylist() == list(by_pandas["status"])
    table = bulk.wrap_partition(pa.Table.from_batches([batch]), threads=1, **CHEAP)
    assert isinstance(table, pa.Table) and table.column("status").to_pylist() == list(by_pandas["status"])
    # A batch without an error keeps the same schema (an all-null column is still a string).
    clean = pa.RecordBatch.from_pandas(frame[frame["expect"].isna()], preserve_index=False)
    clean_out = bulk.wrap_partition(clean, threads=1, **CHEAP)
    assert clean_out.schema.field("error").type == pa.string()
    assert clean_out.schema.field("error_kind").type == pa.string()
    assert set(clean_out.column("status").to_pylist()) == {"wrapped"}


def test_params_as_dicts_json_text_and_map_pairs():
    # A bare salted digest whose salt comes first: the parameter says so (the default is last).
    pw, salt = "hunter2", "12480864321"
    digest = hashlib.sha256((salt + pw).encode()).hexdigest()
    row = {"hash": digest, "salt": salt, "format": "salted_sha256"}
    forms = [
        {"salt_position": "prefix"},
        json.dumps({"salt_position": "prefix"}),
        [("salt_position", "prefix")],
        {"salt_position": "prefix", "unused": float("nan")},
    ]
    frame = pd.DataFrame([dict(row, id=i, params=p) for i, p in enumerate(forms)])
    out = bulk.wrap_partition(frame, threads=1, **CHEAP)
    assert list(out["status"]) == ["wrapped"] * 4, list(out["error"])
    for h in out["hash"]:
        assert CHECKER.verify(pw, h).valid
    # Without it the salt is taken as last: wrapped, but not the password's hash.
    bare = bulk.wrap_partition(pd.DataFrame([dict(row, id="x")]), threads=1, **CHEAP)
    assert bare["status"][0] == "wrapped" and not CHECKER.verify(pw, bare["hash"][0]).valid


def test_verify_partition():
    frame, passwords = sample_frame()
    frame = frame[frame["expect"].isna()].drop(columns=["expect"])
    given: List[Any] = [passwords[i] for i in frame["id"]]
    given[1] = "wrong"
    given[2] = given[2].encode()
    given[3] = None
    frame["password"] = pd.Series(given, index=frame.index, dtype=object)
    out = bulk.verify_partition(frame, threads=2, **CHEAP)
    assert list(out.index) == list(frame.index)
    assert list(out["password"]) == given
    valid = [None if pd.isna(v) else bool(v) for v in out["valid"]]
    assert valid[0] is True and valid[1] is False and valid[2] is True
    assert valid[3] is None and out["error_kind"].iloc[3] == "malformed" and "password" in out["error"].iloc[3]
    assert valid.count(True) == len(frame) - 2
    for i in range(len(out)):
        if valid[i] is True:
            assert out["upgrade"].iloc[i].startswith("$argon2id$") and out["needs_upgrade"].iloc[i]
            assert out["error"].iloc[i] is None
    for message in out["error"].dropna():
        for pw in passwords.values():
            assert pw not in message
    texts = [passwords[i] for i in frame["id"]]
    texts[1] = "wrong"
    arrow = bulk.verify_partition(
        pa.RecordBatch.from_pandas(frame.assign(password=texts), preserve_index=False), threads=1, **CHEAP
    )
    assert arrow.column("valid").to_pylist() == [True, False] + [True] * (len(frame) - 2)
    assert arrow.schema.field("valid").type == pa.bool_()
    # Passwords as hex (bytes that need not be text), the batch format's password_hex.
    hexed = frame.drop(columns=["password"]).assign(password_hex=[t.encode().hex() for t in texts])
    assert list(bulk.verify_partition(hexed, threads=1, **CHEAP)["valid"]) == [True, False] + [True] * (len(frame) - 2)


def test_audit_partitions_add_up():
    frame, _ = sample_frame()
    whole = bulk.audit_partition(frame, **CHEAP)
    assert list(whole.columns) == list(bulk.AUDIT_COLUMNS)
    assert int(whole["accounts"].sum()) == len(frame)
    halves = [bulk.audit_partition(frame.iloc[:9], **CHEAP), bulk.audit_partition(frame.iloc[9:], **CHEAP)]
    combined = bulk.combine_audits(halves)
    key = ["category", "scheme", "cost", "error_kind"]

    def rows(t: Any) -> List[Tuple[Any, ...]]:
        t = t.fillna({"strength": -1.0})
        return sorted(tuple(None if (isinstance(v, float) and v != v) else v for v in r) for r in t[key + ["accounts", "needs_upgrade", "wrappable", "errors"]].itertuples(index=False))

    assert rows(combined) == rows(bulk.combine_audits([whole]))
    schemes = dict(zip(whole.loc[whole["category"] == "scheme", "scheme"], whole.loc[whole["category"] == "scheme", "accounts"]))
    assert schemes["django_salted_sha1"] == 2 and schemes["ldap_salted_sha1"] == 2
    report = MIGRATOR.audit_many([{"hash": MD5_CRYPT[1]}, {"hash": None}, {"hash": 5}])
    assert report["entries"] == 3 and report["without_hash"] == 1
    assert report["unreadable"] == {"malformed": 1}
    assert report["groups"][0]["scheme"] == "md5_crypt" and report["groups"][0]["wrappable"] == 1
    md5 = whole[(whole["category"] == "scheme") & (whole["scheme"] == "md5_crypt")].iloc[0]
    assert md5["accounts"] == 1 and md5["wrappable"] == 1 and "not memory-hard" in md5["weaknesses"]
    unreadable = whole[whole["category"] == "unreadable"]
    assert list(unreadable["error_kind"]) == ["malformed"] and int(unreadable["accounts"].sum()) == 3


def test_bad_partitions_and_options_raise_clearly():
    frame, _ = sample_frame()
    with pytest.raises(ValueError, match="no 'hash' column"):
        bulk.wrap_partition(frame.drop(columns=["hash"]), **CHEAP)
    with pytest.raises(ValueError, match="no 'password' column"):
        bulk.verify_partition(frame, **CHEAP)
    with pytest.raises(TypeError, match="pandas DataFrame"):
        bulk.wrap_partition([{"hash": "x"}], **CHEAP)
    with pytest.raises(TypeError, match="not both"):
        bulk.wrap_partition(frame, migrator=MIGRATOR, m_cost=256)
    with pytest.raises(TypeError, match="unknown migrator option"):
        bulk.wrap_partition(frame, m_cots=256)
    with pytest.raises(ValueError, match="m_cost"):
        bulk.wrap_partition(frame, m_cost=0)
    with pytest.raises(ValueError, match="threads"):
        bulk.wrap_partition(frame, threads=0, **CHEAP)


def test_import_hashbridge_needs_no_pandas():
    code = (
        "import sys\n"
        "sys.modules['pandas'] = None\n"
        "sys.modules['pyarrow'] = None\n"
        "import hashbridge, hashbridge.bulk\n"
        "try:\n"
        "    hashbridge.bulk.wrap_partition(None)\n"
        "except ImportError as e:\n"
        "    print('ImportError:', e)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "pip install 'hashbridge[bulk]'" in done.stdout, done.stdout


def test_empty_partitions():
    empty = pd.DataFrame({"id": pd.Series([], dtype=object), "hash": pd.Series([], dtype=object)})
    out = bulk.wrap_partition(empty, **CHEAP)
    assert len(out) == 0 and list(out.columns) == ["id", "hash", "wrapped", "status", "error_kind", "error"]
    assert len(bulk.audit_partition(empty, **CHEAP)) == 0


# --- the recipe, without a cluster -------------------------------------------------------


@pytest.mark.parametrize("block", [1, 5, 64, 1 << 24])
def test_plan_cuts_at_line_boundaries(tmp_path, monkeypatch, block):
    # Small blocks put partition boundaries at every place in a block and across blocks.
    monkeypatch.setattr(recipe, "_PLAN_BLOCK", block)
    rng = random.Random(3)
    for trial in range(30):
        n = rng.randrange(0, 40)
        lines = [("x" * rng.randrange(0, 12)) for _ in range(n)]
        text = "\n".join(lines) + ("\n" if rng.random() < 0.7 else "")
        path = tmp_path / f"t{trial}.jsonl"
        path.write_bytes(text.encode())
        for size in (1, 2, 3, 7, 50):
            parts = recipe.plan(path, size)
            data = path.read_bytes()
            assert b"".join(data[p.start:p.end] for p in parts) == data
            first = 1
            for p in parts:
                assert p.first_line == first
                chunk = data[p.start:p.end]
                count = chunk.count(b"\n") + (0 if chunk.endswith(b"\n") else 1)
                if p is not parts[-1]:
                    assert count == size and chunk.endswith(b"\n")
                else:
                    assert 1 <= count <= size
                first += size
            assert [p.index for p in parts] == list(range(len(parts)))


def test_run_partition_writes_once_and_skips_when_done(tmp_path):
    export = tmp_path / "e.jsonl"
    passwords = make_export(export, 40, seed=11)
    parts = recipe.plan(export, 1000)
    assert len(parts) == 1
    out = tmp_path / "out"
    out.mkdir()
    for fmt in ("jsonl", "parquet"):
        first = recipe.run_partition(parts[0], input=str(export), output=str(out), fmt=fmt, threads=2, options=CHEAP)
        assert first["skipped"] is False and first["records"] == 40 + 6
        again = recipe.run_partition(parts[0], input=str(export), output=str(out), fmt=fmt, threads=2, options=CHEAP)
        assert again["skipped"] is True and again["counts"] == first["counts"]
    records = read_jsonl(out / "part-00000000.jsonl")
    import pyarrow.parquet as pq

    table = pq.read_table(out / "part-00000000.parquet")
    assert table.column("record").to_pylist() == [r["record"] for r in records]
    assert table.schema.field("record").type == pa.int64()
    assert table.column("id").to_pylist() == [r.get("id") for r in records]
    errors = read_jsonl(out / "errors-00000000.jsonl")
    assert [e["status"] for e in errors] == ["not_wrapped", "unreadable", "unreadable"]
    assert [e["error"]["kind"] for e in errors] == ["unsupported", "malformed", "malformed"]
    wrapped = [r for r in records if r.get("id") in passwords]
    assert all(a["valid"] for a in verify_all(wrapped, passwords))
    assert not list(out.glob(".*.tmp"))


def test_wrap_dataframe_maps_every_partition():
    dd = pytest.importorskip("dask.dataframe")
    frame, _ = sample_frame()
    # Dask stores text columns as Arrow strings: rows of other types are left out here.
    frame = frame[~frame["id"].isin(["int-hash", "bad-params"])].drop(columns=["params"]).reset_index(drop=True)
    ddf = dd.from_pandas(frame, npartitions=3)
    out = recipe.wrap_dataframe(ddf, threads=1, **CHEAP).compute(scheduler="sync")
    assert list(out["status"]) == list(bulk.wrap_partition(frame, threads=1, **CHEAP)["status"])
    audit = recipe.audit_dataframe(ddf, **CHEAP)
    assert int(audit["accounts"].sum()) == len(frame)


# --- the Dask job on a local cluster --------------------------------------------------------


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0") as cluster:
        with Client(cluster) as c:
            yield c


def test_dask_job_matches_the_single_process_command_line(tmp_path, client):
    export = tmp_path / "export.jsonl"
    passwords = make_export(export, 20_000, seed=1)
    # The single-process reference: hashbridge wrap over the same file.
    reference = tmp_path / "reference.jsonl"
    done = subprocess.run(
        [cli(), "wrap", "--from", "jsonl", str(export), "--out", str(reference), "--threads", "2",
         "--m-cost", str(CHEAP["m_cost"]), "--t-cost", str(CHEAP["t_cost"]), "--json"],
        capture_output=True, text=True, timeout=1200,
    )
    assert done.returncode == 0, done.stderr
    stats = json.loads(done.stdout)
    expected = read_jsonl(reference)

    out = tmp_path / "job"
    summary = recipe.run_job(client, export, out, partition_size=1_500, threads=1, **CHEAP)
    assert summary["failed"] == {} and summary["skipped"] == 0
    assert summary["partitions"] == summary["ran"] == 14
    got = job_records(out)

    # The same records, in the same order, each decided the same way.
    assert len(got) == len(expected) == stats["entries"] == 20_000 + 6
    before = {r["id"]: r for r in read_jsonl_lenient(export)}
    for g, e in zip(got, expected):
        assert g["record"] == e["record"]
        assert ("wrap_error" in g) == ("wrap_error" in e) and ("error" in g) == ("error" in e), (g, e)
        for member in ("wrap_error", "error"):
            if member in e:
                assert g[member]["kind"] == e[member]["kind"], (g, e)
        if "error" in e:
            continue  # not a record: the command line writes its number and error only
        assert g["id"] == e["id"], (g, e)
        original = before[g["id"]]["hash"]
        cli_wrapped = e["hash"] != original
        job_wrapped = g["hash"] != original
        assert cli_wrapped == job_wrapped, (g, e)
        if job_wrapped:
            assert g["hash"].startswith("$hbw$v=1$") and e["hash"].startswith("$hbw$v=1$")
            assert "salt" not in g and "format" not in g and "salt" not in e and "format" not in e
        else:
            assert g["hash"] == e["hash"]
    # The counts agree with the command line's.
    counts = summary["counts"]
    assert counts.get("wrapped", 0) == stats["wrapped"] == 20_000
    assert counts.get("strong", 0) == stats["strong"] == 1
    assert counts.get("already_wrapped", 0) == stats["already_wrapped"] == 1
    assert counts.get("without_hash", 0) == stats["without_hash"] == 1
    assert counts.get("not_wrapped", 0) == sum(stats["not_wrapped"].values()) == 1
    assert counts.get("unreadable", 0) == stats["unreadable"] == 2

    # Every credential the job wrapped verifies with its password, and not with another; a
    # sample of the command line's too (the same check, on the reference).
    wrapped = [r for r in got if r.get("id") in passwords]
    assert len(wrapped) == 20_000
    answers = verify_all(wrapped, passwords)
    assert all(a.get("valid") is True for a in answers), [a for a in answers if not a.get("valid")][:3]
    assert {a["scheme"] for a in answers} == {"hashbridge_wrapped"}
    rng = random.Random(5)
    sample = rng.sample(wrapped, 500)
    assert not any(a.get("valid") for a in verify_all(sample, passwords, wrong=True))
    reference_wrapped = [r for r in expected if r.get("id") in passwords]
    assert all(a.get("valid") for a in verify_all(rng.sample(reference_wrapped, 2_000), passwords))

    # The error records: one per record with an error, in the partitions' error files.
    errors = []
    for p in sorted(out.glob("errors-*.jsonl")):
        errors.extend(read_jsonl(p))
    assert sorted(e["record"] for e in errors) == [r["record"] for r in got if "wrap_error" in r or "error" in r]
    assert not list(out.glob(".*.tmp"))
    written = json.loads((out / "_summary.json").read_text())
    assert written["counts"] == summary["counts"]


def read_jsonl_lenient(path: Path) -> List[Dict[str, Any]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            v = json.loads(line)
        except ValueError:
            continue
        if isinstance(v, dict) and "id" in v:
            rows.append(v)
    return rows


def test_a_job_resumes_and_refuses_another(tmp_path, client):
    export = tmp_path / "export.jsonl"
    passwords = make_export(export, 2_000, seed=2, specials=False)
    out = tmp_path / "job"
    first = recipe.run_job(client, export, out, partition_size=200, threads=1, **CHEAP)
    assert first["partitions"] == first["ran"] == 10 and first["failed"] == {}
    untouched = {p.name: p.stat().st_mtime_ns for p in out.glob("part-0000000[5-9].jsonl")}
    # Two partitions lost; a third written by a worker that died before its marker (a torn
    # file cannot exist under the final name; a complete one from an earlier attempt can).
    for i in (1, 3):
        for suffix in ("jsonl", "done.json"):
            (out / f"part-{i:08d}.{suffix}").unlink()
    (out / "part-00000004.done.json").unlink()
    (out / ".part-00000004.jsonl.deadbeef.tmp").write_text('{"record": 1, "id": "torn"')
    second = recipe.run_job(client, export, out, partition_size=200, threads=1, **CHEAP)
    assert second["ran"] == 3 and second["skipped"] == 7 and second["failed"] == {}
    assert second["counts"] == first["counts"] == {"wrapped": 2_000}
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("part-0000000[5-9].jsonl")} == untouched
    records = job_records(out)
    assert [r["id"] for r in records] == [f"user-{i:06d}" for i in range(2_000)]
    assert all(a["valid"] for a in verify_all(records, passwords))
    assert not list(out.glob(".*.tmp"))
    # A finished job run again does nothing.
    third = recipe.run_job(client, export, out, partition_size=200, threads=1, **CHEAP)
    assert third["ran"] == 0 and third["skipped"] == 10
    # Another policy, partitioning or input is not mixed into this output.
    with pytest.raises(recipe.JobMismatch, match="another job"):
        recipe.run_job(client, export, out, partition_size=200, threads=1, m_cost=512, t_cost=1)
    with pytest.raises(recipe.JobMismatch):
        recipe.run_job(client, export, out, partition_size=300, threads=1, **CHEAP)


def test_a_killed_worker_loses_and_duplicates_nothing(tmp_path):
    export = tmp_path / "export.jsonl"
    passwords = make_export(export, 3_000, seed=3, specials=False)
    out = tmp_path / "job"
    # A dearer target than the other tests' so that partitions are still running when the
    # worker is killed (the check below fails, rather than passes, if they are not).
    costs = {"m_cost": 2048, "t_cost": 1}
    result: Dict[str, Any] = {}
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0") as cluster:
        with Client(cluster) as c:
            def job() -> None:
                try:
                    result["summary"] = recipe.run_job(c, export, out, partition_size=100, threads=1, **costs)
                except BaseException as e:  # reported by the test thread
                    result["error"] = e

            worker = threading.Thread(target=job)
            worker.start()
            victim = None
            deadline = time.monotonic() + 600
            while victim is None:
                assert worker.is_alive(), f"the job ended before a worker could be killed: {result}"
                assert time.monotonic() < deadline, "no partition finished in 10 minutes"
                if len(list(out.glob("part-*.done.json"))) >= 2:
                    busy = sorted(w for w, keys in c.processing().items() if keys)
                    if busy:
                        victim = busy[0]
                        break
                time.sleep(0.05)
            pids_before = c.run(os.getpid)
            finished_at_kill = len(list(out.glob("part-*.done.json")))
            os.kill(pids_before[victim], signal.SIGKILL)
            worker.join(900)
            assert not worker.is_alive(), "the job did not finish"
            assert pids_before[victim] not in set(c.run(os.getpid).values())
    assert "error" not in result, result.get("error")
    summary = result["summary"]
    assert finished_at_kill < summary["partitions"] == 30
    assert summary["failed"] == {} and summary["ran"] == 30
    assert summary["records"] == 3_000 and summary["counts"] == {"wrapped": 3_000}
    records = job_records(out)
    ids = [r["id"] for r in records]
    assert ids == [f"user-{i:06d}" for i in range(3_000)]  # each once, in input order
    assert [r["record"] for r in records] == list(range(1, 3_001))
    checker = hashbridge.Migrator(**costs, rehash=False)
    batch = [{"password": passwords[r["id"]], "hash": r["hash"]} for r in records]
    assert all(a.get("valid") is True for a in checker.verify_many(batch, threads=2))
    assert not list(out.glob(".*.tmp"))


def test_the_command_line_entry(tmp_path):
    export = tmp_path / "export.jsonl"
    passwords = make_export(export, 300, seed=4)
    out = tmp_path / "job"
    args = ["--input", str(export), "--m-cost", "256", "--t-cost", "1", "--partition-size", "100"]
    done = subprocess.run(
        [sys.executable, "-m", "hashbridge.bulk.dask", "wrap", *args, "--output", str(out), "--threads", "2"],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["partitions"] == 4 and summary["counts"]["wrapped"] == 300
    records = [r for r in job_records(out) if r.get("id") in passwords]
    assert all(a["valid"] for a in verify_all(records, passwords))
    table = tmp_path / "audit.json"
    done = subprocess.run(
        [sys.executable, "-m", "hashbridge.bulk.dask", "audit", *args, "--output", str(table)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    rows = json.loads(table.read_text())
    assert sum(r["accounts"] for r in rows) == 300 + 6  # every line but the blank one
    assert {r["scheme"]: r["accounts"] for r in rows if r["category"] == "scheme"}["django_salted_sha1"] == 60
    # A bad policy is refused before anything runs.
    done = subprocess.run(
        [sys.executable, "-m", "hashbridge.bulk.dask", "wrap", *args, "--output", str(tmp_path / "x"), "--m-cost", "0"],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 2 and "m_cost" in done.stderr
