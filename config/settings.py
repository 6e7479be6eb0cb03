"""Bangfu settings: one module, driven by the environment, failing loudly on a bad value.

Every knob is read through `config.env`, which raises `ImproperlyConfigured` with the variable's
name and what was expected, so a typo stops the start instead of running half-configured.
"""

from __future__ import annotations

from pathlib import Path

from config.env import database_from_env, env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("BANGFU_VAR_DIR", str(BASE_DIR / "var")))

BANGFU_ENV = env_choice("BANGFU_ENV", ("development", "test", "production"), "development")
PRODUCTION = BANGFU_ENV == "production"
DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)
if PRODUCTION and DEBUG:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DJANGO_DEBUG 不能在生产环境（BANGFU_ENV=production）中开启。")

SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else "bangfu-development-only-key-not-for-production")
if PRODUCTION and len(SECRET_KEY) < 50:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("生产环境必须设置 SECRET_KEY（至少 50 个字符）。")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "bangfu.core",
    "bangfu.accounts",
    "bangfu.sysadmin",
    "bangfu.security",
    "bangfu.people",
    "bangfu.jobs",
    "bangfu.matching",
    "bangfu.assistance",
    "bangfu.reports",
    "bangfu.training",
    "bangfu.ventures",
    "bangfu.legal",
    "bangfu.workforce",
    "bangfu.channel",
    "bangfu.honours",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "bangfu.core.middleware.RejectNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "bangfu.core.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

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
                "bangfu.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": database_from_env(VAR_DIR / "bangfu.sqlite3")}
# A read replica for reports (bangfu.core.replica): reports may lag the register by the replication delay.
if env_str("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = database_from_env(VAR_DIR / "bangfu.sqlite3", variable="DATABASE_REPLICA_URL")
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # tests read the replica as the primary itself
DATABASE_ROUTERS = ["bangfu.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every request when it is missing
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# Background work: the Django tasks API. Immediate in the embedded default; a real queue in production.
TASK_BACKEND = env_choice("BANGFU_TASK_BACKEND", ("immediate", "database", "rq"), "immediate")
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
TASK_QUEUES = ["default", "selftest"]
_TASK_BACKENDS = {
    "immediate": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": TASK_QUEUES},
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES},
    "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": TASK_QUEUES},
}
TASKS = {"default": _TASK_BACKENDS[TASK_BACKEND]}
# "selftest" carries only `check_queue` probes, so a probe never waits behind a long import.
RQ_QUEUES = {name: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600} for name in ("default", "selftest")}
INSTALLED_APPS += ["django_rq"]

