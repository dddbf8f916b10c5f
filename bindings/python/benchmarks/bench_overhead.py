"""What the Python binding costs on top of the Rust library, and what threads buy.

    bindings/python/.venv-ci/bin/python bindings/python/benchmarks/bench_overhead.py

Measures, on this machine (a benchmark, not a test; nothing asserts on time):

1. Per-verify overhead of ``Migrator.verify`` against the command line's batch mode
   (``hashbridge verify --batch --threads 1 --no-upgrade``, the library's own loop in Rust),
   for md5_crypt (microseconds of work, so the overhead shows) and argon2id at the default
   target (m=19456 KiB, t=2, p=1, where it disappears). Same records, no rehash, one thread;
   the command line's process start is measured with an empty batch and subtracted. These
   are CPU times (this process and its children), which other load on the machine does not
   inflate.
2. ``verify_many`` on 2 threads against 1, and two Python threads calling ``verify`` against
   one, on argon2id records: wall time, so run it on an otherwise idle machine with 2 cores
   or more (``load_average`` is reported beside the figures).

Each figure is the best of ``--repeat`` runs (other load on the machine only adds time).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import hashbridge

ROOT = Path(__file__).resolve().parents[3]
MD5_CRYPT = ("hashcat", "$1$38652870$DUjsu4TTlTsOe/xxZ05uf/")


def cli_binary() -> str:
    for candidate in (os.environ.get("HASHBRIDGE_CLI"), str(ROOT / "target/release/hashbridge")):
        if candidate and Path(candidate).is_file():
            return candidate
    found = shutil.which("hashbridge")
    if found:
        return found
    sys.exit("build the command line first: cargo build --release -p hashbridge-cli")


def best(repeat: int, run) -> float:
    return min(run() for _ in range(repeat))


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def cpu_timed(call) -> float:
    """CPU seconds of this process and its children spent in ``call``: unlike wall time, not
    inflated by other work on a shared machine (for the single-threaded comparisons)."""
    def cpu() -> float:
        me = resource.getrusage(resource.RUSAGE_SELF)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime

    start = cpu()
    call()
    return cpu() - start


def cli_batch_seconds(cli: str, lines: str) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        f.write(lines)
        path = f.name
    try:
        def run() -> float:
            return cpu_timed(lambda: subprocess.run(
                [cli, "verify", "--batch", path, "--threads", "1", "--no-upgrade"],
                check=True, stdout=subprocess.DEVNULL,
            ))
        return run()
    finally:
        os.unlink(path)


def per_verify(cli: str, password: str, stored: str, n: int, repeat: int) -> dict:
    m = hashbridge.Migrator(rehash=False)
    assert m.verify(password, stored).valid
    record = json.dumps({"password": password, "hash": stored}) + "\n"
    startup = best(repeat, lambda: cli_batch_seconds(cli, ""))
    cli_total = best(repeat, lambda: cli_batch_seconds(cli, record * n)) - startup
    py_verify = best(repeat, lambda: cpu_timed(lambda: [m.verify(password, stored) for _ in range(n)]))
    records = [{"password": password, "hash": stored}] * n
    py_many = best(repeat, lambda: cpu_timed(lambda: list(m.verify_many(records, threads=1))))
    rust_us = cli_total / n * 1e6
    return {
        "cli_batch_us": rust_us,
        "python_verify_us": py_verify / n * 1e6,
        "python_verify_many_us": py_many / n * 1e6,
        "verify_overhead_us": py_verify / n * 1e6 - rust_us,
        "verify_many_overhead_us": py_many / n * 1e6 - rust_us,
    }


def call_cost(n: int, repeat: int) -> dict:
    """The whole binding path around almost no hashing: a hex MD5 (one MD5 block) given with
    its scheme, so the figure is argument conversion, GIL release and the Outcome."""
    import hashlib

    m = hashbridge.Migrator(rehash=False)
    stored = hashlib.md5(b"pw").hexdigest()
    verify = best(repeat, lambda: cpu_timed(lambda: [m.verify("pw", stored, scheme="hex_md5") for _ in range(n)]))
    identify = best(repeat, lambda: cpu_timed(lambda: [m.identify(stored, scheme="hex_md5") for _ in range(n)]))
    return {"verify_hex_md5_us": verify / n * 1e6, "identify_us": identify / n * 1e6}


def threads_speedup(n: int, repeat: int) -> dict:
    m = hashbridge.Migrator(rehash=False)
    stored = m.hash("pw")
    records = [{"password": "pw", "hash": stored}] * n
    one = best(repeat, lambda: timed(lambda: list(m.verify_many(records, threads=1))))
    two = best(repeat, lambda: timed(lambda: list(m.verify_many(records, threads=2))))
    # CPU seconds the process got per wall second with 2 threads: near 2 on an idle 2-core
    # machine; near what 1 thread gets when other processes hold the cores, and then no
    # speed-up can show whatever the binding does.
    wall = time.perf_counter()
    cpu = cpu_timed(lambda: list(m.verify_many(records, threads=2)))
    cores_granted = cpu / (time.perf_counter() - wall)

    def python_threads(k: int) -> float:
        def work(count: int) -> None:
            for _ in range(count):
                m.verify("pw", stored)

        ts = [threading.Thread(target=work, args=(n // k,)) for _ in range(k)]
        start = time.perf_counter()
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        return time.perf_counter() - start

    py_one = best(repeat, lambda: python_threads(1))
    py_two = best(repeat, lambda: python_threads(2))
    return {
        "verify_many_1_thread_per_s": n / one,
        "verify_many_2_threads_per_s": n / two,
        "verify_many_speedup": one / two,
        "cores_granted_with_2_threads": cores_granted,
        "python_1_thread_per_s": n / py_one,
        "python_2_threads_per_s": n / py_two,
        "python_threads_speedup": py_one / py_two,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--md5-n", type=int, default=20000)
    parser.add_argument("--argon2-n", type=int, default=40)
    args = parser.parse_args()
    cli = cli_binary()
    argon2 = hashbridge.hash("pw")
    report = {
        "machine_cores": os.cpu_count(),
        "load_average_before": os.getloadavg(),
        "md5_crypt": per_verify(cli, *MD5_CRYPT, args.md5_n, args.repeat),
        "argon2id_m19456_t2_p1": per_verify(cli, "pw", argon2, args.argon2_n, args.repeat),
        "binding_call": call_cost(100_000, args.repeat),
        "threads_argon2id": threads_speedup(args.argon2_n, args.repeat),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
