"""Production refuses to start with the development SECRET_KEY: anyone holding the
code could sign a session cookie for any user. The demo and the tests keep the development key."""

from __future__ import annotations

import pytest

from casework.settings import DEVELOPMENT_SECRET_KEY, Settings, UnsafeSettings
from web import create_app

STRONG = "k" * 48


@pytest.mark.parametrize("key", [None, DEVELOPMENT_SECRET_KEY, "short-secret"])
def test_production_refuses_a_development_or_short_key(key):
    env = {"CASEWORK_ENV": "production"} | ({"SECRET_KEY": key} if key else {})
    settings = Settings.from_env(env)
    with pytest.raises(UnsafeSettings, match="SECRET_KEY"):
        settings.check_production()
    with pytest.raises(UnsafeSettings):
        create_app(settings, bind_database=False)


def test_production_starts_with_a_long_key_and_development_with_the_default():
    Settings.from_env({"CASEWORK_ENV": "production", "SECRET_KEY": STRONG}).check_production()
    create_app(Settings.from_env({}), bind_database=False)
    assert Settings.from_env({}).environment == "development"


def test_make_serve_runs_in_production():
    from casework.settings import ROOT

    assert "serve serve-web: export CASEWORK_ENV ?= production" in (ROOT / "serve.mk").read_text()
