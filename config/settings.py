"""Mahalla settings: one module, everything from the environment, safe development defaults.

With DEBUG off the process refuses to start without a real SECRET_KEY and the
personal-data key, and turns on secure cookies, HSTS and the other security headers.
"""

import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env, envbool, envint, envlist, envsecret

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env("MAHALLA_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = envbool("DEBUG", True)
TESTING = envbool("MAHALLA_TESTING", "pytest" in sys.modules)

_DEV_SECRET = "dev-only-insecure-secret-key-change-me-0123456789abcdefghijklmnop"  # noqa: S105
SECRET_KEY = envsecret("SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

# Key for personal identifiers at rest (PINFL, passport, phone): Fernet keys, newest first,
# so that an old key can still decrypt during rotation.
_DEV_PD_KEY = "bWFoYWxsYS1kZXZlbG9wbWVudC1vbmx5LWtleS0wMDA="
PERSONAL_DATA_KEYS = envlist("PERSONAL_DATA_KEYS", _DEV_PD_KEY if DEBUG else "")
if not PERSONAL_DATA_KEYS:
    raise ImproperlyConfigured("PERSONAL_DATA_KEYS must be set when DEBUG is off.")
# Key of the keyed hashes that serve look-ups of encrypted identifiers (mahalla.core.crypto);
# empty: derived from SECRET_KEY. Independent of PERSONAL_DATA_KEYS, so rotation keeps hashes.
PERSONAL_DATA_LOOKUP_KEY = envsecret("PERSONAL_DATA_LOOKUP_KEY")
# User.phone is encrypted: its uniqueness is enforced on User.phone_hash instead.
SILENCED_SYSTEM_CHECKS = ["auth.E003"]

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "mahalla.core",
    "mahalla.notify",
    "mahalla.appeals",
    "mahalla.ledger",
    "mahalla.triage",
    "mahalla.integrations",
    "mahalla.webhooks",
    "mahalla.documents",
    "mahalla.documents.issuing",
    "mahalla.documents.exchange",
    "mahalla.ops",
    "mahalla.analytics",
    "mahalla.participation",
    "mahalla.participation.community",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Turns a blocked rate limit into the translated 429 page (RATELIMIT_VIEW).
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, so it sees a view's exception first: an unreachable database answers 503.
    "mahalla.ops.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mahalla.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'mahalla.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and the task worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:profile"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# A database cache is shared by every web and worker process (rate limits need that).
CACHES = {
    "default": {
        "BACKEND": env("CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
        "LOCATION": env("CACHE_LOCATION", "mahalla_cache"),
    }
}

TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Languages: Uzbek Latin is the default; Cyrillic Uzbek lives in locale/uz_Cyrl.
LANGUAGE_CODE = "uz"
LANGUAGES = [
    ("uz", "Oʻzbekcha"),
    ("uz-cyrl", "Ўзбекча"),
    ("ru", "Русский"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["mahalla.formats"]
TIME_ZONE = "Asia/Tashkent"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "mahalla_language"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
# Any multipart request larger than this is refused (400) before it is spooled to disk;
# each form still checks its own files (mahalla/core/uploads.py). 10 files of 10 MB fit.
UPLOAD_MAX_REQUEST_BYTES = envint("UPLOAD_MAX_REQUEST_BYTES", 110 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "mahalla.core.uploads.RequestSizeLimit",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "noreply@mahalla.local")

# One-time codes for phone confirmation.
OTP_TTL_SECONDS = envint("OTP_TTL_SECONDS", 300)
OTP_MAX_ATTEMPTS = envint("OTP_MAX_ATTEMPTS", 5)
OTP_MAX_SENDS_PER_HOUR = envint("OTP_MAX_SENDS_PER_HOUR", 5)
# Rate limits for the web forms (django-ratelimit syntax).
LOGIN_RATE = env("LOGIN_RATE", "10/m")
OTP_RATE = env("OTP_RATE", "10/m")
SIGNUP_RATE = env("SIGNUP_RATE", "20/h")
APPEAL_SUBMIT_RATE = env("APPEAL_SUBMIT_RATE", "30/h")
RATELIMIT_ENABLE = envbool("RATELIMIT_ENABLE", True)
RATELIMIT_VIEW = "mahalla.core.views.ratelimited"

# OpenID Connect login (the national OneID through an OIDC bridge); off unless configured.
OIDC_ENABLED = envbool("OIDC_ENABLED", False)
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("mahalla.core.oidc.MahallaOIDCBackend")
    OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = envsecret("OIDC_RP_CLIENT_SECRET")
    OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT")
    OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", "openid profile phone")
    OIDC_PINFL_CLAIM = env("OIDC_PINFL_CLAIM", "pin")
    OIDC_PHONE_CLAIM = env("OIDC_PHONE_CLAIM", "phone_number")

# Map tiles for Leaflet, e.g. a tile server run by the operator: https://tiles.example.uz/{z}/{x}/{y}.png
# Empty (the default) keeps every page self-contained: maps fall back to their list views.
MAP_TILE_URL = env("MAP_TILE_URL")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")


def _origin(url: str) -> list[str]:
    from urllib.parse import urlsplit

    parts = urlsplit(url.replace("{s}", "*"))
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []


# Security headers. CSP allows only our own origin: no inline scripts, no outside assets.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"] + _origin(MAP_TILE_URL) + envlist("CSP_IMG_EXTRA"),
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"] + envlist("CSP_FORM_ACTION_EXTRA"),
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # One process runs the tests: a local-memory cache is enough and needs no table.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
    SILENCED_SYSTEM_CHECKS.append("auth.E003")  # as above: User.phone is encrypted

# Transparency ledger: the log's name (origin line of checkpoints) and its Ed25519 signing key
# in the signed-note form "PRIVATE+KEY+<name>+<keyid>+<base64>"; in development a key is
# generated under var/ when missing.
LEDGER_ORIGIN = env("LEDGER_ORIGIN", "mahalla.local/ledger")
LEDGER_SIGNING_KEY = envsecret("LEDGER_SIGNING_KEY")
LEDGER_KEY_FILE = VAR_DIR / "ledger-signing.key"
LEDGER_CHECKPOINT_SECONDS = envint("LEDGER_CHECKPOINT_SECONDS", 60)

MAHALLA = {
    "PHONE_REGION": "UZ",
    "DEMO_PASSWORD": env("DEMO_PASSWORD", "mahalla-demo-2026"),
}

# AI triage: a suggested category is used for an appeal filed as "other" (or without one)
# only at or above this calibrated confidence; below it a person chooses. Models trained
# here go to var/triage/ (the newest wins); the repository ships a default one.
TRIAGE_ENABLED = envbool("TRIAGE_ENABLED", True)
TRIAGE_CONFIDENCE_THRESHOLD = float(env("TRIAGE_CONFIDENCE_THRESHOLD", "0.6"))
TRIAGE_DUPLICATE_THRESHOLD = float(env("TRIAGE_DUPLICATE_THRESHOLD", "0.5"))
TRIAGE_MODEL_DIR = Path(env("TRIAGE_MODEL_DIR", str(VAR_DIR / "triage")))
TRIAGE_MODEL_PATH = env("TRIAGE_MODEL_PATH", "")
# How often the scheduler retrains from staff corrections (only if they changed); 0: never.
TRIAGE_RETRAIN_SECONDS = envint("TRIAGE_RETRAIN_SECONDS", 7 * 24 * 3600)

# Integrations. Open311 GeoReport v2 answers for one jurisdiction (jurisdiction_id may be
# omitted or must equal this). Integration keys (X-API-Key) are rate-limited per key; a key's
# own limit wins over the default.
OPEN311_JURISDICTION_ID = env("OPEN311_JURISDICTION_ID", "uz")
OPEN311_CONTACT = env("OPEN311_CONTACT", "open311@mahalla.local")
# Photos named by media_url are fetched by a task; hosts on private or loopback addresses are
# refused unless allowed here (tests, closed networks).
OPEN311_MEDIA_ALLOW_PRIVATE = envbool("OPEN311_MEDIA_ALLOW_PRIVATE", False)
OPEN311_MEDIA_MAX_BYTES = envint("OPEN311_MEDIA_MAX_BYTES", 10 * 1024 * 1024)
API_KEY_DEFAULT_RATE = env("API_KEY_DEFAULT_RATE", "600/m")
# Outbound webhooks: request timeout, attempts before a delivery is marked failed, and the
# first retry delay (doubled each time). Receivers on private addresses need the allow flag.
WEBHOOK_TIMEOUT_SECONDS = float(env("WEBHOOK_TIMEOUT_SECONDS", "10"))
WEBHOOK_MAX_ATTEMPTS = envint("WEBHOOK_MAX_ATTEMPTS", 8)
WEBHOOK_RETRY_BASE_SECONDS = envint("WEBHOOK_RETRY_BASE_SECONDS", 30)
WEBHOOK_ALLOW_PRIVATE = envbool("WEBHOOK_ALLOW_PRIVATE", DEBUG)
# Failed background tasks: attempts in all, and the first wait before a retry (doubled each
# time, at most TASK_RETRY_MAX_SECONDS); see mahalla.ops.retries. Stored answers to requests
# with an Idempotency-Key are kept this long (mahalla.ops.idempotency).
TASK_MAX_ATTEMPTS = envint("TASK_MAX_ATTEMPTS", 5)
TASK_RETRY_BASE_SECONDS = envint("TASK_RETRY_BASE_SECONDS", 30)
TASK_RETRY_MAX_SECONDS = envint("TASK_RETRY_MAX_SECONDS", 3600)
IDEMPOTENCY_KEY_TTL_SECONDS = envint("IDEMPOTENCY_KEY_TTL_SECONDS", 24 * 3600)
# External registries (person look-up by PINFL and the like): dotted path of the adapter;
# made-up people in development, the HTTPS adapter (REGISTRY_PERSON_*) otherwise.
REGISTRY_PERSON_ADAPTER = env(
    "REGISTRY_PERSON_ADAPTER",
    "mahalla.integrations.registries.fake.FakePersonRegistry" if DEBUG or TESTING
    else "mahalla.integrations.registries.http.HttpPersonRegistry")
REGISTRY_PERSON_URL = env("REGISTRY_PERSON_URL", "")
REGISTRY_PERSON_TOKEN = envsecret("REGISTRY_PERSON_TOKEN")
REGISTRY_PERSON_CERT = env("REGISTRY_PERSON_CERT", "")
REGISTRY_PERSON_KEY = env("REGISTRY_PERSON_KEY", "")
REGISTRY_PERSON_CA = env("REGISTRY_PERSON_CA", "")
REGISTRY_PERSON_TIMEOUT = float(env("REGISTRY_PERSON_TIMEOUT", "10"))

# E-documents: the issuing body's signing key and certificate (PKCS#12) and its password; in
# development a CA and a signer are generated under var/documents/ when these are empty.
DOCUMENT_SIGNER = env("DOCUMENT_SIGNER", "mahalla.documents.issuing.signers.Pkcs12Signer")
DOCUMENT_SIGNING_PKCS12 = env("DOCUMENT_SIGNING_PKCS12", "")
DOCUMENT_SIGNING_PASSWORD = envsecret("DOCUMENT_SIGNING_PASSWORD")
DOCUMENT_DEV_PKI_DIR = VAR_DIR / "documents" / "pki"
# PEM bundle of the CA roots trusted when verifying uploaded documents (production: the
# national PKI's roots); empty: the development CA, or the chain inside the PKCS#12 file.
DOCUMENT_TRUST_ROOTS = env("DOCUMENT_TRUST_ROOTS", "")
DOCUMENT_VERIFY_RATE = env("DOCUMENT_VERIFY_RATE", "300/h")
DOCUMENT_UPLOAD_RATE = env("DOCUMENT_UPLOAD_RATE", "60/h")

# Participation (petitions, votes) and community (discussions, reception, ratings). Petition
# thresholds as "mahalla:50,district:500,region:2000" (a level left out keeps its default).
PETITION_THRESHOLDS = {
    level.strip(): int(count)
    for level, _, count in (item.partition(":") for item in envlist("PETITION_THRESHOLDS"))
    if count.strip()
}
PETITION_SIGNING_DAYS = envint("PETITION_SIGNING_DAYS", 60)
PETITION_ANSWER_DAYS = envint("PETITION_ANSWER_DAYS", 30)
VOTING_MIN_AGE = envint("VOTING_MIN_AGE", 18)
RATINGS_MIN_COUNT = envint("RATINGS_MIN_COUNT", 5)
RECEPTION_REMIND_MINUTES = envint("RECEPTION_REMIND_MINUTES", 24 * 60)
COMMUNITY_COMMENTS_PER_10_MINUTES = envint("COMMUNITY_COMMENTS_PER_10_MINUTES", 10)
COMMUNITY_TOPICS_PER_DAY = envint("COMMUNITY_TOPICS_PER_DAY", 3)
