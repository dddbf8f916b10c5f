"""The GIL is released while hashing, shown by counting overlap, never by timing.

Two observations, each of which is impossible if the GIL were held through a hash:

1. With the interpreter's switch interval set far beyond the test's length, a thread holding
   the GIL keeps it until it blocks or releases it in C. A counter thread that yields after
   every increment (``time.sleep(0)`` releases the GIL) can only advance while the main thread
   is inside a call that released the GIL. Across a verify the counter advances; across a call
   known to hold the GIL (``sum`` over a long range) it stays exactly still.
2. The migrator's memory budget counts the memory-hard hashes in flight. A Python thread that
   samples it while other threads verify argon2 hashes sees two reservations at once: two
   verifies inside Rust together, and the sampling thread running beside both.
"""

from __future__ import annotations

import sys
import threading
import time

import pytest

import hashbridge

M_KIB = 32 * 1024
SWITCH_INTERVAL = 1000.0  # seconds: no forced GIL hand-over during the test


class Counter(threading.Thread):
    """Increments while it holds the GIL; releases it after every increment."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.count = 0
        self.running = True
        self.started_counting = threading.Event()

    def run(self) -> None:
        while self.running:
            self.count += 1
            self.started_counting.set()
            time.sleep(0)


@pytest.fixture
def long_switch_interval():
    old = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL)
    try:
        yield
    finally:
        sys.setswitchinterval(old)


def _progress_during(call) -> int:
    counter = Counter()
    counter.start()
    counter.started_counting.wait(10)
    try:
        # Between these two reads the main thread runs no Python that blocks; the counter can
        # only move while `call` has released the GIL.
        before = counter.count
        call()
        after = counter.count
    finally:
        counter.running = False
        time.sleep(0)
        counter.join(10)
    return after - before


def test_verify_releases_the_gil(long_switch_interval):
    m = hashbridge.Migrator(m_cost=M_KIB, t_cost=3)
    stored = m.hash("pw")
    # The control: a call that holds the GIL throughout lets the counter make no progress.
    held = _progress_during(lambda: sum(range(3_000_000)))
    assert held == 0, held
    released = _progress_during(lambda: m.verify("pw", stored))
    assert released > 0, released
    assert _progress_during(lambda: m.hash("pw")) > 0
    assert _progress_during(lambda: m.dummy_verify("pw")) > 0
    assert _progress_during(lambda: m.verify_user("pw", None)) > 0
    assert _progress_during(lambda: list(m.verify_many([{"password": "pw", "hash": stored}] * 2, threads=2))) > 0


def _sample_in_flight(m: hashbridge.Migrator, work) -> int:
    """Run `work` and sample `m.memory_in_use` from this thread meanwhile; the most argon2
    verifies seen in flight at once."""
    peak = 0
    done = threading.Event()

    def run():
        try:
            work()
        finally:
            done.set()

    t = threading.Thread(target=run)
    t.start()
    while not done.is_set():
        peak = max(peak, m.memory_in_use // (M_KIB * 1024))
        time.sleep(0.0005)
    t.join()
    return peak


def test_two_python_threads_verify_at_once():
    m = hashbridge.Migrator(m_cost=M_KIB, t_cost=3)
    stored = m.hash("pw")
    answers = []

    def two_threads():
        def worker():
            for _ in range(4):
                answers.append(m.verify("pw", stored).valid)

        ts = [threading.Thread(target=worker) for _ in range(2)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()

    assert _sample_in_flight(m, two_threads) == 2
    assert answers == [True] * 8


def test_verify_many_runs_records_in_parallel_in_order():
    m = hashbridge.Migrator(m_cost=M_KIB, t_cost=3)
    hashes = [m.hash(f"pw{i}") for i in range(8)]
    records = [{"id": i, "password": f"pw{i if i % 3 else i + 1}", "hash": h} for i, h in enumerate(hashes)]
    out = []
    assert _sample_in_flight(m, lambda: out.extend(m.verify_many(records, threads=2))) == 2
    assert [a["id"] for a in out] == list(range(8))
    assert [a["valid"] for a in out] == [bool(i % 3) for i in range(8)]
    # One thread: one at a time.
    assert _sample_in_flight(m, lambda: list(m.verify_many(records[:4], threads=1))) == 1
