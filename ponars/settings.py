"""Settings for the site, read from environment variables with safe defaults.

DJANGO_DEBUG          "1"/"true" turns debug on (default: off)
DJANGO_SECRET_KEY     required when debug is off
DJANGO_ALLOWED_HOSTS  comma-separated host names (default: localhost names)
DATABASE_URL          e.g. postgres://user@host:5432/name (default: SQLite file db.sqlite3)
REDIS_URL             redis://host:6379/0 turns on the shared cache (default: per-process memory)
DJANGO_PAGE_CACHE_SECONDS  longest life of a cached anonymous page (default 600 with REDIS_URL,
  else 0: off); DJANGO_PAGE_MAX_AGE, DJANGO_PAGE_S_MAXAGE, DJANGO_PAGE_STALE: Cache-Control
DJANGO_IGNORED_QUERY_PARAMETERS  analytics' query parameters no page reads, dropped from every
  GET and HEAD (default: utm_*, fbclid, gclid, yclid, ysclid and others; see below)
DJANGO_MEDIA_ROOT     where uploads are stored (default: ./media)
DJANGO_MEDIA_URL      URL prefix of uploads (default: /media/)
DJANGO_SERVE_MEDIA    "1" makes the app itself serve uploads (default: only with debug on)
DJANGO_PRIVATE_ROOT   where files that are never served are kept (default: ./private)
S3_BUCKET             uploads go to this S3-compatible bucket instead of local disk; with it:
  S3_ENDPOINT_URL, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_ADDRESSING_STYLE,
  S3_CUSTOM_DOMAIN, S3_PUBLIC_LOCATION, S3_PRIVATE_LOCATION (README, "Production")
DJANGO_DB_POOL        "0" turns off the PostgreSQL connection pool (e.g. behind PgBouncer)
DJANGO_SECURE         "0" turns off HTTPS-only cookies/redirects when debug is off (behind plain HTTP)
DJANGO_BEHIND_PROXY   "1" behind a TLS-terminating proxy that overwrites X-Forwarded-For/-Proto/-Host
DJANGO_TRUSTED_PROXY_COUNT  proxies in a row in front of the app (default 1; README, "Production")
DEFAULT_FROM_EMAIL, EMAIL_URL-like settings: EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
EMAIL_HOST_PASSWORD, EMAIL_USE_TLS (default: console backend in debug, SMTP otherwise)
"""

import datetime
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from js_asset import static_lazy

from core.sanitize import editor_processor

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

# Commands that only inspect code never sign anything, so they may run without a key
# (manage.py names the command in DJANGO_COMMAND); serving or anything else fails loudly.
KEYLESS_COMMANDS = {"makemigrations", "showmigrations", "sqlmigrate", "help"}
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"
    elif os.environ.get("DJANGO_COMMAND") in KEYLESS_COMMANDS:
        SECRET_KEY = secrets.token_urlsafe(50)
    else:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for development).")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

SITE_ID = 1
SITE_NAME = os.environ.get("SITE_NAME", "PONARS Eurasia")
# The public address, for links in emails (default: the first allowed host).
SITE_URL = os.environ.get("SITE_URL", "") or (
    "http://127.0.0.1:8000" if DEBUG else f"https://{(ALLOWED_HOSTS or ['localhost'])[0]}"
)

INSTALLED_APPS = [
    "core.apps.AdminConfig",  # django.contrib.admin, with the spreadsheet libraries imported on use
    "adminsortable2",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.redirects",  # old addresses of renamed slugs (core.slugs.transliterate_slugs)
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "taggit",
    "imagekit",
    "simple_history",
    "django_prose_editor",
    "import_export",
    "django_countries",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "core",
    "members",
    "comments",
    "articles",
    "podcasts",
    "newsletter",
    "resources",
    "events",
    "ponars.search",
    "ponars",  # the site layer: commands that span the apps (seed_demo, benchmark_pages)
]

