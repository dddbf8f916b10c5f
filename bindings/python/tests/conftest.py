"""Shared fixtures: the repository's known-answer vectors (tests/data/*.jsonl, described in
tests/data/SCHEMA.md), read as the command line reads them."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Dict, List

import pytest

import hashbridge

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "tests" / "data"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

#: The largest vectors (libxcrypt's `mkpasswd -m scrypt -R 11`, 1 GiB) are over the default
#: per-verify memory and work limits; the Rust vector tests raise them the same way.
VECTOR_LIMITS = {"max_memory_bytes": 1 << 30, "max_work": 64_000_000}


def load(pred) -> List[Dict[str, Any]]:
    out = []
    for path in sorted(DATA.glob("*.jsonl")):
        if not pred(path.name):
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    out.append(json.loads(line))
    selected = os.environ.get("HASHBRIDGE_FORMATS")
    if selected:
        wanted = set(selected.split(","))
        out = [v for v in out if v["format"] in wanted]
    return out


def password(v: Dict[str, Any]):
    """A vector's password: text, or bytes when it is not UTF-8 (``password_hex``)."""
    return v["password"] if "password" in v else bytes.fromhex(v["password_hex"])


def context(v: Dict[str, Any]) -> Dict[str, Any]:
    """The credential keywords of a vector (salt column, user name, parameters)."""
    return {
        k: v[k]
        for k in ("salt", "salt_encoding", "username", "params")
        if v.get(k) is not None
    }


@pytest.fixture(scope="session")
def known_answer() -> List[Dict[str, Any]]:
    vs = load(lambda n: not n.startswith("malformed"))
    assert vs, "no known-answer vectors found under tests/data"
    return vs


@pytest.fixture(scope="session")
def malformed() -> List[Dict[str, Any]]:
    vs = load(lambda n: n.startswith("malformed"))
    assert vs, "no malformed vectors found under tests/data"
    return vs


@pytest.fixture(scope="session")
def vector_migrator() -> hashbridge.Migrator:
    return hashbridge.Migrator(limits=VECTOR_LIMITS, rehash=False)
