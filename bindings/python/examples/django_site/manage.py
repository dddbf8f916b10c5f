#!/usr/bin/env python
"""A minimal Django site whose users were imported from a legacy system with their hashes.

    python manage.py migrate
    python manage.py import_legacy users.jsonl      # records: username, hash (+ salt, ...)
    # then users log in with their old passwords; Django rehashes each on its first login.
"""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "legacy_site.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
