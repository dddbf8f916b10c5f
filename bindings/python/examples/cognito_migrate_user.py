"""An Amazon Cognito *migrate user* Lambda trigger backed by a legacy user table.

Cognito calls it when someone signs in (``UserMigration_Authentication``) or asks for a
password reset (``UserMigration_ForgotPassword``) and is not in the user pool yet. On a right
password the function answers with the user's attributes and Cognito creates the user with the
password just typed: the legacy hash is never needed again, so the migrator does not rehash
(``rehash=False``). A wrong password or an unknown user is an exception, which Cognito turns
into a failed sign-in; an unknown user costs the same verify as a known one.

Event and response shapes are Cognito's, as documented in the Amazon Cognito Developer Guide:
"Migrate user Lambda trigger"
(https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-migrate-user.html)
and the common trigger parameters (``version``, ``triggerSource``, ``region``, ``userPoolId``,
``userName``, ``callerContext``, ``request``, ``response``;
https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html).
Cognito waits 5 seconds for a trigger: hashbridge's default limits keep any one verify far
below that, whatever the stored hash asks for.

Configuration: ``LEGACY_USERS_DB``, an SQLite file with a table
``users(username, email, password_hash, salt, salt_encoding, scheme)``.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from typing import Any, Dict, Optional, Tuple

import hashbridge

log = logging.getLogger("cognito_migrate_user")

# Built once per Lambda container and shared by every invocation it serves.
MIGRATOR = hashbridge.Migrator(rehash=False)


class MigrationRefused(Exception):
    """Cognito reports the message as the sign-in's failure."""


def _lookup(username: str) -> Optional[Tuple[str, str, Optional[str], Optional[str], Optional[str]]]:
    path = os.environ["LEGACY_USERS_DB"]
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return db.execute(
            "SELECT email, password_hash, salt, salt_encoding, scheme FROM users WHERE username = ?",
            (username,),
        ).fetchone()


def _attributes(email: str) -> Dict[str, str]:
    # Verified, so that the user can reset the password later (Cognito needs a verified
    # email or phone number for that).
    return {"email": email, "email_verified": "true"}


def handler(event: Dict[str, Any], context: Any = None) -> Dict[str, Any]:
    source = event.get("triggerSource")
    username = event.get("userName")
    if not isinstance(username, str) or not username:
        raise MigrationRefused("Bad request: no userName")
    row = _lookup(username)
    response = event.setdefault("response", {})
    if source == "UserMigration_Authentication":
        password = (event.get("request") or {}).get("password")
        if not isinstance(password, str):
            raise MigrationRefused("Bad request: no password")
        try:
            if row is None:
                MIGRATOR.verify_user(password, None)
                raise MigrationRefused("Bad password")
            email, stored, salt, salt_encoding, scheme = row
            outcome = MIGRATOR.verify(
                password, stored, salt=salt, salt_encoding=salt_encoding, scheme=scheme
            )
        except hashbridge.HashbridgeError as e:
            log.warning("user %s: stored hash cannot be judged (%s): %s", username, e.kind, e)
            raise MigrationRefused("Bad password") from None
        if not outcome.valid:
            raise MigrationRefused("Bad password")
        response["userAttributes"] = _attributes(email)
        response["finalUserStatus"] = "CONFIRMED"
        response["messageAction"] = "SUPPRESS"
        return event
    if source == "UserMigration_ForgotPassword":
        if row is None:
            raise MigrationRefused("Bad user")
        response["userAttributes"] = _attributes(row[0])
        response["messageAction"] = "SUPPRESS"
        return event
    raise MigrationRefused(f"Bad triggerSource {source}")