MIDDLEWARE = [
    # First: the load balancer's /healthz, before host checks and the HTTPS redirect (core/health.py).
    "core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.RejectHostileQueryMiddleware",
    # Before sessions, CSRF, messages, CSP and history: an anonymous reader's cached page
    # costs one cache round trip (core/pagecache.py); it also sets every HTML page's
    # Cache-Control, ETag and Last-Modified.
    "core.pagecache.PageCacheMiddleware",
    "core.middleware.PreviewHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The interface language comes from the URL: English unprefixed, Russian under /ru/
    # (ponars/urls.py, i18n_patterns); after sessions, before CommonMiddleware (Django's order).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.AdminEditorCSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A 404 whose path is an old address (a Cyrillic slug before transliteration): 301 to the new.
    "django.contrib.redirects.middleware.RedirectFallbackMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the "try again in …" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ponars.urls"
WSGI_APPLICATION = "ponars.wsgi.application"

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
                "core.context_processors.site",
            ],
        },
    }
]


# Database: SQLite by default; PostgreSQL with a connection pool per process (psycopg's,
# through Django), or persistent connections without it (DJANGO_DB_POOL=0, e.g. behind
# PgBouncer) for DJANGO_CONN_MAX_AGE seconds with Django's health checks.
def database(env):
    """The default database from DATABASE_URL and the DJANGO_DB_* variables in `env`."""
    db = dj_database_url.parse(
        env.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env.get("DJANGO_CONN_MAX_AGE") or 600),
        conn_health_checks=True,
        # PgBouncer in transaction mode cannot keep a cursor across transactions.
        disable_server_side_cursors=(env.get("DJANGO_DB_DISABLE_SERVER_SIDE_CURSORS") or "0")
        in {"1", "true", "yes", "on"},
    )
    options = db.setdefault("OPTIONS", {})
    if db["ENGINE"] == "django.db.backends.sqlite3":
        options.update(
            {
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            }
        )
        return db
    # A server that does not answer costs a request this many seconds, not a hang.
    options.setdefault("connect_timeout", int(env.get("DJANGO_DB_CONNECT_TIMEOUT") or 5))
    if (env.get("DJANGO_DB_POOL") or "1").strip().lower() in {"1", "true", "yes", "on"}:
        db["CONN_MAX_AGE"] = 0  # Django's pool requires it: connections go back to the pool
        options["pool"] = {
            # A gunicorn sync worker serves one request at a time, so it holds one connection
            # and opens more only for threads of its own: app servers × workers × max_size is
            # the most PostgreSQL will see (README, "Production").
            "min_size": int(env.get("DJANGO_DB_POOL_MIN") or 1),
            "max_size": int(env.get("DJANGO_DB_POOL_MAX") or 4),
            # A request waits this long for a free connection, then fails (503 from /healthz).
            "timeout": int(env.get("DJANGO_DB_POOL_TIMEOUT") or 10),
        }
        # With CONN_HEALTH_CHECKS Django gives the pool psycopg's check_connection: each
        # connection is tested before it is handed out, so one the server dropped (a restart,
        # a fail-over) is replaced and the request goes on.
    return db


DATABASES = {"default": database(os.environ)}

# Cache: Redis where configured (shared by every app server), local memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",  # Django's, with its client reused
            "LOCATION": REDIS_URL,
            # A Redis that stops answering costs a request one second, not a hang; rate limits
            # then fail open (core.ratelimit.is_limited).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Parts of the layout that only the language changes (the footer: `{% cache … using="local" %}`)
# are rendered once per process.
CACHES["local"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "local"}

