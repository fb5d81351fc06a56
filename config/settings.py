"""Settings for every environment, read from the environment (12-factor).

`DJANGO_ENV=production` switches on the hardening that `check --deploy` asks for;
nothing else needs editing between a laptop and the bureau's servers.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _
from pghistory import config as pghistory_config

from config import embedded

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DJANGO_ENV = env("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"

if PRODUCTION:
    SECRET_KEY = env("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
else:
    SECRET_KEY = env("DJANGO_SECRET_KEY", default="development-only-key-never-used-in-production")
    ALLOWED_HOSTS = env.list(
        "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"]
    )
# Off unless asked for (DJANGO_DEBUG=1): `make run` shows the system's own error pages.
DEBUG = env.bool("DJANGO_DEBUG", default=False)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "core.vendor_apps.KnoxConfig",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "core.vendor_apps.AxesConfig",
    "pgtrigger",
    "core.vendor_apps.HistoryConfig",
    "pghistory.admin",
    "core",
    "accounts",
    "projects",
    "households",
    "compensation",
    "supervision",
    "reports",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.IdleSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.unread_notifications",
                "reports.navigation.navigation",
            ],
        },
    },
]
# Django's form templates, with the plain widgets written in Python (core/renderers.py).
FORM_RENDERER = "core.renderers.FormRenderer"

# --- Data stores: the environment's servers when set, the embedded ones under var/ otherwise.
DATABASES = {"default": env.db("DATABASE_URL", default=embedded.database_url())}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# No JIT compilation: it pays off on long analytic queries, not on these. Compiling the history
# triggers' forty-column comparison took 0.3–0.9 s for an update of one row that runs in a
# millisecond (the city seed's voided agreements spent minutes on it), and 10–30 ms of the
# city's larger page queries.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("CELERY_BROKER_URL", default=embedded.broker_url())
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("CACHE_URL", default=embedded.redis_client_url(REDIS_URL)),
        "KEY_PREFIX": "pgt",
    }
}

# --- Accounts and sessions (MLPS level 3 practice, DESIGN.md §7).
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.AccessBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "accounts.validators.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "accounts.validators.CommonWordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_ENGINE = "core.sessions"  # read from the cache, saved when changed or a minute on
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
# Lock a user name from one address: behind a proxy ipware must see the real client address,
# otherwise every user behind nginx shares one address (and anyone can lock anyone out).
# Behind nginx the client is the address nginx saw, which it puts in X-Real-IP
# (proxy_set_header X-Real-IP $remote_addr): a client cannot forge it, unlike the
# X-Forwarded-For chain it can extend. Direct requests (no proxy) use REMOTE_ADDR.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
PROXY_CLIENT_HEADERS = ["HTTP_X_REAL_IP", "REMOTE_ADDR"]
AXES_IPWARE_META_PRECEDENCE_ORDER = PROXY_CLIENT_HEADERS if BEHIND_PROXY else ["REMOTE_ADDR"]
AXES_RESET_ON_SUCCESS = True
# The 30 minutes run from the fifth failure; tries during the lock-out do not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# --- Internationalisation: Chinese to users, English msgids in code.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# Ours, then Chinese for the libraries that ship none for zh_Hans (locale/vendor).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "vendor"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]
# django-filter's empty choice of every filter select ("all", not "---------").
FILTERS_EMPTY_CHOICE_LABEL = _("All")

# --- Static files and uploads (Django's storage API: disk by default, S3/MinIO in production).
STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=VAR_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
# Outside production static files are served from the apps and static/ as they are (no
# collectstatic needed for `runserver`); in production from STATIC_ROOT only.
WHITENOISE_USE_FINDERS = not PRODUCTION
# Source maps are read by developer tools only: not worth compressing (it took most of the
# image's collectstatic).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [
    *("jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br"),
    *("swf", "flv", "woff", "woff2", "3gp", "3gpp", "asf", "avi", "m4v", "mov", "mp4"),
    *("mpeg", "mpg", "webm", "wmv", "map"),
]

if env("AWS_STORAGE_BUCKET_NAME", default=""):
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
        },
    }
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# The daily filing sheet posts seven fields a project: Django's default of a thousand
# refused the submit of a district with more than about 140 projects under construction.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- API (DESIGN.md §6).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api.permissions.RoleModelPermissions"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.StandardPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "core.api.filters.CheckedOrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # JSON for the software that calls it; people read the API in its documentation page
    # (DRF's browsable pages are in English and would show a clerk raw records).
    "DEFAULT_RENDERER_CLASSES": ["core.api.json.JSONRenderer"],
    # The API is described by its OpenAPI schema (/api/schema/), in Chinese; DRF's OPTIONS
    # description named views and undeclared fields in English ("Household List").
    "DEFAULT_METADATA_CLASS": None,
    "DEFAULT_PARSER_CLASSES": [
        "core.api.json.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",
}
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env.int("API_TOKEN_TTL_HOURS", default=12)),
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": _("Penggaitong API"),
    "DESCRIPTION": _(
        "The shantytown redevelopment case-management API. Authentication: POST "
        "/api/v1/auth/token/ for a token, then send the header Authorization: Token <token>."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["accounts.api.permissions.ReadsApiDocumentation"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ExpropriationStatusEnum": "projects.choices.ExpropriationStatus",
        "ConstructionStatusEnum": "projects.choices.ConstructionStatus",
        "DailyStatusKindEnum": "projects.choices.DailyStatusKind",
        "ReportStatusEnum": "reports.models.ReportStatus",
        "LedgerEntryKindEnum": "compensation.choices.EntryKind",
        "ReportKindEnum": "reports.models.ReportKind",
        "FundingSourceEnum": "projects.choices.FundingSource",
        "LedgerEntryStatusEnum": "compensation.choices.EntryStatus",
        "NoticeLevelEnum": "supervision.choices.NoticeLevel",
        "NoticeStatusEnum": "supervision.choices.NoticeStatus",
        "GrievanceCategoryEnum": "supervision.choices.GrievanceCategory",
        "GrievanceStatusEnum": "supervision.choices.GrievanceStatus",
    },
}

# --- Celery (worker and beat); Redis is the only broker.
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL)
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The worker logs through LOGGING below (one format, client errors on one line) instead of
# replacing the root logger's handlers with its own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
HEARTBEAT_SECONDS = env.int("HEARTBEAT_SECONDS", default=30)
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "core.health.heartbeat", "schedule": float(HEARTBEAT_SECONDS)},
    "purge-import-previews": {"task": "households.purge_import_previews", "schedule": 15 * 60.0},
    "purge-roster-exports": {"task": "households.purge_roster_exports", "schedule": 60 * 60.0},
    "mark-abandoned-report-runs": {"task": "reports.mark_abandoned_runs", "schedule": 2 * 60.0},
    # Early each morning: a signing period that ended yesterday below its threshold lapses.
    "lapse-agreements": {
        "task": "compensation.lapse_agreements",
        "schedule": crontab(hour=0, minute=30),
    },
    # Each morning: overdue supervision notices reach their next escalation step.
    "escalate-notices": {
        "task": "supervision.escalate_notices",
        "schedule": crontab(hour=7, minute=30),
    },
}

# --- Business settings.
# A daily resumption status first submitted after this local time is late.
DAILY_STATUS_CUTOFF = env("DAILY_STATUS_CUTOFF", default="17:00")
MAX_UPLOAD_MB = env.int("MAX_UPLOAD_MB", default=20)
# Supervision notices: the number's prefix (棚改督〔2026〕12号) and the issuing office printed
# on them (blank: the city's housing bureau, named after the city region).
NOTICE_NUMBER_PREFIX = env("NOTICE_NUMBER_PREFIX", default="棚改督")
NOTICE_ISSUER = env("NOTICE_ISSUER", default="")

# --- Mail: notifications also go out by e-mail through the bureau's relay (EMAIL_URL, e.g.
# smtp://relay.example:25); without one they are written to the log of the process.
vars().update(env.email("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="penggaitong@localhost")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# The address users reach the site at, for the links in e-mails.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# Resident ID numbers: Fernet keys (newest first) and the key of the search hash.
# Missing in production: `check` fails (households.checks) and no number is ever encrypted
# with a key derived from SECRET_KEY; a build step that needs no keys (collectstatic) runs.
ID_ENCRYPTION_KEYS = env.list("ID_ENCRYPTION_KEYS", default=[])
ID_HASH_KEY = env("ID_HASH_KEY", default="")

# --- History (django-pghistory): who changed what, kept by database triggers.
PGHISTORY_MIDDLEWARE_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
# History is read by its object (pgh_obj) and its context only. The foreign keys an event
# copies from its row (district, household, who entered it…) get no index: nothing looks
# events up by them, and each index costs every write of history.
PGHISTORY_FOREIGN_KEY_FIELD = pghistory_config.ForeignKey(db_index=False)
PGHISTORY_OBJ_FIELD = pghistory_config.ObjForeignKey(db_index=True)
PGHISTORY_CONTEXT_FIELD = pghistory_config.ContextForeignKey(db_index=True)

# --- Production hardening, switched on by DJANGO_ENV=production.
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # container health checks speak plain HTTP
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"client_errors": {"()": "core.logging.ClientErrorsOnOneLine"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["client_errors"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint reports every layout step and font subset at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
