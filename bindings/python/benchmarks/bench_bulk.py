"""Throughput per worker core of the Dask wrap job, against the single-process command line.

    bindings/python/.venv-ci/bin/python bindings/python/benchmarks/bench_bulk.py \\
        [--records 2000] [--workers 2] [--partition-size 100]

At the default target (argon2id m=19456 KiB, t=2, p=1) over an export of generated legacy
credentials (Django salted SHA-1, made with hashlib), measures (a benchmark, not a test;
nothing asserts on time):

1. ``hashbridge wrap --threads 1`` (the release command line, one process, one core):
   records per second of wall time, and CPU milliseconds per record (the child's user + system
   time).
2. The Dask job (:func:`hashbridge.bulk.dask.run_job`) on a local cluster of ``--workers``
   worker processes with one thread each, one Rust thread per partition: records per second
   of the job's wall time (planning, scheduling, reading, wrapping, writing; the cluster's
   start is not counted) divided by the workers, and CPU milliseconds per record summed over
   the worker processes (psutil).

The wall figures are only comparable on an otherwise idle machine; the CPU figures hold on a
shared one (other load makes a process wait, not work more). ``cores_granted`` (CPU seconds
over wall seconds) and the load average are printed beside them so a run on a busy machine can
be told apart.

The command line: HASHBRIDGE_CLI, else ``target/release/hashbridge`` of the workspace (or of
CARGO_TARGET_DIR): ``cargo build --release --locked -p hashbridge-cli --no-default-features``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict

ROOT = Path(__file__).resolve().parents[3]


def cli_binary() -> str:
    candidates = [os.environ.get("HASHBRIDGE_CLI")]
    for d in (os.environ.get("CARGO_TARGET_DIR"), str(ROOT / "target")):
        if d:
            candidates.append(str(Path(d) / "release" / "hashbridge"))
    for c in candidates:
        if c and Path(c).is_file():
            return c
    sys.exit("build the command line first: cargo build --release --locked -p hashbridge-cli --no-default-features")


def make_export(path: Path, n: int) -> None:
    rng = random.Random(1)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            pw = f"pw-{i}-{rng.getrandbits(40):010x}"
            salt = f"{rng.getrandbits(40):010x}"
            digest = hashlib.sha1((salt + pw).encode()).hexdigest()
            f.write(json.dumps({"id": f"user-{i:06d}", "hash": f"sha1${salt}${digest}"}) + "\n")


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run_cli(cli: str, export: Path, out: Path) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [cli, "wrap", "--from", "jsonl", str(export), "--out", str(out), "--threads", "1", "--json"],
        capture_output=True, text=True, check=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    stats = json.loads(done.stdout)
    n = stats["entries"]
    assert stats["wrapped"] == n, stats
    return {
        "records": n,
        "wall_seconds": round(wall, 2),
        "records_per_second_per_core": round(n / wall, 2),
        "cpu_ms_per_record": round(1000 * cpu / n, 2),
        "cores_granted": round(cpu / wall, 2),
    }


def run_dask(export: Path, out: Path, workers: int, partition_size: int) -> dict:
    import psutil
    from distributed import Client, LocalCluster

    from hashbridge.bulk import dask as recipe

    with LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0"
    ) as cluster:
        with Client(cluster) as client:
            client.wait_for_workers(workers)
            pids = list(client.run(os.getpid).values())
            procs = [psutil.Process(p) for p in pids]

            def cpu() -> float:
                return sum(p.cpu_times().user + p.cpu_times().system for p in procs)

            cpu0 = cpu()
            start = time.perf_counter()
            summary = recipe.run_job(client, export, out, partition_size=partition_size, threads=1)
            wall = time.perf_counter() - start
            used = cpu() - cpu0
    n = summary["records"]
    assert summary["failed"] == {} and summary["counts"] == {"wrapped": n}, summary
    return {
        "records": n,
        "workers": workers,
        "partitions": summary["partitions"],
        "wall_seconds": round(wall, 2),
        "records_per_second": round(n / wall, 2),
        "records_per_second_per_core": round(n / wall / workers, 2),
        "cpu_ms_per_record": round(1000 * used / n, 2),
        "cores_granted": round(used / wall, 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--partition-size", type=int, default=100)
    a = ap.parse_args()
    cli = cli_binary()
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "export.jsonl"
        make_export(export, a.records)
        report: Dict[str, Any] = {"target": "argon2id m=19456 t=2 p=1", "cores": os.cpu_count(), "load_before": load()}
        report["command_line_threads_1"] = run_cli(cli, export, Path(tmp) / "cli.jsonl")
        report["load_between"] = load()
        report["dask"] = run_dask(export, Path(tmp) / "job", a.workers, a.partition_size)
        report["load_after"] = load()
        c, d = report["command_line_threads_1"], report["dask"]
        per_core = d["records_per_second_per_core"] / c["records_per_second_per_core"]
        report["per_core_wall_ratio_dask_to_cli"] = round(per_core, 3)
        report["cpu_per_record_ratio_dask_to_cli"] = round(d["cpu_ms_per_record"] / c["cpu_ms_per_record"], 3)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