# Caches shared by every app server: Redis when CACHE_URL is set (deploy/ sets it), else per process. Sessions
# (the database session engine) and sign-in lockouts (django-axes' database handler) are in the shared database
# already, so a user signed in on one app server is signed in on all and a lockout holds on all.
CACHE_URL = env_str("CACHE_URL", "")
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://")):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("环境变量 CACHE_URL 应为 redis:// 开头的地址，或不设置（每个进程各自缓存）。")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL,
                      "KEY_PREFIX": "bangfu"} if CACHE_URL else
          {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

SESSION_COOKIE_AGE = env_int("BANGFU_SESSION_ABSOLUTE_SECONDS", 8 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Security: session limits, sign-in lockout, privacy guards (bangfu.security) -----------------------
# A session ends 30 minutes after its last request and 8 hours after sign-in, however active.
BANGFU_SESSION_ABSOLUTE_SECONDS = SESSION_COOKIE_AGE
BANGFU_SESSION_IDLE_SECONDS = env_int("BANGFU_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Lockout after 5 failed sign-ins of a username, for 30 minutes, counted in the database (django-axes)
# so that it holds across app servers; an administrator unlocks at /security/lockouts/ (recorded).
INSTALLED_APPS += ["axes"]
AUTHENTICATION_BACKENDS = [
    "bangfu.security.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The limits are system parameters (参数设置, bangfu.sysadmin.parameters) an administrator changes on a page;
# these are their defaults. Axes asks the callables each time, so a change holds at once on every server.
BANGFU_LOCKOUT_FAILURES = env_int("BANGFU_LOCKOUT_FAILURES", 5)
BANGFU_LOCKOUT_MINUTES = env_int("BANGFU_LOCKOUT_MINUTES", 30)
AXES_FAILURE_LIMIT = "bangfu.security.lockouts.failure_limit"
AXES_COOLOFF_TIME = "bangfu.security.lockouts.cool_off"
# Lock the username only together with the address it is tried from (issue 9 §5): five wrong passwords
# from one address cannot lock the owner out from theirs. Failures across usernames from one address
# are capped separately and more slowly (BANGFU_ADDRESS_FAILURE_LIMIT, bangfu.security.backends).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
BANGFU_ADDRESS_FAILURE_LIMIT = env_int("BANGFU_ADDRESS_FAILURE_LIMIT", 30)
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the lock ends 30 minutes after the 5th failure
AXES_LOCKOUT_CALLABLE = "bangfu.security.lockouts.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # sign-ins and sign-outs are in the audit log
AXES_VERBOSE = False
# axes.W006 warns that a lockout without the user agent can be dodged by rotating user agents; the
# failures are summed over every attempt of (username, address) whatever the user agent, so it does not apply.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
MIDDLEWARE += [
    "axes.middleware.AxesMiddleware",
    "bangfu.security.middleware.KeyGuardMiddleware",  # field keys must fit the database, else 503
    "bangfu.security.middleware.SessionPolicyMiddleware",  # timeouts; forced change of an initial password
    "bangfu.security.middleware.AuditDenialsMiddleware",  # 401/403/404 recorded
    "bangfu.security.middleware.ApiErrorMessagesMiddleware",  # every API 4xx answers in Chinese
    "bangfu.security.middleware.RoutePermissionMiddleware",  # 403 when no role grants what a route is for
]

# Content-Security-Policy: everything is served from this host (intranet, no CDN).
BANGFU_CSP = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'"
)

BANGFU_DEMO_PASSWORD = env_str("BANGFU_DEMO_PASSWORD", "")
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_choice("LOG_LEVEL", ("DEBUG", "INFO", "WARNING"), "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "jieba": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # every sign-in is in the audit log; keep failures and lockouts only
    },
}

# --- Audit: keyed chain (BANGFU_AUDIT_KEY, read by bangfu.core.auditkeys) and signed checkpoints kept
# outside the database, appended every N events and by `manage.py audit_checkpoint`.
BANGFU_AUDIT_CHECKPOINTS = env_str("BANGFU_AUDIT_CHECKPOINTS", str(VAR_DIR / "audit-checkpoints.jsonl"))
BANGFU_AUDIT_CHECKPOINT_EVERY = env_int("BANGFU_AUDIT_CHECKPOINT_EVERY", 1000)

# Assistance safeguards (issue 9): a visit's time may run ahead of the server by this many seconds (a phone's
# clock); one visit's cash, and one person's cash over a period (visits and approved top-ups).
VISIT_CLOCK_DRIFT = env_int("BANGFU_VISIT_CLOCK_DRIFT", 300)
BANGFU_VISIT_CASH_MAX_FEN = env_int("BANGFU_VISIT_CASH_MAX_FEN", 500_000)
BANGFU_CASH_PERIOD_DAYS = env_int("BANGFU_CASH_PERIOD_DAYS", 365)
BANGFU_CASH_PERIOD_MAX_FEN = env_int("BANGFU_CASH_PERIOD_MAX_FEN", 2_000_000)
# A hardship file stays in public notice (公示) this many days before it can be approved.
BANGFU_PUBLICITY_DAYS = env_int("BANGFU_PUBLICITY_DAYS", 7)
# A file approved or re-checked is due for its next re-check this many months later.
BANGFU_RECHECK_MONTHS = env_int("BANGFU_RECHECK_MONTHS", 12)
# Published statistics show a count below this many households as "<N" (small-cell suppression).
BANGFU_SMALL_CELL_THRESHOLD = env_int("BANGFU_SMALL_CELL_THRESHOLD", 5)
# An approved plaintext export can be fetched, once, within this many hours.
BANGFU_PLAIN_EXPORT_HOURS = env_int("BANGFU_PLAIN_EXPORT_HOURS", 24)

# --- Training (bangfu.training) ------------------------------------------------------------------------
# 1+N: a new social worker's initial training (初任培训) is due within this many days of hiring.
BANGFU_TRAINING_INITIAL_DUE_DAYS = env_int("BANGFU_TRAINING_INITIAL_DUE_DAYS", 90)

# Chinese error pages in every environment (issue 9 §7); after sessions, auth and messages so the page has
# the site's frame, and before the security middleware so their own answers (503, lockout) stand.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "bangfu.security.errorpages.ErrorPagesMiddleware",
)
