"""The WSGI entry point for production servers: `gunicorn -c deploy/gunicorn.conf.py`."""

from web import create_app, logs

logs.configure()
app = create_app()
