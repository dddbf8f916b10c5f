"""The examples run: the Flask login route against SQLite, the Cognito migrate-user trigger
with the events Cognito sends."""

from __future__ import annotations

import copy
import importlib.util
import json
import sqlite3
import threading

import pytest

import hashbridge
from conftest import EXAMPLES, context, password


def _load(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _legacy_users(known_answer, formats):
    """One valid vector per format, with a password (the user's) and its context."""
    chosen = {}
    for v in known_answer:
        if v["format"] in formats and v["format"] not in chosen and v["valid"] and "password" in v:
            if not v["password"] or "username" in v or "params" in v:
                continue
            chosen[v["format"]] = v
    assert set(chosen) == set(formats), set(formats) - set(chosen)
    return chosen


FLASK_FORMATS = ["md5_crypt", "sha512_crypt", "phpass", "bcrypt", "ldap_salted_sha1",
                 "aspnet_membership_sha1", "mybb", "django_pbkdf2_sha256", "mysql41", "nthash"]


@pytest.fixture
def flask_app(tmp_path, known_answer):
    pytest.importorskip("flask")
    flask_login = _load("flask_login")
    db = tmp_path / "users.sqlite3"
    app = flask_login.create_app(str(db), hashbridge.Migrator(m_cost=8192, t_cost=1))
    users = _legacy_users(known_answer, FLASK_FORMATS)
    with sqlite3.connect(db) as conn:
        for fmt, v in users.items():
            conn.execute(
                "INSERT INTO users VALUES (?, ?, ?, ?, ?)",
                (fmt, v["hash"], v.get("salt"), v.get("salt_encoding"), fmt),
            )
        conn.execute("INSERT INTO users VALUES ('broken', '$1$', NULL, NULL, NULL)")
    return app, db, users


def _stored(db, name):
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT password_hash, salt, scheme FROM users WHERE username = ?", (name,)).fetchone()


def test_flask_login_migrates_on_first_login(flask_app):
    app, db, users = flask_app
    client = app.test_client()
    for name, v in users.items():
        legacy = _stored(db, name)
        r = client.post("/login", json={"username": name, "password": v["password"] + "!"})
        assert r.status_code == 401 and _stored(db, name) == legacy
        r = client.post("/login", json={"username": name, "password": v["password"]})
        assert r.status_code == 200, (v["id"], r.json)
        assert r.json == {"ok": True, "scheme": name, "upgraded": True}
        new_hash, salt, scheme = _stored(db, name)
        assert new_hash.startswith("$argon2id$v=19$m=8192,t=1,p=1$") and salt is None and scheme is None
        # The next login reads the argon2id hash and leaves it.
        r = client.post("/login", json={"username": name, "password": v["password"]})
        assert r.json == {"ok": True, "scheme": "argon2", "upgraded": False}
        assert _stored(db, name)[0] == new_hash
    assert client.post("/login", json={"username": "nobody", "password": "x"}).status_code == 401
    assert client.post("/login", json={"username": "broken", "password": "x"}).status_code == 401
    assert client.post("/login", json={"username": "x"}).status_code == 400


def test_flask_concurrent_first_logins_upgrade_once(flask_app):
    app, db, users = flask_app
    v = users["md5_crypt"]
    answers = []

    def login():
        answers.append(app.test_client().post("/login", json={"username": "md5_crypt", "password": v["password"]}).json)

    threads = [threading.Thread(target=login) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(a["ok"] for a in answers)
    # Exactly one login found the legacy hash; the others already read the upgrade.
    assert sorted(a["upgraded"] for a in answers) == [False, False, False, True]
    assert _stored(db, "md5_crypt")[0].startswith("$argon2id$")


# The event Cognito sends the trigger, as the Developer Guide documents it: the common
# parameters and the migrate-user request (userName, request.password, validationData,
# clientMetadata) with an empty response to fill.
COGNITO_EVENT = json.loads(
    """
{
  "version": "1",
  "triggerSource": "UserMigration_Authentication",
  "region": "eu-west-1",
  "userPoolId": "eu-west-1_EXAMPLE1",
  "userName": "",
  "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "3n4example5clientid6"},
  "request": {"password": "", "validationData": null, "clientMetadata": null},
  "response": {
    "userAttributes": null,
    "finalUserStatus": null,
    "messageAction": null,
    "desiredDeliveryMediums": null,
    "forceAliasCreation": null,
    "enableSMSMFA": null
  }
}
"""
)


@pytest.fixture
def cognito(tmp_path, known_answer, monkeypatch):
    db = tmp_path / "legacy.sqlite3"
    users = _legacy_users(known_answer, ["md5_crypt", "bcrypt", "aspnet_membership_sha256", "phpass"])
    with sqlite3.connect(db) as conn:
        conn.execute(
            "CREATE TABLE users (username TEXT PRIMARY KEY, email TEXT, password_hash TEXT,"
            " salt TEXT, salt_encoding TEXT, scheme TEXT)"
        )
        for fmt, v in users.items():
            conn.execute(
                "INSERT INTO users VALUES (?, ?, ?, ?, ?, ?)",
                (f"{fmt}-user", f"{fmt}@example.com", v["hash"], v.get("salt"), v.get("salt_encoding"), fmt),
            )
    monkeypatch.setenv("LEGACY_USERS_DB", str(db))
    return _load("cognito_migrate_user"), users


def _event(source, user, password=None):
    e = copy.deepcopy(COGNITO_EVENT)
    e["triggerSource"] = source
    e["userName"] = user
    if password is None:
        del e["request"]["password"]  # not sent in the forgot-password flow
    else:
        e["request"]["password"] = password
    return e


def test_cognito_signs_in_migrated_users(cognito):
    module, users = cognito
    for fmt, v in users.items():
        out = module.handler(_event("UserMigration_Authentication", f"{fmt}-user", v["password"]), None)
        assert out["response"]["userAttributes"] == {"email": f"{fmt}@example.com", "email_verified": "true"}
        assert out["response"]["finalUserStatus"] == "CONFIRMED"
        assert out["response"]["messageAction"] == "SUPPRESS"
        assert out["userName"] == f"{fmt}-user" and out["callerContext"] == COGNITO_EVENT["callerContext"]
        json.dumps(out)  # what Lambda serialises back to Cognito
        with pytest.raises(module.MigrationRefused, match="Bad password"):
            module.handler(_event("UserMigration_Authentication", f"{fmt}-user", v["password"] + "x"), None)


def test_cognito_refuses_unknown_users_and_answers_forgot_password(cognito):
    module, users = cognito
    with pytest.raises(module.MigrationRefused, match="Bad password"):
        module.handler(_event("UserMigration_Authentication", "nobody", "pw"), None)
    out = module.handler(_event("UserMigration_ForgotPassword", "md5_crypt-user"), None)
    assert out["response"]["userAttributes"]["email"] == "md5_crypt@example.com"
    assert out["response"]["messageAction"] == "SUPPRESS"
    assert out["response"]["finalUserStatus"] is None
    with pytest.raises(module.MigrationRefused, match="Bad user"):
        module.handler(_event("UserMigration_ForgotPassword", "nobody"), None)
    with pytest.raises(module.MigrationRefused, match="Bad triggerSource"):
        module.handler(_event("PreSignUp_SignUp", "md5_crypt-user", "x"), None)
