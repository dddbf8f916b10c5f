"""Settings: Django's own hashers first (the preferred one rehashes on login), hashbridge's
last, for the imported legacy credentials."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "example-only-not-a-secret")
DEBUG = False
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "legacy_site",
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("LEGACY_SITE_DB", str(BASE_DIR / "db.sqlite3")),
    }
}

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "hashbridge.django.HashbridgePasswordHasher",
]

# The hashbridge.Migrator the hasher uses (its limits, schemes, target); defaults otherwise.
HASHBRIDGE_MIGRATOR = {"limits": {"max_work": 32_000_000}}

USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGGING = {
    "version": 1,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"hashbridge.django": {"handlers": ["console"], "level": "WARNING"}},
}
