"""Domain and validation messages, which casework and marshmallow write in English, shown in
the page's language. Each known message is matched by a pattern and rewritten through the
catalogue; an unknown one falls back to a translated message for its kind of error, so a page
never mixes languages."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

from casework.errors import Conflict, DomainError, Invalid, NotFound, NotPermitted, Unauthenticated
from web.pages.labels import ACTIONS, AID_ITEMS, DISABILITIES, DOCUMENTS, STATES, label

KNOWN = [
    # refusals of a whole request
    (r"wrong username or password", _l("Wrong username or password.")),
    (r"the current password is wrong", _l("The current password is wrong.")),
    (r"password too short", _l("The password is too short.")),
    (r"the new password is the old one", _l("The new password is the same as the current one.")),
    (r"(?P<action>\w+) is not possible in state (?P<state>\w+)",
     _l("“%(action)s” is not possible while the application is “%(state)s”.")),
    (r"version is \d+, not \d+.*", _l("Someone changed this record meanwhile: reload the page.")),
    (r"the (case|file) changed while you were .*",
     _l("Someone changed this record meanwhile: reload the page.")),
    (r"(?P<action>\w+) needs a reason", _l("“%(action)s” needs a reason.")),
    (r"papers missing: (?P<documents>.+)", _l("Papers missing: %(documents)s.")),
    (r"the application is not eligible \(.*\): approving needs an override reason",
     _l("The application is not eligible: approving it needs a written override reason.")),
    (r"no designated institution with room offers these aid items",
     _l("No designated institution with room offers these aid items.")),
    (r"(?P<name>.+) is full \((?P<count>\d+) in care\)",
     _l("%(name)s is full (%(count)s children in care).")),
    (r"that institution (is not a designated institution offering|does not offer) these .*",
     _l("That institution does not offer every aid item on the application.")),
    (r"a file for this ID number exists", _l("A file for this ID number already exists.")),
    (r"ID number must be 18 characters", _l("The ID number must have 18 characters.")),
    (r"ID number has a wrong check digit", _l("The ID number has a wrong check digit.")),
    (r"ID number has an impossible birth date or region",
     _l("The ID number has an impossible birth date or region code.")),
    (r"ID number is not a valid resident ID number", _l("This is not a valid resident ID number.")),
    (r"the child lives outside your institution's county",
     _l("The child lives outside your institution's county.")),
    (r"that village is outside your scope", _l("That village is outside your area.")),
    (r"the plan starts before the assessment", _l("The plan starts before the assessment.")),
    (r"completed before it started", _l("The completion date is before the plan started.")),
    (r"month outside the rehabilitation", _l("The month is outside the rehabilitation.")),
    (r"last month attended is outside the rehabilitation",
     _l("The last month attended is outside the rehabilitation.")),
    (r"the child had dropped out", _l("The child had dropped out by then.")),
    (r"a date is in the future", _l("A date is in the future.")),
    (r"application date in the future", _l("The application date is in the future.")),
    (r"aid items are not valid", _l("Choose one or more aid items.")),
    (r"unknown child", _l("Unknown child.")),
    (r"unknown place", _l("Unknown place.")),
    (r"the child's file is not valid", _l("The child's file has errors: see the fields below.")),
    (r"the payload is not valid", _l("The form has errors: see the fields below.")),
    (r"your role may not open this page", _l("Your role may not open this page.")),
    (r".* (is|are) outside your scope", _l("This record is outside your area of work.")),
    (r".* does not exist", _l("This record does not exist.")),
    # messages on one field
    (r"required|a reason is required|Missing data for required field\.",
     _l("This field is required.")),
    (r"cannot be in the future|cannot be after today", _l("Cannot be in the future.")),
    (r"must be between (?P<start>[\d-]+) and (?P<end>[\d-]+)",
     _l("Must be between %(start)s and %(end)s.")),
    (r"after (?P<month>[\d-]+)", _l("After %(month)s, the last month attended.")),
    (r"before assessed_on", _l("Before the assessment date.")),
    (r"before the plan starts", _l("Before the plan starts.")),
    (r"does not offer every aid item on the application|must offer every aid item",
     _l("Does not offer every aid item on the application.")),
    (r"required when the application is not eligible",
     _l("Required because the application is not eligible.")),
    (r"one or more distinct aid items", _l("Choose one or more aid items.")),
    (r"must be a village", _l("Choose a village.")),
    (r"no such child", _l("No such child.")),
    (r"no such place", _l("No such place.")),
    (r"at least 8 characters", _l("At least 8 characters.")),
    (r"wrong password", _l("Wrong password.")),
    (r"same as the current", _l("Same as the current password.")),
    (r"the two passwords differ", _l("The two new passwords differ.")),
    (r"expected a month as YYYY-MM", _l("Enter a month like 2026-03.")),
    (r"Not a valid date\.", _l("Enter a valid date.")),
    (r"Not a valid integer\.", _l("Enter a whole number.")),
    (r"Must be greater than or equal to (?P<min>-?\d+) and less than or equal to (?P<max>-?\d+)\.",
     _l("Must be from %(min)s to %(max)s.")),
    (r"Shorter than minimum length \d+\.", _l("This field is required.")),
    (r"Longer than maximum length (?P<max>\d+)\.", _l("At most %(max)s characters.")),
    (r"Must be one of: .*|unknown: .*", _l("Choose from the list.")),
]  # fmt: skip
PATTERNS = [(re.compile(pattern), message) for pattern, message in KNOWN]
VALUE_LABELS = {"action": ACTIONS, "state": STATES}

FALLBACK = {
    Invalid: _l("The input is not valid."),
    NotPermitted: _l("You may not do this."),
    NotFound: _l("This record does not exist."),
    Unauthenticated: _l("Please sign in."),
    Conflict: _l("This cannot be done now: reload the page and try again."),
}


def translate(text: str, fallback=None) -> str:
    """`text` in the page's language; `fallback` (or a generic message) when it is unknown."""
    for pattern, message in PATTERNS:
        match = pattern.fullmatch(text.strip())
        if match:
            return str(message) % _named(match.groupdict()) if match.groupdict() else str(message)
    return str(fallback or _l("The input is not valid."))


