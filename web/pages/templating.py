"""What every page template can use: the navigation, the language, labels and date formats."""

from __future__ import annotations

import datetime as dt

from flask import Flask, g, request
from flask_babel import format_date, format_datetime
from flask_login import current_user

from casework.queries import county_policy
from casework.rules import masking
from casework.rules.deadlines import due_day
from web.pages import i18n, navigation, offline
from web.pages.labels import TABLES, field_label, label
from web.pages.session import now


def init_app(app: Flask) -> None:
    app.context_processor(_context)
    # globals, not context: macros imported without context use them too
    app.jinja_env.globals["name_of"] = lambda table, code: label(TABLES[table], code)
    app.jinja_env.globals["field_label"] = field_label
    app.jinja_env.globals["category_name"] = category_name
    app.jinja_env.filters["day"] = _day
    app.jinja_env.filters["moment"] = _moment
    app.jinja_env.filters["month"] = _month
    app.jinja_env.filters["due"] = _due
    app.jinja_env.filters["month_name"] = lambda value: format_date(value, "MMM")
    # personal data: masked unless the record view showed it whole (web.access.unmask_for)
    app.jinja_env.filters["id_number"] = _masked(masking.mask_id_number)
    app.jinja_env.filters["phone"] = _masked(masking.mask_phone)
    app.jinja_env.filters["address"] = _masked(masking.mask_address)
    app.jinja_env.filters["birth_date"] = lambda value: _day(value) if g.get("unmasked") else (
        _month(value)
    )  # fmt: skip


def category_name(code: str) -> str:
    """A category's name: every county's from the catalogue, a category the signed-in user's
    county set itself by its Chinese name (read once a request)."""
    fixed = TABLES["category"]
    if code in fixed or not current_user.is_authenticated:
        return label(fixed, code)
    if "county_category_names" not in g:
        g.county_category_names = county_policy.category_names(current_user.actor.county_id)
    return g.county_category_names.get(code) or str(code)


def _masked(mask):
    return lambda value: value if g.get("unmasked") else mask(value)


def _context() -> dict:
    return {
        "nav": navigation.visible_entries(),
        "language": i18n.current_language(),
        "languages": i18n.LANGUAGES,
        "signed_in": current_user if current_user.is_authenticated else None,
        "here": request.full_path.rstrip("?") if request else "/",
        "now_utc": now(),
        "offline_app": offline.offline_user(),
    }


def _day(value: dt.date | None) -> str:
    return format_date(value, "medium") if value else "—"


def _moment(value: dt.datetime | None) -> str:
    """A stored UTC timestamp in the county's local time."""
    return format_datetime(value, "short") if value else "—"


def _due(value: dt.datetime | None) -> str:
    """A deadline is the end of its due day (local midnight after it): show that day."""
    return format_date(due_day(value), "medium") if value else "—"


def _month(value: dt.date | None) -> str:
    return format_date(value, "yyyy-MM") if value else "—"
