"""A Flask login route that migrates legacy password hashes on the next successful login.

The users table holds whatever the old system stored (a hash string, and a salt column or a
format name where the format needs them). On each login the stored hash is verified; when it is
right and the hash is weak, the argon2id upgrade replaces it *in the same transaction*, guarded
by the old value, so two concurrent logins cannot lose or mix an update.

    python flask_login.py users.sqlite3        # serves POST /login {"username", "password"}
"""

from __future__ import annotations

import logging
import sqlite3
import sys
from typing import Optional

from flask import Flask, jsonify, request

import hashbridge

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    username      TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    salt          TEXT,      -- a separately stored salt, for formats that keep one
    salt_encoding TEXT,      -- utf8 (default), hex or base64
    scheme        TEXT       -- a format name, for strings that do not identify themselves
)
"""

log = logging.getLogger("flask_login")


def create_app(database: str, migrator: Optional[hashbridge.Migrator] = None) -> Flask:
    """The app, over the SQLite file ``database``; ``migrator`` defaults to ``Migrator()``."""
    app = Flask(__name__)
    m = migrator or hashbridge.Migrator()
    with sqlite3.connect(database) as db:
        db.execute(SCHEMA)

    @app.post("/login")
    def login():
        body = request.get_json(silent=True) or {}
        username, password = body.get("username"), body.get("password")
        if not isinstance(username, str) or not isinstance(password, str):
            return jsonify(ok=False, error="username and password are required"), 400
        # Autocommit mode, so that the transaction is exactly what BEGIN ... COMMIT says.
        db = sqlite3.connect(database, isolation_level=None, timeout=10)
        try:
            # IMMEDIATE: take the write lock now, so the row read is the row updated.
            db.execute("BEGIN IMMEDIATE")
            row = db.execute(
                "SELECT password_hash, salt, salt_encoding, scheme FROM users WHERE username = ?",
                (username,),
            ).fetchone()
            if row is None:
                # Unknown user: the same work as a real verify, then no.
                m.verify_user(password, None)
                db.execute("ROLLBACK")
                return jsonify(ok=False), 401
            stored, salt, salt_encoding, scheme = row
            outcome = m.verify(password, stored, salt=salt, salt_encoding=salt_encoding, scheme=scheme)
            if not outcome.valid:
                db.execute("ROLLBACK")
                return jsonify(ok=False), 401
            upgraded = False
            if outcome.upgrade is not None:
                cur = db.execute(
                    "UPDATE users SET password_hash = ?, salt = NULL, salt_encoding = NULL,"
                    " scheme = NULL WHERE username = ? AND password_hash = ?",
                    (outcome.upgrade, username, stored),
                )
                upgraded = cur.rowcount == 1
            db.execute("COMMIT")
            return jsonify(ok=True, scheme=outcome.scheme, upgraded=upgraded)
        except hashbridge.HashbridgeError as e:
            # The stored value cannot be judged: a failed login and a log line (never the
            # password), not a server error.
            db.execute("ROLLBACK")
            log.warning("login %s: stored hash cannot be judged (%s): %s", username, e.kind, e)
            return jsonify(ok=False), 401
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        finally:
            db.close()

    return app


if __name__ == "__main__":
    create_app(sys.argv[1] if len(sys.argv) > 1 else "users.sqlite3").run(port=8000)
