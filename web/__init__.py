"""The Flask application: JSON API under /api/v1 and the pages people use in a browser."""

from __future__ import annotations

from flask import Flask, g
from werkzeug.middleware.proxy_fix import ProxyFix

from casework.clock import show_day
from casework.db import bind, db, is_sqlite
from casework.settings import Settings
from web.text_input import CleanRequest


def create_app(settings: Settings | None = None, *, bind_database: bool = True, **config) -> Flask:
    """Build the app; tests that bound the database themselves pass bind_database=False."""
    settings = settings or Settings.from_env()
    settings.check_production()  # before anything is served: a clear error, not a warning
    show_day(settings.today, settings.timezone)
    app = Flask(__name__)
    app.request_class = CleanRequest  # form fields and query strings: web/text_input.py
    app.config.update(
        SECRET_KEY=settings.secret_key,
        CASEWORK_SETTINGS=settings,
        # an upload may reach the documents' limit; the body beyond it is refused with 413
        MAX_CONTENT_LENGTH=settings.document_max_bytes + 64 * 1024,
        **config,
    )
    if bind_database:
        bind(settings.database_url)
    if settings.trusted_proxies:
        # behind nginx or a load balancer remote_addr is the proxy's: rate limits per address
        # and the access log's "from where" need the client's, from X-Forwarded-For
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n)

    # The connection opens on a request's first query (peewee's autoconnect), so requests
    # that need no database, such as /healthz/live, never open one. On PostgreSQL it goes back
    # to the pool after each request. On SQLite each thread keeps its own open: closing the
    # last connection checkpoints the WAL, which cost ~20 ms per request when every request
    # closed its connection; open connections let SQLite checkpoint every 1000 pages instead.
    @app.before_request
    def _note_connection():
        g.had_connection = not db.is_closed()  # a test may hold one open on this thread

    @app.teardown_request
    def _close(_exc):
        if not g.pop("had_connection", True) and not db.is_closed() and not is_sqlite():
            db.close()

    from web import security
    from web.api import register_api
    from web.text_input import Int64Converter

    app.url_map.converters["int"] = Int64Converter  # before any route is added
    from web.cli import register_cli
    from web.ops import register_ops
    from web.pages import register_pages

    security.init_app(app)
    register_ops(app)
    register_api(app)
    register_pages(app)  # after the API: its blueprints are exempted from CSRF
    register_cli(app)
    return app