# The page cache (core/pagecache.py): how long an anonymous page is kept at most (it is
# replaced as soon as content changes or a scheduled time comes). On with a shared cache
# (Redis); per-process memory would keep gunicorn workers from seeing each other's changes.
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS") or (600 if REDIS_URL else 0))
PAGE_CACHE_ALIAS = "default"
# Query parameters no page reads, which only tell analytics where a reader came from: taken out
# of the request before the page cache and the views see it (core.pagecache.drop_ignored_
# parameters), so a page linked with them is the page without them. A name ending in "_"
# stands for every parameter it begins (utm_source, utm_medium …). Comma-separated.
IGNORED_QUERY_PARAMETERS = env_list(
    "DJANGO_IGNORED_QUERY_PARAMETERS",
    "utm_,fbclid,gclid,gbraid,wbraid,dclid,msclkid,yclid,ysclid,_openstat,mc_cid,mc_eid,igshid,"
    "twclid,ttclid,_ga,_gl",
)
# What browsers and CDNs are told about public pages (seconds): Cache-Control max-age,
# s-maxage and stale-while-revalidate.
PAGE_CACHE_MAX_AGE = int(os.environ.get("DJANGO_PAGE_MAX_AGE") or 60)
PAGE_CACHE_S_MAXAGE = int(os.environ.get("DJANGO_PAGE_S_MAXAGE") or 60)
PAGE_CACHE_STALE = int(os.environ.get("DJANGO_PAGE_STALE") or 60)

# Sessions (staff only: readers never sign in) stay in the database, which every app server
# shares; cached_db would save one query per staff request but turns a Redis outage into
# errors (it writes the cache without catching its failures when it reads a session).
# Messages travel in a signed cookie (Django's default), so they too reach any app server.

AUTH_USER_MODEL = "members.User"
# django-axes first: it refuses a sign-in while its account or address is locked out.
# Users' permissions come from the model backend (`User.objects.with_perm(…, backend=…)`).
PERMISSIONS_BACKEND = "django.contrib.auth.backends.ModelBackend"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", PERMISSIONS_BACKEND]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The interface's languages: English (the default, at /) and Russian (at /ru/…). Each
# language's strings are in locale/<code>/LC_MESSAGES/django.po (`make messages`), compiled
# to the committed django.mo, so no gettext tools are needed to run or test the site.
LANGUAGE_CODE = "en"
# Each language named in itself, as the language switch shows it.
LANGUAGES = [("en", "English"), ("ru", "Русский")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates in each language's own way (ponars/formats/<code>/formats.py over Django's).
FORMAT_MODULE_PATH = ["ponars.formats"]
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Static files and uploads.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("DJANGO_MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Files the site keeps but never serves to the public (the membership import's file between its
# preview and its confirmation; the files of unpublished items, under unpublished/, which staff
# reach through the site): outside MEDIA_ROOT, or the bucket's private prefix.
PRIVATE_ROOT = Path(os.environ.get("DJANGO_PRIVATE_ROOT", BASE_DIR / "private"))
# Uploads on an S3-compatible store (AWS S3, Cloudflare R2, MinIO …) when S3_BUCKET is set:
# public files under S3_PUBLIC_LOCATION (readable by anyone through a bucket policy, README
# "Production"), private ones under S3_PRIVATE_LOCATION (signed, short-lived URLs only).
S3_BUCKET = os.environ.get("S3_BUCKET", "")


def s3_storages(env):
    """The public and the private storage on the S3 bucket that the variables in `env` name."""
    s3 = {
        "bucket_name": env["S3_BUCKET"],
        "endpoint_url": env.get("S3_ENDPOINT_URL") or None,
        "region_name": env.get("S3_REGION") or None,
        # Unset: boto3's own chain (AWS_ACCESS_KEY_ID …, an instance or task role).
        "access_key": env.get("S3_ACCESS_KEY_ID") or None,
        "secret_key": env.get("S3_SECRET_ACCESS_KEY") or None,
        # "path" for stores without bucket host names (MinIO, moto); unset: the store's default.
        "addressing_style": env.get("S3_ADDRESSING_STYLE") or None,
        "file_overwrite": False,
    }
    public = {
        "BACKEND": "core.s3.PublicMediaStorage",
        "OPTIONS": {
            **s3,
            "location": env.get("S3_PUBLIC_LOCATION") or "media",
            # The host that serves the public prefix: the site itself (the proxy passes
            # /media/ to the bucket, README) or a CDN. Unset: the bucket's own address.
            "custom_domain": env.get("S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": False,
        },
    }
    private = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **s3,
            "location": env.get("S3_PRIVATE_LOCATION") or "private",
            "querystring_auth": True,
            "querystring_expire": int(env.get("S3_PRIVATE_URL_SECONDS") or 300),
        },
    }
    return public, private


