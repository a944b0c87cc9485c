"""pokvolg settings: one module, configured through environment variables.

SQLite by default; DATABASE_URL=postgresql://… switches to PostgreSQL.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default="False"):
    return os.environ.get(name, default).lower() in ("1", "true", "yes", "on")


def envint(name, default):
    return int(os.environ.get(name, default))


DEBUG = envbool("DEBUG", "False")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Zet SECRET_KEY in de omgeving (of DEBUG=true voor ontwikkeling).")
    SECRET_KEY = "ontwikkeling-alleen-" + "x" * 40

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "jobs",
    "acties",
    "moties",
    "rapportage",
    "publiek",
    "bijlage",
    "importeer",
    "meldingen",
    "volgen",
    "indicatoren",
    "beloftes",
]

MIDDLEWARE = [
    # First: it sees every answer under /api/, also those of the middleware below.
    "api.middleware.ApiContractMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "pokvolg.middleware.GeenCacheMiddleware",
    "pokvolg.beveiliging.MaxRequestSizeMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A database connection cut in anything below (sessions, login, two-step, the view): retried or a 503.
    "pokvolg.middleware.VerbindingWegMiddleware",
    # Public pages for visitors without a session, from the page cache, before all that follows.
    "pokvolg.middleware.PubliekeCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pokvolg.middleware.OngeldigeTekensMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "pokvolg.tweestaps.TweeStapsMiddleware",
    "pokvolg.middleware.LezenVereistLoginMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "pokvolg.beveiliging.IdleTimeoutMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Single sign-on through OpenID Connect (pokvolg/sso.py), on when a client id is set.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT") or None
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_NAAM = os.environ.get("OIDC_NAAM", "single sign-on")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = envint("OIDC_TIMEOUT", 10)
# Accounts and their roles are made in pokvolg; the provider only proves who someone is.
OIDC_CREATE_USER = False
LOGIN_REDIRECT_URL_FAILURE = "/account/login/?sso=mislukt"
if OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS.append("pokvolg.sso.Backend")

ROOT_URLCONF = "pokvolg.urls"

REDIS_URL = os.environ.get("REDIS_URL", "")

# Background jobs (django-tasks, the backport of Django 6's django.tasks) wait in the database
# (django-tasks-db), with or without REDIS_URL: a task is stored in the same transaction as the Job that
# asks for it, and survives any restart; Redis is only a cache. `python manage.py werker` (Procfile,
# `make run`) runs one worker per queue: 'publiek' (the PDFs anonymous visitors ask for) apart from
# 'default' (the redactie's imports, annexes and mails), so the one never waits behind the other.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "publiek"]}}
# A running job renews its heartbeat this often (seconds); without one for JOBS_VERLATEN_NA seconds its
# worker is taken for dead and the job is queued again (at most three attempts), as is a waiting job
# whose task is no longer in the queue. The worker looks every JOBS_HARTSLAG seconds.
JOBS_HARTSLAG = int(os.environ.get("JOBS_HARTSLAG", "10"))
JOBS_VERLATEN_NA = int(os.environ.get("JOBS_VERLATEN_NA", "45"))
# At most this many jobs of a group at a time, however many workers run: the PDFs anonymous visitors ask for
# never take more than one worker, so closing a round or reading an upload does not wait behind them.
JOBS_TEGELIJK = {"publiek": envint("JOBS_PUBLIEK_TEGELIJK", 1)}
# Daily jobs the workers start themselves (jobs/planner.py): dotted path -> the hour (local time) from which.
JOBS_DAGELIJKS = {
    "rapportage.herinneringen.start_dagelijks": envint("HERINNER_UUR", 7),
    "moties.ophalen.start_dagelijks": envint("KAMERDATA_UUR", 6),
    # Rappels whose date the redactie set (meldingen/rappel.py).
    "meldingen.rappel.start_dagelijks": envint("RAPPEL_UUR", 8),
    # Requests to follow that were never confirmed are removed after 48 hours.
    "volgen.taken.start_dagelijks": 3,
    # Retention (jobs/opruimen.py, JOBS_BEWAREN below).
    "jobs.opruimen.start_dagelijks": 4,
}
# Retention: folders of MEDIA_ROOT -> days a file is kept. Downloads are made again when asked for;
# uploads are read into the database within minutes. bijlagen/ (the published annexes) is never cleaned.
JOBS_BEWAREN = {
    "downloads": envint("BEWAAR_DOWNLOADS_DAGEN", 7),
    "importen": envint("BEWAAR_UPLOADS_DAGEN", 30),
}
# Finished jobs (their waiting page, who got which mail) are removed after this many days.
JOBS_BEWAAR_DAGEN = envint("BEWAAR_TAKEN_DAGEN", 30)
# The inquiry this instance follows (moties/enquete.py): its name and committee as the pages say them, its
# main Kamerstuk dossier (an annex's "NR. 21 Motie …" and the short key '21' belong to it) and the other
# dossiers whose motions are followed too (comma-separated). Another inquiry is another instance.
ENQUETE_NAAM = os.environ.get("ENQUETE_NAAM", "Ongekend onrecht")
ENQUETE_COMMISSIE = os.environ.get(
    "ENQUETE_COMMISSIE", "Parlementaire ondervragingscommissie Kinderopvangtoeslag"
)
ENQUETE_DOSSIER = envint("ENQUETE_DOSSIER", 35510)
GEVOLGDE_DOSSIERS = [int(n) for n in os.environ.get("GEVOLGDE_DOSSIERS", "").split(",") if n.strip()]
# The annex's heading and introduction for a round that has none of its own: by default those of the annex
# of 29 June 2021, word for word (its "Onderzoekscommissie" included).
BIJLAGE_STANDAARDTITEL = os.environ.get(
    "BIJLAGE_STANDAARDTITEL",
    "Stand van zaken vervolgacties Parlementaire Onderzoekscommissie Kinderopvangtoeslag",
)
BIJLAGE_STANDAARDINLEIDING = os.environ.get(
    "BIJLAGE_STANDAARDINLEIDING",
    "In onderstaande tabel is de stand van zaken aangegeven van de vervolgacties op de Parlementaire "
    "Onderzoekscommissie Kinderopvangtoeslag. Dit betreft zowel de acties uit de kabinetsreactie op het "
    "eindverslag van de Parlementaire Ondervragingscommissie Kinderopvangtoeslag als de moties en "
    "toezeggingen uit het debat daarover van 19 januari 2021.",
)
# The Tweede Kamer's open data (Gegevensmagazijn, OData v4): the decision, votes and cabinet's view on
# each motion of the followed dossiers.
TK_ODATA_URL = os.environ.get("TK_ODATA_URL", "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/")
TK_ODATA_TIMEOUT = envint("TK_ODATA_TIMEOUT", 30)  # seconds per request
# The daily reminders go out this many days before the deadline (space-separated, e.g. "7 3 1").
HERINNER_DAGEN = [int(n) for n in os.environ.get("HERINNER_DAGEN", "3").split()]

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
                "pokvolg.sso.context",
                "pokvolg.context_processors.menu",
                "moties.enquete.context",
            ],
        },
    },
]

WSGI_APPLICATION = "pokvolg.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{os.environ.get('SQLITE_PATH', BASE_DIR / 'pokvolg.sqlite3')}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock at BEGIN, so two simultaneous saves queue up and the second sees the first
    # (and gets the conflict message) instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands"))]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Uploads and generated annexes live outside the web root and are only served through views.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "werk:start"
LOGOUT_REDIRECT_URL = "home"
# A password-reset link works for two hours, not the default three days.
PASSWORD_RESET_TIMEOUT = envint("PASSWORD_RESET_TIMEOUT", 2 * 60 * 60)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "pokvolg@localhost")
# Where visitors report accessibility problems or ask for information in another form.
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "False")

# Internal deployments can require login for reading.
LEZEN_VEREIST_LOGIN = envbool("LEZEN_VEREIST_LOGIN", "False")
# Public pages for visitors without a session are kept this long (lib/paginacache.py); 0 turns it off.
PUBLIEK_CACHE_SECONDEN = envint("PUBLIEK_CACHE_SECONDEN", 0 if DEBUG else 60)
# With REDIS_URL (redis://host:6379/0) every app server shares one cache, and with it the page-cache
# version: a publication shows everywhere at the next request. Short timeouts, so a dead Redis costs a
# request at most a fraction of a second (lib/paginacache.py then renders without cache). Without
# REDIS_URL: one cache per process, and other processes and servers show a publication within
# PUBLIEK_CACHE_SECONDEN.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "lib.rediscache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": envint("CACHE_MAX_ENTRIES", 1000)},
        }
    }
BIJLAGE_MAX_BYTES = envint("BIJLAGE_MAX_BYTES", 20 * 1024 * 1024)
# PDFs for the public wait in the job queue; with this many waiting, more requests get 429 (Retry-After).
PDF_WACHTRIJ_MAX = envint("PDF_WACHTRIJ_MAX", 20)
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = envint("FILE_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "pokvolg open data API",
    "DESCRIPTION": f"Alleen-lezen API met de vervolgacties op het rapport '{ENQUETE_NAAM}'.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Three choice sets are called "soort" (a vote, a link between actions, a verdict): each its own name.
    "ENUM_NAME_OVERRIDES": {
        "StemsoortEnum": "moties.models.Stemsoort",
        "OpvolgingssoortEnum": "acties.models.Soort",
        "OordeelsoortEnum": "api.indicatoren.SOORTEN",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "lib.logboek.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "formatter": os.environ.get("LOG_FORMAT", "json")}
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# History is evidence: it can be read in the admin, never reverted there.
SIMPLE_HISTORY_REVERT_DISABLED = True
# Reasons are written by people (a correction, a moved target date): kept whole, whatever their length.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# A non-default admin path keeps scripted login attempts away from the admin.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/")

# --- Security (OWASP ASVS L2 / Django deployment checklist). Off only where DEBUG needs plain HTTP. ---
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", str(not DEBUG))
# Set only behind a proxy that overwrites this header, e.g. SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO.
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (os.environ["SECURE_PROXY_SSL_HEADER"], "https")
# The header in which proxies in front append the address they were connected from (HTTP_X_FORWARDED_FOR),
# and how many of them there are: the client's address is taken that many entries from the right, never
# from what the client could write itself (lib.limiet.client_ip).
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")
VERTROUWDE_PROXIES = envint("VERTROUWDE_PROXIES", 1)
SECURE_HSTS_SECONDS = 0 if DEBUG else envint("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
# The __Host- prefix binds cookies to this host over HTTPS; browsers refuse it on plain HTTP.
SESSION_COOKIE_NAME = "sessionid" if DEBUG else "__Host-sessionid"
CSRF_COOKIE_NAME = "csrftoken" if DEBUG else "__Host-csrftoken"
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 12 * 60 * 60  # absolute: a login lasts at most one working day
SESSION_IDLE_SECONDS = envint("SESSION_IDLE_SECONDS", 30 * 60)  # for editors, see IdleTimeoutMiddleware

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Login throttling: five failures for a user name lock it out for an hour.
# Redactie and beheerders confirm their login with a TOTP code (authenticator app).
TWEESTAPS_VERPLICHT = envbool("TWEESTAPS_VERPLICHT", str(not DEBUG))
OTP_TOTP_ISSUER = "pokvolg"

AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
# Counted per user name from whatever address, which includes one address's failures: many addresses taking
# turns (password spraying) lock the name too. `manage.py axes_reset_username NAAM` lifts a block early.
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for 'ip_address' against attackers rotating User-Agents or cookies; counting per user name is
# not bypassed by those, and a lockout per address would lock out a whole ministry behind one gateway.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
# The same client address as the history and the logs (X-Forwarded-For from the right, VERTROUWDE_PROXIES).
AXES_CLIENT_IP_CALLABLE = "lib.limiet.client_ip"
# The user name cut to the User model's length: longer names, which no account has, do not reach axes' column.
AXES_USERNAME_CALLABLE = "lib.limiet.inlognaam"
# A blocked login gets a Dutch page in the site's layout saying how long the block lasts (lib/blokkade.py),
# with 429 Too Many Requests and Retry-After.
AXES_LOCKOUT_CALLABLE = "lib.blokkade.geblokkeerd"
AXES_HTTP_RESPONSE_CODE = 429

LOGGING["loggers"] = {
    # Failed logins and refused authorizations, apart from the domain history.
    "pokvolg.beveiliging": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    "axes": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
    # A host outside ALLOWED_HOSTS gets a 400; Django logs it as an ERROR, here a WARNING.
    "django.security.DisallowedHost": {
        "handlers": ["stdout"],
        "filters": ["als_waarschuwing"],
        "propagate": False,
    },
}
LOGGING["filters"] = {"als_waarschuwing": {"()": "lib.logboek.AlsWaarschuwing"}}
