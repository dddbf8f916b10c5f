"""``manage.py import_legacy FILE``: create users from JSON Lines records of the command
line's batch format (``username``, ``hash``, and ``salt``, ``salt_encoding``, ``params``,
``format`` where the format needs them; ``email`` optional), keeping each legacy hash as
``hashbridge$...`` so that the user logs in with the old password. The user name is stored
with the hash only for formats that mix it in (PostgreSQL md5, Oracle 10g, MS-Cache)."""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

import hashbridge
from hashbridge import HashbridgeError
from hashbridge.django import USERNAME_FORMATS, encode_imported


class Command(BaseCommand):
    help = "Import users with their legacy password hashes (JSON Lines)."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, path, **options):
        User = get_user_model()
        created, refused = 0, 0
        with open(path, encoding="utf-8") as f, transaction.atomic():
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                record = json.loads(line)
                context = dict(
                    salt=record.get("salt"),
                    salt_encoding=record.get("salt_encoding"),
                    params=record.get("params"),
                    scheme=record.get("format"),
                )
                try:
                    scheme = hashbridge.identify(record["hash"], scheme=context["scheme"])
                    if scheme in USERNAME_FORMATS:
                        context["username"] = record["username"]
                    value = encode_imported(record["hash"], **context)
                except (HashbridgeError, ValueError, KeyError) as e:
                    refused += 1
                    self.stderr.write(f"line {number}: not imported: {e}")
                    continue
                user = User(username=record["username"], email=record.get("email", ""))
                user.password = value
                user.save()
                created += 1
        if created == 0 and refused:
            raise CommandError("no user imported")
        self.stdout.write(f"imported {created} users, refused {refused}")