if S3_BUCKET:
    MEDIA_STORAGE, PRIVATE_STORAGE = s3_storages(os.environ)
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    PRIVATE_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_ROOT},
    }
STORAGES = {
    "default": MEDIA_STORAGE,
    "private": PRIVATE_STORAGE,
    # The membership import keeps the uploaded file between its preview and its confirmation
    # here, so that the confirmation may reach another app server than the preview.
    "import_export": PRIVATE_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"
FILE_UPLOAD_PERMISSIONS = 0o644
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_PDF_UPLOAD_BYTES = int(os.environ.get("MAX_PDF_UPLOAD_BYTES", 20 * 1024 * 1024))
MAX_IMAGE_UPLOAD_BYTES = int(os.environ.get("MAX_IMAGE_UPLOAD_BYTES", 10 * 1024 * 1024))
# Images with more pixels than this are refused from their header, before anything decodes
# them (renditions are made in the admin's request): 40 megapixels, e.g. 8000×5000.
MAX_IMAGE_PIXELS = int(os.environ.get("MAX_IMAGE_PIXELS", 40_000_000))
# Uploaded files are served by the app (core.media, with safe headers) in development, or
# when an operator without a web server in front sets DJANGO_SERVE_MEDIA=1; in production the
# proxy serves /media/ with the same headers (README, "Production").
# With S3 the files are not on this machine: the bucket (or the proxy in front of it) serves them.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", DEBUG) and not S3_BUCKET

# Image renditions are made when an image is saved, never on a reader's first view.
IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY = "imagekit.cachefiles.strategies.Optimistic"
IMAGEKIT_CACHEFILE_DIR = "renditions"
IMAGEKIT_SPEC_CACHEFILE_NAMER = "core.images.cached_namer"  # imagekit's, remembered
# Renditions are stored where their image is: an unpublished item's in the private storage.
IMAGEKIT_DEFAULT_FILE_STORAGE = "core.storage.PublicationStorage"

# Email: console in development, SMTP otherwise.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Seconds before a mail server that does not answer counts as down (the send is retried).
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <adminponars@gwu.edu>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks (django-tasks, database backend: the queue is a table, no other service).
# Emails are queued in the transaction that causes them and sent by `manage.py run_worker`;
# a send that fails for a passing reason is tried again after 1, 2, 4 … minutes (at most
# TASKS_RETRY_MAX_SECONDS apart), TASKS_MAX_ATTEMPTS times in all (12: about a day).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TASKS_MAX_ATTEMPTS = int(os.environ.get("TASKS_MAX_ATTEMPTS", "12"))
TASKS_RETRY_SECONDS = int(os.environ.get("TASKS_RETRY_SECONDS", "60"))
TASKS_RETRY_MAX_SECONDS = int(os.environ.get("TASKS_RETRY_MAX_SECONDS", 6 * 3600))
# Finished task results (sent emails included) are deleted after this many days.
TASKS_KEEP_DAYS = int(os.environ.get("TASKS_KEEP_DAYS", "30"))
# Run once a day by the worker (each queues its next run when it finishes).
TASKS_DAILY = [
    "comments.tasks.purge_comment_data",
    "core.tasks.prune_task_results",
    "core.tasks.prune_sign_in_log",
]
# Admin sign-ins (address, browser, time) are kept this many days (a daily task deletes older).
SIGN_IN_LOG_KEEP_DAYS = env_int("SIGN_IN_LOG_KEEP_DAYS", 60)

# Preview links for unpublished items (core.models.PreviewLink): how long a new link works.
PREVIEW_LINK_DAYS = env_int("PREVIEW_LINK_DAYS", 7)
# The signed address of a draft's file on its preview page works this long (then reload it).
UNPUBLISHED_FILE_LINK_SECONDS = env_int("UNPUBLISHED_FILE_LINK_SECONDS", 6 * 3600)

# Security: HTTPS-only when debug is off (DJANGO_SECURE=0 for a plain-HTTP test box).
SECURE = env_bool("DJANGO_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = SECURE
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 31536000 if SECURE else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
# Behind a TLS-terminating proxy that overwrites X-Forwarded-For/-Proto/-Host (README,
# "Production"). The client address for rate limits is the one the outermost of
# DJANGO_TRUSTED_PROXY_COUNT proxies saw (core/ratelimit.py).
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
    RATELIMIT_IP_META_KEY = "core.ratelimit.client_ip"
    # The same client address for sign-in lock-outs (django-axes), from the same one rule.
    AXES_CLIENT_IP_CALLABLE = "core.ratelimit.client_ip"
TRUSTED_PROXY_COUNT = max(env_int("DJANGO_TRUSTED_PROXY_COUNT", 1), 1)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Error pages are rendered without the request, so they cannot fail again (core/errors.py).
CSRF_FAILURE_VIEW = "ponars.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"

# The rich-text editor's media extensions (core/richtext.py): image figures, embeds and pull
# quotes, in static/js/editor-media.js, each with the sanitiser rule of what it produces.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("js/editor-media.js")],
        "extensions": {
            name: editor_processor(name) for name in ["ImageFigure", "Embed", "PullQuote"]
        },
    }
]

