"""Settings for the Django API the template's demo and tests run against.

Every knob comes from the environment so that tests can shorten token lifetimes
without editing files. Not a production configuration.
"""
import importlib.util
import os
import sys
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def env_int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY", "dev-only-insecure-secret-key-change-me-0123456789abcdef"
)
DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

# Test-only instrumentation (refresh counters, fault injection, /api/_test/ routes,
# per-user login lifetimes). Off unless DJANGO_TEST_MODE=1: then it is not even loaded.
TEST_MODE = os.environ.get("DJANGO_TEST_MODE", "0") == "1"

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "api",
]

# Misconfigured variants for `npm run doctor`'s tests (tests/e2e/doctor/). Unset, nothing changes.
# DJANGO_BLACKLIST_APP=0 leaves token_blacklist out: BLACKLIST_AFTER_ROTATION then does nothing.
if os.environ.get("DJANGO_BLACKLIST_APP", "1") == "0":
    INSTALLED_APPS.remove("rest_framework_simplejwt.token_blacklist")
# DJANGO_EMAIL_USERS=1 swaps in a user model whose USERNAME_FIELD is "email" (use its own DB).
if os.environ.get("DJANGO_EMAIL_USERS", "0") == "1":
    INSTALLED_APPS.append("email_users")
    AUTH_USER_MODEL = "email_users.User"
# DJANGO_REFRESH_ROUTE (e.g. auth/refresh/) and DJANGO_REFRESH_THROTTLE_RATE (e.g. 2/min) are
# read in config/urls.py.
REFRESH_ROUTE = os.environ.get("DJANGO_REFRESH_ROUTE", "").strip()

# DJANGO_ROTATION_APP=1 adds the optional companion app from this repository (not pip-installed
# here): its refresh view replaces simplejwt's, and token/logout-all/ appears (config/urls.py).
ROTATION_APP = os.environ.get("DJANGO_ROTATION_APP", "0") == "1"
if ROTATION_APP:
    sys.path.insert(0, str(BASE_DIR.parent.parent / "django" / "simplejwt-rotation"))
    INSTALLED_APPS.append("simplejwt_rotation")
    SIMPLE_JWT_ROTATION = {"OVERLAP_SECONDS": env_int("DJANGO_ROTATION_OVERLAP_S", 15)}
REFRESH_THROTTLE_RATE = os.environ.get("DJANGO_REFRESH_THROTTLE_RATE", "").strip()

# The auth libraries' views beside simplejwt's, for the auth-shape specs (tests/e2e/shapes/):
# djoser where it is installed (Debian's python3-djoser; CI installs it), its JWT views at
# auth/jwt/create/ and auth/jwt/refresh/ and the profile at auth/users/me/ (without it those specs
# are skipped); and dj-rest-auth's under dj-rest-auth/ (api/rest_auth.py follows its code: it has
# no Debian package), with the refresh token in an HttpOnly cookie, as its defaults have it.
# DJANGO_AUTH_LIBRARIES=0 leaves both out (a doctor test's API that has only the paths it names).
AUTH_LIBRARIES = os.environ.get("DJANGO_AUTH_LIBRARIES", "1") != "0"
DJOSER_INSTALLED = AUTH_LIBRARIES and importlib.util.find_spec("djoser") is not None
if DJOSER_INSTALLED:
    INSTALLED_APPS.append("djoser")
REST_AUTH = {
    "USE_JWT": True,
    "JWT_AUTH_HTTPONLY": True,
    "JWT_AUTH_REFRESH_COOKIE": "my-refresh-token",
}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]

if TEST_MODE:
    # Hundreds of test users sign in: one MD5 round instead of PBKDF2's 260k (Django 3.2) or 1M
    # (5.2) iterations. The demo (`npm run demo`) and the doctor's Djangos keep Django's default.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    INSTALLED_APPS.append("test_support")
    # Last, so it wraps only the view: it sees the refresh exactly as simplejwt does.
    MIDDLEWARE.append("test_support.middleware.RefreshObserverMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        # A relative path is resolved against the working directory.
        "NAME": Path(os.environ.get("DJANGO_DB_PATH") or BASE_DIR / "db.sqlite3").resolve(),
        # Concurrent refreshes all write the blacklist: wait for the lock instead of failing.
        "OPTIONS": {"timeout": 20},
    }
}
if os.environ.get("DJANGO_DB_HOST"):
    # PostgreSQL, as production runs (npm run bench -- --load): python3-psycopg2.
    DATABASES["default"] = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("DJANGO_DB_NAME", "api"),
        "USER": os.environ.get("DJANGO_DB_USER", "postgres"),
        "HOST": os.environ["DJANGO_DB_HOST"],
        "PORT": os.environ.get("DJANGO_DB_PORT", "5432"),
        "CONN_MAX_AGE": 60,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en-us"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
if REFRESH_THROTTLE_RATE:
    REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"refresh": REFRESH_THROTTLE_RATE}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(seconds=env_int("DJANGO_ACCESS_TOKEN_LIFETIME_S", 300)),
    "REFRESH_TOKEN_LIFETIME": timedelta(seconds=env_int("DJANGO_REFRESH_TOKEN_LIFETIME_S", 86400)),
    # The configuration whose races the front end must survive.
    "ROTATE_REFRESH_TOKENS": os.environ.get("DJANGO_ROTATE_REFRESH_TOKENS", "1") != "0",
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": os.environ.get("DJANGO_UPDATE_LAST_LOGIN", "0") == "1",
    # simplejwt 5.3+ (older versions ignore it): tokens carry a hash of the password, and a
    # password change makes Django refuse them with the code `password_changed`.
    "CHECK_REVOKE_TOKEN": os.environ.get("DJANGO_CHECK_REVOKE_TOKEN", "0") == "1",
}

if TEST_MODE:
    SIMPLE_JWT["TOKEN_OBTAIN_SERIALIZER"] = (
        "test_support.tokens.LifetimeOverrideTokenObtainPairSerializer"
    )
