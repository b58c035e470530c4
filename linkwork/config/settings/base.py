"""Settings shared by every environment. Values come from environment variables with safe defaults."""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parents[3]
VAR_DIR = Path(os.environ.get("LINKWORK_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_trusted_proxies():
    """LINKWORK_TRUSTED_PROXIES: addresses or networks, comma-separated, or "none"; None when not set."""
    value = os.environ.get("LINKWORK_TRUSTED_PROXIES", "").strip()
    if not value:
        return None
    return [] if value.lower() == "none" else env_list("LINKWORK_TRUSTED_PROXIES")


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "linkwork.core",
    "linkwork.accounts",
    "linkwork.schemes",
    "linkwork.people",
    "linkwork.directory",
    "linkwork.referrals",
    "linkwork.interop",
    "linkwork.casework",
    "linkwork.outcomes",
    "linkwork.onward",
    "linkwork.reporting",
    "django_tasks",
    "django_tasks_db",
    "linkwork.messaging",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "linkwork.core.middleware.RequestIdMiddleware",
    "linkwork.core.middleware.ClientAddressMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "linkwork.accounts.middleware.CurrentMembershipMiddleware",
    "linkwork.core.middleware.NoStoreMiddleware",
    "linkwork.core.middleware.DeniedAccessAuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "linkwork.accounts.sessions.SessionTimeoutMiddleware",
    "linkwork.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the locked-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "linkwork.config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "linkwork.config.jinja2.environment",
            "autoescape": True,
            "context_processors": [
                "linkwork.core.context_processors.csp_nonce",
                "linkwork.config.navigation.context",
            ],
        },
    },
    {
        # Kept for the Django admin, which ships Django templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "linkwork.config.wsgi.application"


def database_from_env(name, default=None):
    database = dj_database_url.config(
        env=name,
        default=default,
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # WAL and a busy timeout let the web server and a worker share the file safely.
        database["OPTIONS"] = {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    return database


DATABASES = {"default": database_from_env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'linkwork.sqlite3'}")}
# Reports and dashboards read from this alias (a read replica when one is configured); writes,
# the audit events of those reads among them, always go to the primary.
if os.environ.get("LINKWORK_REPORTING_DATABASE_URL"):
    DATABASES["reporting"] = database_from_env("LINKWORK_REPORTING_DATABASE_URL")
    LINKWORK_REPORTING_DATABASE = "reporting"
else:
    LINKWORK_REPORTING_DATABASE = "default"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The reverse proxies in front, whose X-Forwarded-For is believed: sign-in lock-out, rate limits and the
# audit trail all take the client's address from linkwork.core.client_address. Not set means none here;
# production refuses to start until it is said (linkwork.core.checks).
LINKWORK_TRUSTED_PROXIES = env_trusted_proxies()
# Production settings turn this on: start-up then fails on a missing proxy list or an unshared cache.
LINKWORK_PRODUCTION = False

# Rate limits and other shared counters need one cache for every web process: Redis in production.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
# django-axes checks for a lock-out before any password is tried.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Enforced by linkwork.accounts.sessions: signed out after this long idle, and this long after sign-in.
LINKWORK_SESSION_IDLE_SECONDS = 30 * 60
LINKWORK_SESSION_ABSOLUTE_SECONDS = SESSION_COOKIE_AGE

# Lock-out (django-axes): 10 failed sign-ins for one username, or from one address, lock it for 5
# minutes; a success clears the count. Axes applies one limit to every parameter (see docs/security.md).
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = datetime.timedelta(minutes=5)
AXES_USE_ATTEMPT_EXPIRATION = True
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "linkwork.accounts.lockout.locked_out"
AXES_SENSITIVE_PARAMETERS = ["username", "password"]
AXES_CLIENT_IP_CALLABLE = "linkwork.core.client_address.client_address"

# Second factor (django-otp): wrong codes slow the next try down (1 s, 2 s, 4 s ... per device).
OTP_TOTP_ISSUER = "Linkwork"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# Local demo only: show the current second-factor code on the code page (a system check refuses it
# unless DEBUG is on).
LINKWORK_DEMO_SHOW_CODE = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# The NHS.UK stylesheet refers to /assets/images/..., so static files live under /assets/.
STATIC_URL = "/assets/"
STATIC_ROOT = VAR_DIR / "static"
FRONTEND_DIR = VAR_DIR / "frontend"
STATICFILES_DIRS = [FRONTEND_DIR]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# No request ever leaves for another host: everything is served from 'self'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LINKWORK_SERVICE_NAME = "Linkwork"
# Keys the pseudonyms of evaluators' record-level extracts; empty derives one from SECRET_KEY.
LINKWORK_PSEUDONYM_SECRET = os.environ.get("LINKWORK_PSEUDONYM_SECRET", "")

# The address people use to reach Linkwork, for links in messages (no trailing slash).
LINKWORK_BASE_URL = os.environ.get("LINKWORK_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Postcode district centres for distances (ADR 0018): empty means the approximate table Linkwork ships for
# its demo areas; a deployment builds its own with `manage.py build_postcode_districts`.
LINKWORK_POSTCODE_DISTRICTS = os.environ.get("LINKWORK_POSTCODE_DISTRICTS", "")

# Background tasks (outbox delivery) are stored in the database and run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Messaging (docs/messaging.md). Email goes through Django's email backend (SMTP in production).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Linkwork <no-reply@linkwork.invalid>")
# "django" sends email through EMAIL_BACKEND; "notify" sends it through GOV.UK Notify.
MESSAGING_EMAIL_PROVIDER = os.environ.get("MESSAGING_EMAIL_PROVIDER", "django")
# Texts go through GOV.UK Notify; "console" (local settings only) prints them instead.
MESSAGING_SMS_PROVIDER = os.environ.get("MESSAGING_SMS_PROVIDER", "notify")
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
NOTIFY_BASE_URL = os.environ.get("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
NOTIFY_TIMEOUT = int(os.environ.get("NOTIFY_TIMEOUT", "20"))
# Notify template id per channel and message kind; "default" is a template with ((subject)) and ((body)).
NOTIFY_TEMPLATES = {
    "email": {"default": os.environ.get("NOTIFY_EMAIL_TEMPLATE_ID", "")},
    "sms": {"default": os.environ.get("NOTIFY_SMS_TEMPLATE_ID", "")},
}
MESSAGING_MAX_ATTEMPTS = int(os.environ.get("MESSAGING_MAX_ATTEMPTS", "5"))
MESSAGING_RETRY_BASE_SECONDS = int(os.environ.get("MESSAGING_RETRY_BASE_SECONDS", "60"))
MESSAGING_RETRY_MAX_SECONDS = int(os.environ.get("MESSAGING_RETRY_MAX_SECONDS", str(6 * 60 * 60)))
# A row still "sending" this long after a worker claimed it is marked "uncertain", never re-sent.
MESSAGING_SENDING_LEASE_SECONDS = int(os.environ.get("MESSAGING_SENDING_LEASE_SECONDS", "900"))
# A row waiting this long past its due time has lost its task: the sweep queues it again.
MESSAGING_LOST_TASK_SECONDS = int(os.environ.get("MESSAGING_LOST_TASK_SECONDS", "600"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