# Recordings play in frames from these origins once a reader asks (core/video.py).
VIDEO_EMBED_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]

# Content-Security-Policy (django-csp): no inline scripts or styles anywhere (style
# attributes included; the admin's few third-party ones are restored by static/css/admin.css).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "media-src": ["'self'", "https:"],
        "frame-src": VIDEO_EMBED_ORIGINS,
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Permissions-Policy (django-permissions-policy): no powerful feature for the site or any frame,
# except what the video players use. (FLoC's interest-cohort is gone from browsers, which now
# report it as an unrecognised feature; browsing-topics is its successor.)
PERMISSIONS_POLICY = {
    **{
        feature: []
        for feature in [
            "accelerometer",
            "ambient-light-sensor",
            "bluetooth",
            "browsing-topics",
            "camera",
            "display-capture",
            "geolocation",
            "gyroscope",
            "hid",
            "idle-detection",
            "local-fonts",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "publickey-credentials-get",
            "screen-wake-lock",
            "serial",
            "usb",
            "xr-spatial-tracking",
        ]
    },
    **{
        feature: ["self", *VIDEO_EMBED_ORIGINS]
        for feature in ["autoplay", "encrypted-media", "fullscreen", "picture-in-picture"]
    },
}

# Query strings longer than this get a 400 before any view runs.
MAX_QUERY_STRING_LENGTH = 2048

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# Newsletter: confirmation links expire; sign-ups are rate-limited per IP and per address.
NEWSLETTER_CONFIRM_MAX_AGE = int(os.environ.get("NEWSLETTER_CONFIRM_MAX_AGE", 3 * 24 * 3600))
NEWSLETTER_SIGNUP_RATE = os.environ.get("NEWSLETTER_SIGNUP_RATE", "10/h")
NEWSLETTER_ADDRESS_RATE = os.environ.get("NEWSLETTER_ADDRESS_RATE", "3/h")

