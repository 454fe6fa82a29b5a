"""The Flask application: JSON API under /api/v1 and the pages people use in a browser."""

from __future__ import annotations

from flask import Flask, g

from casework.db import bind, db
from casework.settings import Settings


def create_app(settings: Settings | None = None, *, bind_database: bool = True, **config) -> Flask:
    """Build the app; tests that bound the database themselves pass bind_database=False."""
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        CASEWORK_SETTINGS=settings,
        # an upload may reach the documents' limit; the body beyond it is refused with 413
        MAX_CONTENT_LENGTH=settings.document_max_bytes + 64 * 1024,
        **config,
    )
    if bind_database:
        bind(settings.database_url)

    @app.before_request
    def _connect():
        g.opened_connection = db.connect(reuse_if_open=True)

    @app.teardown_request
    def _close(_exc):
        if g.pop("opened_connection", False) and not db.is_closed():
            db.close()

    from web import security
    from web.api import register_api
    from web.cli import register_cli
    from web.pages import register_pages

    security.init_app(app)
    register_api(app)
    register_pages(app)  # after the API: its blueprints are exempted from CSRF
    register_cli(app)
    return app
