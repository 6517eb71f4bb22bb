"""DevZone settings, read from the environment.

DATABASE_URL (PostgreSQL via psycopg2; a SQLite file when unset), SECRET_KEY, DEBUG,
ALLOWED_HOSTS. Everything the browser loads is served from our own static files: zone
offices sit on intranets without internet access.
"""

import hashlib
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG")
# The fallback is for development and tests; `check --deploy` flags it in production.
SECRET_KEY = os.environ.get("SECRET_KEY") or "django-insecure-devzone-development-only"
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "devzone.apps.DevZoneAdminConfig",  # django.contrib.admin with the site of devzone/admin.py
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "import_export",
    "template_partials",
    "csp",
    "core",
    "zones",
    "audit",
    "indicators",
    "projects",
    "grading",
    "dashboard",
    "reports",
    "dataio",
    "deadlines",
    "notifications",
    "jobs",
    "demo",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # The API sits on top of every app (it imports them all; none imports it).
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.PrivateNoStoreMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages (it tells why the user was logged out), before LoginRequired's check.
    "core.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]
# A lost database connection met anywhere in a request answers 503: devzone.urls.handler500.

ROOT_URLCONF = "devzone.urls"
WSGI_APPLICATION = "devzone.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        # A kept connection the server has closed (restart, failover, idle timeout) is replaced
        # at the start of the next request instead of failing it.
        conn_health_checks=env_bool("CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite: take the write lock at BEGIN so concurrent saves queue instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _code_release() -> str:
    """A digest of the code and templates: cached page parts are keyed under it, so parts
    rendered by one release are never served by the next, on any server sharing the cache."""
    digest = hashlib.sha256()
    code = [p for p in BASE_DIR.iterdir() if (p / "__init__.py").exists() or p.name in {"templates", "locale"}]
    for folder in sorted(code):
        for path in sorted(folder.rglob("*")):
            if path.suffix in {".py", ".html", ".mo"}:
                digest.update(str(path.relative_to(BASE_DIR)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# Computed page parts (core.cache), login rate limits and throttles live in the default cache:
# Redis when REDIS_URL is set, shared by every worker and app server; else this process's memory.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            # A Redis that stops answering fails a cache call within half a second, not never.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CACHES["default"]["KEY_PREFIX"] = os.environ.get("DEVZONE_RELEASE") or _code_release()
# This process's own memory: where the API's throttle counts while the shared cache is away.
CACHES["process"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "process"}
# Password guesses allowed per (username, address), and per address whatever the names (an
# office behind one NAT address shares it), within the window (core/login.py).
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
LOGIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("LOGIN_FAILURE_WINDOW_SECONDS", str(15 * 60)))
# Behind nginx every request comes from 127.0.0.1; name the header nginx sets to the real client
# address (e.g. HTTP_X_REAL_IP). Leave unset when clients connect directly: the header is forgeable.
LOGIN_CLIENT_IP_HEADER = os.environ.get("LOGIN_CLIENT_IP_HEADER", "")

AUTH_USER_MODEL = "zones.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"

# Uploaded spreadsheets are read in memory; bound what one request may carry.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", 10 * 1024 * 1024))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", 200_000))
# A previewed upload waits this long for its confirm (manage.py clear_expired_uploads removes it after).
IMPORT_PENDING_HOURS = int(os.environ.get("IMPORT_PENDING_HOURS", 24))
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES + 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# Freezes "today" (ISO date) for demonstrations and browser tests (core/clock.py); unset in production.
DEVZONE_TODAY = os.environ.get("DEVZONE_TODAY", "")

# The job queue (devzone/celery.py). Without REDIS_URL jobs run inline, in the request that starts them.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_IGNORE_RESULT = True  # a job's outcome is its Job row (jobs.models)
# A job's message is acknowledged when it ends: a worker killed mid-job leaves it to the next worker,
# which finds the job marked running by the dead one and fails it (jobs.runner.execute).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # Reminders each working morning, before the office opens; expired uploads at night; stuck jobs
    # every quarter of an hour. Each runs once per period however many schedulers (jobs.periodic).
    "send-reminders": {"task": "jobs.send_reminders", "schedule": crontab(hour=7, minute=30)},
    "clear-expired-uploads": {"task": "jobs.clear_expired_uploads", "schedule": crontab(hour=2, minute=15)},
    "sweep-stuck-jobs": {"task": "jobs.sweep_stuck", "schedule": crontab(minute="*/15")},
}
# Without a scheduler (no broker: the embedded `make run`) the app runs that work itself, from a
# thread that checks what is due every few minutes (jobs.periodic). With Celery beat, leave it off.
PERIODIC_WORK_IN_APP = env_bool("PERIODIC_WORK_IN_APP", not CELERY_BROKER_URL)
PERIODIC_FIRST_CHECK_SECONDS = int(os.environ.get("PERIODIC_FIRST_CHECK_SECONDS", "60"))
PERIODIC_CHECK_SECONDS = int(os.environ.get("PERIODIC_CHECK_SECONDS", "300"))
# A broker that does not answer fails a job's submission within seconds (jobs.services.start).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
# Jobs one user may have queued or running at once (a zip of every zone's drafts is one).
JOBS_MAX_ACTIVE_PER_USER = int(os.environ.get("JOBS_MAX_ACTIVE_PER_USER", "3"))
# With the broker away a job fails at once with a message; set this to run it in the request instead.
JOBS_RUN_INLINE_WITHOUT_BROKER = env_bool("JOBS_RUN_INLINE_WITHOUT_BROKER")
# The sweeper (jobs.periodic) fails jobs queued or running longer than this.
JOBS_QUEUED_LIMIT_MINUTES = int(os.environ.get("JOBS_QUEUED_LIMIT_MINUTES", "30"))
JOBS_RUNNING_LIMIT_MINUTES = int(os.environ.get("JOBS_RUNNING_LIMIT_MINUTES", "180"))
# Confirmed imports of files at least this large run as a job; smaller ones within the request.
IMPORT_JOB_MIN_BYTES = int(os.environ.get("IMPORT_JOB_MIN_BYTES", 1024 * 1024))

# Reminder email through Django's email framework: SMTP when EMAIL_HOST is set, else printed to the
# console (development, the embedded `make run`). Tests use Django's in-memory outbox.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "devzone@localhost")
# The address emails link to (the site as users reach it).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# One-person offices may let the user who submitted a month approve it; otherwise a second person must.
ALLOW_SELF_APPROVAL = env_bool("ALLOW_SELF_APPROVAL")

# Dashboard early warning: indicators behind time progress by more than this many points.
WARNING_GAP_POINTS = float(os.environ.get("WARNING_GAP_POINTS", "5"))
# Reports add 两年平均增长 when last year's own growth was beyond ± this many points (an abnormal base).
ABNORMAL_BASE_POINTS = float(os.environ.get("ABNORMAL_BASE_POINTS", "15"))

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # plotly.js writes inline styles into its SVG.
        "style-src": [SELF, UNSAFE_INLINE],
        # plotly's PNG download builds the image from blob: and data: URLs.
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # Redoc (the API docs) parses the schema in a web worker it starts from a blob: URL.
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# The API (api/): tokens or the session, JSON errors, per-token throttles in the default cache.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.UserRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.BoundedJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "COERCE_DECIMAL_TO_STRING": True,
}
# Requests one user (all their tokens and their session together) may make per minute; 429 with
# Retry-After beyond.
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "600/min")
SPECTACULAR_SETTINGS = {
    "TITLE": "DevZone API",
    "DESCRIPTION": "开发区运行监测 REST API (docs/api.md).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI and Redoc from our own static files: nothing loaded from outside.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.describe_path_parameters",
        "api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "MonthStatusEnum": "indicators.models.ZoneMonth.Status",
        "EnterpriseStatusEnum": "projects.models.Enterprise.Status",
        "ParcelStatusEnum": "projects.models.Parcel.Status",
    },
    "COMPONENT_SPLIT_REQUEST": True,
}

SESSION_COOKIE_HTTPONLY = True
# A session unused this long is logged out (core.middleware.IdleTimeoutMiddleware).
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "60"))
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Production behind TLS sets DEVZONE_HTTPS=1; development and the test server speak plain HTTP.
if env_bool("DEVZONE_HTTPS"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