# Editorial settings.
ARTICLES_PER_PAGE = 20

# Podcasts: the largest episode file accepted (upload or fetched from a media host), and how
# long to wait for a media host to answer.
PODCAST_MAX_AUDIO_BYTES = int(os.environ.get("PODCAST_MAX_AUDIO_BYTES", 300 * 1024 * 1024))
PODCAST_FETCH_TIMEOUT = int(os.environ.get("PODCAST_FETCH_TIMEOUT", "10"))
PODCAST_EPISODES_PER_PAGE = 20


# Reader comments (the comments app: articles, podcast episodes, events). Environment
# variables override each default.

# A commenter with an earlier approved comment (same name and email) is approved at once.
COMMENTS_AUTO_APPROVE_KNOWN = env_bool("COMMENTS_AUTO_APPROVE_KNOWN", True)
# Close comments this many days after publication (an event: after it ends; 0 or unset: never
# close by age).
COMMENTS_CLOSE_AFTER_DAYS = env_int("COMMENTS_CLOSE_AFTER_DAYS", 0) or None
# Seconds a reader must spend between loading the form and posting it (bots post at once).
COMMENTS_MIN_SECONDS = env_int("COMMENTS_MIN_SECONDS", 3)
# Posts per IP address through the cache (django-ratelimit syntax: count/period).
COMMENTS_RATE = os.environ.get("COMMENTS_RATE", "5/10m")
COMMENTS_MAX_LINKS = env_int("COMMENTS_MAX_LINKS", 2)
COMMENTS_MAX_LENGTH = env_int("COMMENTS_MAX_LENGTH", 5000)
# Top-level comments per page; each keeps all its replies on the same page.
COMMENTS_PER_PAGE = env_int("COMMENTS_PER_PAGE", 50)
# Replies deeper than this are shown at this depth, labelled with whom they answer.
COMMENTS_MAX_DEPTH = 3
# IP address and user agent are erased this many days after posting (manage.py purge_comment_data).
COMMENTS_IP_RETENTION_DAYS = env_int("COMMENTS_IP_RETENTION_DAYS", 60)
# Who gets "new comment awaiting moderation" emails; empty: every active staff user who may
# change comments (the Editors group).
COMMENTS_MODERATOR_EMAILS = env_list("COMMENTS_MODERATOR_EMAILS")
# Search.
SEARCH_RESULTS_PER_PAGE = 20
# PostgreSQL ranks at most this many matches (the newest: ten pages), so a query that matches
# most of a very large corpus still answers in tens of milliseconds; the page then says "More
# than 200 results — add a word or a filter". Measured with `search_benchmark` (see README).
SEARCH_MAX_CANDIDATES = int(os.environ.get("SEARCH_MAX_CANDIDATES", "200"))

# Bookstore and Course Syllabi: items per page.
RESOURCES_PER_PAGE = 24

# Member directory: people per page (the directory stays fast at any size).
MEMBERS_PER_PAGE = 60
# Membership import (admin): files larger than this are refused before they are read.
MEMBERS_IMPORT_MAX_BYTES = int(os.environ.get("MEMBERS_IMPORT_MAX_BYTES", 5 * 1024 * 1024))

# Admin sign-in throttling (django-axes). After LOGIN_FAILURE_LIMIT failed sign-ins for one
# username, or from one client address, every sign-in there is refused (429, "try again in …")
# for LOGIN_LOCKOUT_MINUTES after the last attempt. A superuser unlocks at Admin → Axes →
# Access attempts (delete the row) or with `manage.py axes_reset_username NAME`,
# `axes_reset_ip ADDRESS` or `axes_reset` (everything).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_LOCKOUT_CALLABLE = "ponars.lockout.locked_out"
# Not reset on success: axes would forget the address's failures too, so one good sign-in
# with an account of one's own would let an address go on guessing at other accounts.
AXES_RESET_ON_SUCCESS = False
