#!/usr/bin/env python3
"""Runs the app's tests with Django's test runner: `python3 runtests.py [labels] [-v 2]`."""
import os
import sys

import django
from django.conf import settings
from django.test.utils import get_runner

if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    django.setup()
    args = [a for a in sys.argv[1:] if not a.startswith("-v")]
    verbosity = 2 if "-v" in " ".join(sys.argv[1:]) else 1
    runner = get_runner(settings)(verbosity=verbosity, interactive=False)
    sys.exit(bool(runner.run_tests(args or ["tests"])))
