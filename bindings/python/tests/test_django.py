"""The Django example site (examples/django_site) with a real Django and SQLite: users imported
with legacy hashes log in through django.contrib.auth.authenticate, and Django rehashes them."""

from __future__ import annotations

import json
import logging
import os
import sys

import pytest

from conftest import EXAMPLES

django = pytest.importorskip("django")

# Real vectors, one per format, valid ones: the user logs in with the vector's password.
FORMATS = ["md5_crypt", "phpass", "sha512_crypt", "bcrypt", "postgres_md5", "ldap_salted_sha1",
           "django_salted_sha1", "mysql41", "apr_md5_crypt"]


@pytest.fixture(scope="module")
def site(tmp_path_factory, known_answer):
    tmp = tmp_path_factory.mktemp("django")
    os.environ["DJANGO_SETTINGS_MODULE"] = "legacy_site.settings"
    os.environ["LEGACY_SITE_DB"] = str(tmp / "site.sqlite3")
    sys.path.insert(0, str(EXAMPLES / "django_site"))
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    users = {}
    chosen = {}
    for v in known_answer:
        fmt = v["format"]
        if fmt in FORMATS and fmt not in chosen and v["valid"] and "password" in v and v["password"]:
            if len(v["password"].encode()) > 72 or "\0" in v["password"]:
                continue
            chosen[fmt] = v
    assert set(chosen) == set(FORMATS), set(FORMATS) - set(chosen)
    export = tmp / "users.jsonl"
    with open(export, "w") as f:
        for fmt, v in chosen.items():
            name = v.get("username") or f"user_{fmt}"
            record = {"username": name, "hash": v["hash"], "format": fmt, "email": f"{fmt}@example.com"}
            for k in ("salt", "salt_encoding", "params"):
                if k in v:
                    record[k] = v[k]
            f.write(json.dumps(record) + "\n")
            users[name] = v
        # A row no one could log in with is refused at import, not stored.
        f.write(json.dumps({"username": "broken", "hash": "$1$"}) + "\n")
    call_command("import_legacy", str(export), verbosity=0)
    return users


def test_imported_users_log_in_and_are_rehashed(site):
    from django.contrib.auth import authenticate, get_user_model

    User = get_user_model()
    assert not User.objects.filter(username="broken").exists()
    for name, v in site.items():
        user = User.objects.get(username=name)
        assert user.password.startswith("hashbridge$"), user.password
        legacy = user.password
        # A wrong password fails and leaves the stored value alone.
        assert authenticate(username=name, password=v["password"] + "x") is None
        assert User.objects.get(username=name).password == legacy
        # The right one logs in, and Django stores a hash of its preferred hasher.
        logged_in = authenticate(username=name, password=v["password"])
        assert logged_in is not None and logged_in.username == name, (v["id"], legacy)
        stored = User.objects.get(username=name).password
        assert stored.startswith("pbkdf2_sha256$"), (v["id"], stored)
        assert authenticate(username=name, password=v["password"]) is not None
        assert authenticate(username=name, password=v["password"] + "x") is None


def test_hasher_surface(site, caplog):
    from django.contrib.auth.hashers import check_password, identify_hasher, make_password

    from hashbridge.django import HashbridgePasswordHasher, decode_stored, encode_imported

    value = encode_imported("$1$38652870$DUjsu4TTlTsOe/xxZ05uf/")
    assert value == "hashbridge$$1$38652870$DUjsu4TTlTsOe/xxZ05uf/"
    hasher = identify_hasher(value)
    assert isinstance(hasher, HashbridgePasswordHasher)
    assert hasher.must_update(value)
    summary = hasher.safe_summary(value)
    assert summary["algorithm"] == "hashbridge" and summary["scheme"] == "md5_crypt"
    assert "DUjsu4TT" not in summary["hash"]
    assert check_password("hashcat", value)
    # Context beside the hash travels as compact JSON; a hint the string does not need is
    # left out, one it needs is kept.
    pg = encode_imported("md5" + "a" * 32, username="alice", scheme="postgres_md5")
    assert pg == 'hashbridge${"hash":"md5' + "a" * 32 + '","username":"alice"}'
    assert decode_stored(pg) == {"hash": "md5" + "a" * 32, "username": "alice"}
    hexed = encode_imported("a" * 32, scheme="nthash")
    assert decode_stored(hexed) == {"hash": "a" * 32, "format": "nthash"}
    with pytest.raises(ValueError):
        encode_imported("{SSHA}" + "A" * 200)
    # A stored value that cannot be judged is a failed login, logged with its kind.
    with caplog.at_level(logging.WARNING, logger="hashbridge.django"):
        assert not hasher.verify("x", "hashbridge$$1$")
    assert "malformed" in caplog.text and "x" not in caplog.messages[-1].split(":")[0]
    # First in PASSWORD_HASHERS it writes the target hash and keeps it.
    encoded = make_password("new password", hasher="hashbridge")
    assert encoded.startswith("hashbridge$$argon2id$")
    assert hasher.verify("new password", encoded) and not hasher.must_update(encoded)
    hasher.harden_runtime("wrong", value)


def test_username_formats_are_those_whose_vectors_carry_one(known_answer):
    from hashbridge.django import USERNAME_FORMATS

    assert {v["format"] for v in known_answer if "username" in v} == set(USERNAME_FORMATS)
