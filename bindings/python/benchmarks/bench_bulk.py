"""Throughput per worker core of the Dask wrap job, against the single-process command line.

    bindings/python/.venv-ci/bin/python bindings/python/benchmarks/bench_bulk.py \\
        [--records 2000] [--workers 2] [--partition-size 100] [--rounds 2]

At the default target (argon2id m=19456 KiB, t=2, p=1) over an export of generated legacy
credentials (Django salted SHA-1, made with hashlib), measures (a benchmark, not a test;
nothing asserts on time):

1. ``hashbridge wrap --threads 1`` (the release command line, one process, one core):
   records per second of wall time, and CPU milliseconds per record (the child's user + system
   time); and ``--threads W`` (W the Dask job's workers), per core: the same cores busy at
   once as the job, so the same contention for the caches and memory bandwidth a memory-hard
   hash shares.
2. :func:`hashbridge.bulk.wrap_partition` on one Rust thread in this process, no Dask, over a
   quarter of the records: what the binding and pandas add to the command line's own loop.
3. The Dask job (:func:`hashbridge.bulk.dask.run_job`) on a local cluster of ``--workers``
   worker processes with one thread each, one Rust thread per partition: records per second
   of the job's wall time (planning, scheduling, reading, wrapping, writing; the cluster's
   start is not counted) divided by the workers, and CPU milliseconds per record summed over
   the worker processes (psutil); the workers import their modules before the clock starts.

The three run in turn, ``--rounds`` times, and each figure is the best of its rounds (other
load on the machine only ever makes a run slower). The wall figures are only comparable on an
otherwise idle machine; the CPU figures hold better on a shared one, though a memory-hard hash
also takes more CPU time when other processes share the caches and memory bandwidth.
``cores_granted`` (CPU seconds over wall seconds) and the load average are printed beside them
so that a run on a busy machine can be told apart.

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
from typing import Any, Dict, List

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


def run_cli(cli: str, export: Path, out: Path, threads: int = 1) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [cli, "wrap", "--from", "jsonl", str(export), "--out", str(out), "--threads", str(threads), "--json"],
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
        "threads": threads,
        "wall_seconds": round(wall, 2),
        "records_per_second_per_core": round(n / wall / threads, 2),
        "cpu_ms_per_record": round(1000 * cpu / n, 2),
        "cores_granted": round(cpu / wall, 2),
    }


def _warm() -> None:
    """Imports a worker makes once (pandas, the extension), outside the timed job."""
    import hashbridge.bulk.dask  # noqa: F401
    import pandas  # noqa: F401


def run_in_process(export: Path) -> dict:
    from hashbridge.bulk import wrap_partition
    from hashbridge.bulk.dask import plan, read_partition

    parts = plan(export, 1 << 40)
    frame, numbers, _bad = read_partition(export, parts[0])
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    out = wrap_partition(frame, threads=1)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    n = len(numbers)
    assert list(out["status"]) == ["wrapped"] * n
    return {
        "records": n,
        "wall_seconds": round(wall, 2),
        "records_per_second_per_core": round(n / wall, 2),
        "cpu_ms_per_record": round(1000 * cpu / n, 2),
        "cores_granted": round(cpu / wall, 2),
    }


def best(runs: List[dict]) -> dict:
    """The run with the most records per second per core, with every round's figure."""
    top = dict(max(runs, key=lambda r: r["records_per_second_per_core"]))
    top["per_core_each_round"] = [r["records_per_second_per_core"] for r in runs]
    top["cpu_ms_per_record_each_round"] = [r["cpu_ms_per_record"] for r in runs]
    return top


def run_dask(export: Path, out: Path, workers: int, partition_size: int) -> dict:
    import psutil
    from distributed import Client, LocalCluster

    from hashbridge.bulk import dask as recipe

    with LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0"
    ) as cluster:
        with Client(cluster) as client:
            client.wait_for_workers(workers)
            client.run(_warm)
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
    ap.add_argument("--rounds", type=int, default=2)
    a = ap.parse_args()
    cli = cli_binary()
    runs: Dict[str, List[dict]] = {
        "command_line_threads_1": [],
        f"command_line_threads_{a.workers}": [],
        "in_process_threads_1": [],
        "dask": [],
    }
    loads = [load()]
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "export.jsonl"
        make_export(export, a.records)
        # The in-process figure is about the binding's overhead: a quarter of the records do.
        part = Path(tmp) / "quarter.jsonl"
        with open(export, encoding="utf-8") as f:
            part.write_text("".join(line for _, line in zip(range(max(1, a.records // 4)), f)))
        for r in range(a.rounds):
            runs["command_line_threads_1"].append(run_cli(cli, export, Path(tmp) / f"cli-{r}.jsonl"))
            runs[f"command_line_threads_{a.workers}"].append(
                run_cli(cli, export, Path(tmp) / f"cli-{a.workers}-{r}.jsonl", threads=a.workers)
            )
            runs["in_process_threads_1"].append(run_in_process(part))
            runs["dask"].append(run_dask(export, Path(tmp) / f"job-{r}", a.workers, a.partition_size))
            loads.append(load())
    report: Dict[str, Any] = {"target": "argon2id m=19456 t=2 p=1", "cores": os.cpu_count(), "load_average": loads}
    for name, each in runs.items():
        report[name] = best(each)
    c, cw = report["command_line_threads_1"], report[f"command_line_threads_{a.workers}"]
    p, d = report["in_process_threads_1"], report["dask"]

    def ratio(x: dict, y: dict, key: str) -> float:
        return round(x[key] / y[key], 3)

    report["per_core_dask_to_command_line_threads_1"] = ratio(d, c, "records_per_second_per_core")
    report[f"per_core_dask_to_command_line_threads_{a.workers}"] = ratio(d, cw, "records_per_second_per_core")
    report["per_core_in_process_to_command_line_threads_1"] = ratio(p, c, "records_per_second_per_core")
    report["cpu_per_record_dask_to_command_line_threads_1"] = ratio(d, c, "cpu_ms_per_record")
    report[f"cpu_per_record_dask_to_command_line_threads_{a.workers}"] = ratio(d, cw, "cpu_ms_per_record")
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
