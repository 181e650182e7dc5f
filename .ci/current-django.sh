#!/usr/bin/env bash
# Unpacks the current Django stack (Django 5.2 LTS, DRF 3.18, simplejwt 5.5.1, djoser 2.3 and their
# pure-Python dependencies) from Debian's `sid` suite into .ci/cache/current-django, without installing anything
# system-wide, and prints the folder to put on PYTHONPATH. PyPI is not reachable on CI machines;
# on a laptop, `pip install -r tests/django/requirements.txt` in a virtualenv does the same job.
set -euo pipefail
cd "$(dirname "$0")"

CACHE="$PWD/cache/current-django"
SITE="$CACHE/root/usr/lib/python3/dist-packages"
PACKAGES=(python3-django python3-djangorestframework python3-djangorestframework-simplejwt
  python3-asgiref python3-sqlparse python3-jwt python3-djoser python3-uritemplate python3-inflection)

if [[ -f "$CACHE/.done" ]]; then
  echo "$SITE"
  exit 0
fi

rm -rf "$CACHE"
mkdir -p "$CACHE"/{lists/partial,archives/partial,debs,root}
# The same archive the machine's sources name, suite sid; lists and cache kept private.
echo "deb http://deb.debian.org/debian sid main" >"$CACHE/sources.list"
APT=(-o "Dir::Etc::sourcelist=$CACHE/sources.list" -o "Dir::Etc::sourceparts=-"
  -o "Dir::State::Lists=$CACHE/lists" -o "Dir::Cache=$CACHE" -o "APT::Get::List-Cleanup=0")
apt-get "${APT[@]}" update -qq >&2
(cd "$CACHE/debs" && apt-get "${APT[@]}" download "${PACKAGES[@]}" >&2)
for deb in "$CACHE"/debs/*.deb; do dpkg -x "$deb" "$CACHE/root"; done

# Refuse a stack that is not the one the suites claim to test (Django 5.2 LTS, DRF >= 3.15,
# simplejwt 5.5.x), or that would not import on this Python, rather than fail later inside a test
# or silently test another stack. Once sid moves on, pin the suite to a snapshot
# (snapshot.debian.org) or a newer stable suite that still ships these versions.
if ! PYTHONPATH="$SITE" /usr/bin/python3 - >&2 <<'PY'; then
import sys
from importlib.metadata import version

try:
    import django, rest_framework, rest_framework_simplejwt, jwt
except Exception as error:  # an import error names the missing or incompatible package
    sys.exit(f"current stack does not import on {sys.executable}: {error}")

found = {
    "Django": django.get_version(),
    "DRF": rest_framework.VERSION,
    "simplejwt": version("djangorestframework_simplejwt"),
    "PyJWT": jwt.__version__,
}
print("current stack: " + ", ".join(f"{name} {v}" for name, v in found.items()))


def parts(text):
    return tuple(int(p) for p in text.split(".")[:2] if p.isdigit())


wrong = [
    f"{name} {found[name]} (expected {expected})"
    for name, expected, ok in (
        ("Django", "5.2.x", parts(found["Django"]) == (5, 2)),
        ("DRF", ">= 3.15", parts(found["DRF"]) >= (3, 15)),
        ("simplejwt", "5.5.x", parts(found["simplejwt"]) == (5, 5)),
    )
    if not ok
]
if wrong:
    sys.exit("Debian's sid no longer ships the current stack this suite tests: " + "; ".join(wrong))
PY
  rm -rf "$CACHE"
  exit 1
fi
touch "$CACHE/.done"
echo "$SITE"
