"""Reports from the public (强制报告 is everyone's duty): a web form without sign-in.

A report must name who filed it; a member of the public has no account, so each county has
one inactive account that stands for "the public web form". It cannot sign in (inactive, no
password) and files nothing but these reports; the reporter's own name and phone are on the
report itself. Case workers see the report in `reported` like any other.
"""

from __future__ import annotations

import datetime as dt

from casework.db import write_transaction
from casework.errors import REQUIRED, Invalid
from casework.models import Place, User
from casework.services import reports
from casework.vocabulary import PlaceLevel, Role
from casework.workflows.definition import Actor
from casework.workflows.payloads import load_payload
from casework.workflows.report import REPORT
from casework.workflows.report_steps import unknown_report_place

PUBLIC_NAME = "公众网上举报"  # shown as the filer in the case history


def places() -> list[Place]:
    """Every county, township and village a member of the public may choose, by county."""
    return list(Place.select().order_by(Place.path))


def public_filer(county_id: int, now: dt.datetime) -> Actor:
    """The county's account standing for the public form, created inactive on first use."""
    username = f"public-report-{county_id}"
    user = User.get_or_none(User.username == username)
    if user is None:
        with write_transaction():
            user = User.create(
                username=username, name=PUBLIC_NAME, role=Role.SYSTEM, place=county_id,
                password_hash="", active=False, created_at=now,
            )  # fmt: skip
    return Actor(user.id, Role.SYSTEM, user.name, county_id, f"/{county_id}/", None)


def file_public_report(payload: dict, now: dt.datetime):
    """File a report from the public form: in `reported`, due for acceptance in a working day.
    A member of the public cannot link a child's file (they describe the child instead) and
    leaves a phone; the report is filed by the account standing for the place's county."""
    data = load_payload(REPORT.creating.payload, {**payload, "child_id": None})
    place = Place.get_or_none(id=data["place_id"])
    if place is None or place.level == PlaceLevel.COUNTY:
        raise unknown_report_place()
    if not data["reporter_phone"]:
        raise Invalid(
            "the payload is not valid", {"reporter_phone": [REQUIRED]}, code="invalid_payload"
        )
    filer = public_filer(place.county_id, now)
    return reports.file_report(filer, data, now, public_form=True)
