"""Languages: Simplified Chinese by default, English on request (kept in the session).

Source strings are English; the Chinese catalogue is web/translations/zh_CN. The compiled
catalogue (.mo) is not kept in git: it is built from the .po when missing or older.
"""

from __future__ import annotations

from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, request, session
from flask_babel import Babel

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
LANGUAGES = {"zh_CN": "中文", "en": "English"}
DEFAULT = "zh_CN"
babel = Babel()


def current_language() -> str:
    chosen = session.get("language") or request.cookies.get("language")
    return chosen if chosen in LANGUAGES else DEFAULT


def init_app(app: Flask) -> None:
    compile_catalogues()
    app.config.update(
        BABEL_DEFAULT_LOCALE=DEFAULT,
        BABEL_DEFAULT_TIMEZONE=app.config["CASEWORK_SETTINGS"].timezone,
        BABEL_TRANSLATION_DIRECTORIES=str(TRANSLATIONS),
    )
    babel.init_app(app, locale_selector=current_language)


def compiled_path(po: Path) -> Path:
    """Where Babel looks for the compiled catalogue of `po`. Babel names a locale in full
    ("zh_Hans_CN" for zh_CN) and searches that folder, so the .mo goes there."""
    folder = po.parent.parent.name
    return po.parent.parent.parent / str(Locale.parse(folder)) / "LC_MESSAGES" / "messages.mo"


def compile_catalogues(directory: Path = TRANSLATIONS) -> list[Path]:
    """Write each messages.mo whose messages.po is newer; returns those written."""
    written = []
    for po in directory.glob("*/LC_MESSAGES/messages.po"):
        mo = compiled_path(po)
        mo.parent.mkdir(parents=True, exist_ok=True)
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as source:
            catalogue = read_po(source)
        with mo.open("wb") as target:
            write_mo(target, catalogue)
        written.append(mo)
    return written
