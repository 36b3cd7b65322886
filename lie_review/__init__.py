"""lie_review: the submission and review workflow behind the APEC Local Innovation Ecosystem Best Practices report."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Flask, request, session, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from . import mail, static_files
from .bodies import BodyCheckedRequest
from .config import load_config
from .extensions import babel, csrf, db, limiter, login_manager, migrate
from .extensions import mail as mailman
from .forms import MAX_ID, form_end
from .jobs import queue as jobs_queue
from .logs import configure_logging
from .sessions import AgingSessionInterface

ROOT = Path(__file__).resolve().parent.parent

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
])

# htmx must never inject inline style or evaluate code; 409/422 fragments are swapped so a field
# can show its own error state (static/js/app.js tells the other errors in place); a request with no
# answer in 20 seconds counts as failed, so a save never seems to hang on "Saving…".
HTMX_CONFIG = json.dumps({
    "includeIndicatorStyles": False,
    "allowEval": False,
    "allowScriptTags": False,
    "selfRequestsOnly": True,
    "historyCacheSize": 0,
    "timeout": 20000,
    "responseHandling": [
        {"code": "204", "swap": False},
        {"code": "[23]..", "swap": True},
        {"code": "409", "swap": True, "error": False},
        {"code": "422", "swap": True, "error": False},
        {"code": "[45]..", "swap": False, "error": True},
    ],
})


class DatabaseIdConverter(IntegerConverter):
    """<int:...> in routes, bounded to what an INTEGER column holds on every database."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: config, extensions, blueprints, CLI, error pages, template globals."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.request_class = BodyCheckedRequest  # a damaged form body is refused, never read as a shorter form
    app.session_interface = AgingSessionInterface()
    load_config(app, test_config)
    configure_logging(app)  # first, so its after-request step runs last and its timing spans the others
    # Before any route exists: ids in URLs are database integers, so larger numbers are not found.
    app.url_map.converters["int"] = DatabaseIdConverter
    if app.config["TRUSTED_PROXY_COUNT"]:
        n = int(app.config["TRUSTED_PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=0)

    _init_extensions(app)
    _register_blueprints(app)

    from .cli import register_cli
    from .errors import register_error_handlers

    register_cli(app)
    register_error_handlers(app)
    jobs_queue.init_app(app)  # after the blueprints, whose modules register the kinds of job
    _init_templates(app)
    static_files.init_app(app)  # before the security headers, so that its caching headers are the last word
    app.after_request(_security_headers)
    return app


def _import_models() -> None:
    """Every model module, so the metadata (and Alembic) sees the whole schema."""
    from . import audit, mail, reference_versions  # noqa: F401
    from .jobs import models as _jobs, work as _work  # noqa: F401
    from .admin import models as _admin  # noqa: F401
    from .auth import models as _auth  # noqa: F401
    from .case_studies import models as _case_studies  # noqa: F401
    from .editorial import models as _editorial  # noqa: F401
    from .editorial.scores import models as _scores  # noqa: F401
    from .reviews import models as _reviews  # noqa: F401


def _init_extensions(app: Flask) -> None:
    from .database import configure_engine, track_writes
    from .i18n import select_locale

    from .editorial.scores.versions import keep_versions_current
    from .reviews.totals import keep_totals_current

    _import_models()
    keep_totals_current()  # every session stores review totals as it flushes scores and rubric changes
    keep_versions_current()  # and counts the changes each call's maintained scores are built from
    track_writes()  # so a build knows whether it may commit what it read first

    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    _check_only_limited_views(app)
    babel.init_app(app, default_timezone=app.config["BABEL_DEFAULT_TIMEZONE"], locale_selector=select_locale)
    mail.configure(app)
    mailman.init_app(app)
    _init_login(app)


def _check_only_limited_views(app: Flask) -> None:
    """Flask-Limiter looks at every request for application-wide, default and blueprint limits; with none
    configured that finds nothing, at a cost on every page, while the views' own limits (the login's) are
    checked by their decorators anyway. So its check before each request goes, unless such limits exist."""
    manager = limiter.limit_manager
    if not limiter.enabled or manager._application_limits or manager._default_limits or limiter._meta_limits \
            or manager._blueprint_limits:
        return
    app.before_request_funcs[None].remove(limiter._check_request_limit)


def _init_login(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from .auth.operations import load_session_user
    from .htmx import hx_redirect

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to continue.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = None  # the server-side session row does this job
    login_manager.user_loader(load_session_user)

    @login_manager.unauthorized_handler
    def unauthorized():
        from flask import flash, redirect

        target = url_for("auth.login", next=request.full_path.rstrip("?"))
        if request.headers.get("HX-Request") == "true":
            # htmx would swap a 302's login page into the fragment; send the browser there instead.
            target = url_for("auth.login",
                             next=_same_site_path(request.headers.get("HX-Current-URL")) or "/home")
            return hx_redirect(target)
        flash(login_manager.login_message, "info")
        return redirect(target, code=303 if request.method != "GET" else 302)


def _same_site_path(url: str | None) -> str | None:
    from urllib.parse import urlsplit

    if not url:
        return None
    parts = urlsplit(url)
    return (parts.path + ("?" + parts.query if parts.query else "")) or None


def _register_blueprints(app: Flask) -> None:
    from .admin.audit_views import bp as audit_bp
    from .admin.views import bp as admin_bp
    from .auth.views import bp as auth_bp
    from .case_studies.stages import register_later_stages
    from .case_studies.views import bp as case_studies_bp
    from .editorial.progress import LaterStages
    from .editorial.views import bp as editorial_bp
    from .exports.views import bp as exports_bp
    from .health import bp as health_bp
    from .home import bp as home_bp
    from .jobs.views import bp as jobs_bp
    from .reviews.views import bp as reviews_bp

    for blueprint in (home_bp, auth_bp, case_studies_bp, reviews_bp, editorial_bp, exports_bp, admin_bp,
                      audit_bp, jobs_bp, health_bp):
        app.register_blueprint(blueprint)
    # The applicant's pages learn of review and decision through the interface they define.
    register_later_stages(app, LaterStages())


def _init_templates(app: Flask) -> None:
    from .i18n import install_template_gettext, template_context
    from .permissions import JINJA_GLOBALS
    from . import templating

    app.jinja_env.globals.update(JINJA_GLOBALS)
    app.context_processor(template_context)
    install_template_gettext(app.jinja_env)
    app.jinja_env.globals["csrf_token"] = generate_csrf
    app.jinja_env.globals["htmx_config"] = HTMX_CONFIG
    app.jinja_env.globals["form_end"] = form_end
    templating.register(app)


def _security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if session.get("sid") and current_user.is_authenticated:
        headers.setdefault("Cache-Control", "no-store")
    return response