def _named(groups: dict[str, str]) -> dict[str, str]:
    named = {}
    for key, value in groups.items():
        if key in VALUE_LABELS:
            value = label(VALUE_LABELS[key], value)
        elif key == "documents":
            value = "、".join(label(DOCUMENTS, d.strip()) for d in value.split(","))
        named[key] = value
    return named


def for_error(exc: DomainError) -> str:
    fallback = next((m for kind, m in FALLBACK.items() if isinstance(exc, kind)), None)
    return translate(exc.detail, fallback)


def field_errors(exc: Invalid) -> dict[str, list[str]]:
    """Per-field messages, translated; nested marshmallow errors are flattened to their field."""
    result = {}
    for name, messages in exc.fields.items():
        result[name] = [translate(m) for m in _flatten(messages)]
    return result


def _flatten(messages) -> list[str]:
    if isinstance(messages, str):
        return [messages]
    if isinstance(messages, dict):
        return [m for value in messages.values() for m in _flatten(value)]
    return [m for value in messages for m in _flatten(value)]


def eligibility_reason(reason: dict) -> str:
    """One shortfall of the eligibility result, in words."""
    code, item = reason.get("code"), reason.get("item")
    item_name = label(AID_ITEMS, item) if item else ""
    if code == "residence":
        return str(_l("No permanent hukou, temporary hukou or residence permit in the county."))
    if code == "diagnosis":
        return str(_l("No diagnosis or assessment certificate received."))
    if code == "duplicate":
        return str(_l("%(item)s: already granted to this child in this aid year.", item=item_name))
    if code == "disability":
        found = re.search(r"no (\w+) disability", reason.get("message", ""))
        kind = label(DISABILITIES, found.group(1)) if found else ""
        return str(_l("%(item)s: the file records no %(kind)s disability.", item=item_name,
                      kind=kind))  # fmt: skip
    if code == "age":
        found = re.search(r"age (\d+) on (\S+) is above the limit of (\d+)", reason["message"])
        if found:
            age, day, limit = found.groups()
            return str(_l("%(item)s: aged %(age)s on %(day)s, above the limit of %(limit)s.",
                          item=item_name, age=age, day=day, limit=limit))  # fmt: skip
    return translate(reason.get("message", ""), _l("Not eligible."))


def yes_no(value: bool) -> str:
    return str(_l("Yes") if value else _l("No"))
