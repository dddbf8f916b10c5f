"""The type stubs describe the built module (mypy's stubtest), and typed code using the
package checks under mypy --strict."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("mypy")

TYPED_USE = textwrap.dedent(
    """
    from typing import Optional
    import hashbridge
    from hashbridge import Migrator, Outcome
    from hashbridge.compat import CryptContext

    m: Migrator = Migrator("argon2id", 19456, 2, 1, limits={"max_work": 1}, rehash=False)
    out: Outcome = m.verify("pw", "$1$38652870$DUjsu4TTlTsOe/xxZ05uf/", salt=b"x")
    upgrade: Optional[str] = out.upgrade
    ok: bool = out.valid and hashbridge.needs_upgrade("x")
    for answer in m.verify_many([{"password": "pw", "hash": "x"}], threads=2):
        kind: str = answer["error"]["kind"]
    for wrapped in m.wrap_many([{"hash": "x"}], threads=2):
        status: str = wrapped["status"]
    census: int = m.audit_many([{"hash": "x"}])["entries"]
    try:
        hashbridge.verify("pw", "x")
    except hashbridge.LimitExceeded as e:
        knob: Optional[str] = e.knob
    ctx = CryptContext(schemes=["bcrypt"])
    pair: tuple[bool, Optional[str]] = ctx.verify_and_update("pw", "x")
    """
)

BAD_USE = (
    "import hashbridge\n"
    "hashbridge.Migrator(m_cost='big')\n"
    "hashbridge.verify(5, 'x')\n"
    "hashbridge.verify('pw', 'x', salts='s')\n"
)


def _mypy(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mypy", *args], capture_output=True, text=True, timeout=300)


def test_stubs_match_the_extension():
    done = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "hashbridge._native"],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_typed_code_checks_and_mistakes_are_caught(tmp_path):
    good = tmp_path / "good.py"
    good.write_text(TYPED_USE)
    done = _mypy("--strict", "--no-incremental", "--cache-dir", str(tmp_path / "c"), str(good))
    assert done.returncode == 0, done.stdout
    bad = tmp_path / "bad.py"
    bad.write_text(BAD_USE)
    done = _mypy("--no-incremental", "--cache-dir", str(tmp_path / "c"), str(bad))
    assert done.returncode == 1
    out = done.stdout
    assert 'bad.py:2: error: Argument "m_cost"' in out, out
    assert 'bad.py:3: error: Argument 1 has incompatible type "int"' in out, out
    assert 'bad.py:4: error: Unexpected keyword argument "salts"' in out, out
