"""Forms for workflow actions, generated from the action's marshmallow payload schema (the same
schema the engine validates), so a field added to a payload appears on the page by itself.

The form only gathers what the user typed; the engine validates it and its field errors are
shown next to the fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from casework.errors import FieldError, Invalid
from casework.services.settlement_policy import FIRST_YEAR, LAST_YEAR
from casework.workflows.claim_payloads import Money
from casework.workflows.definition import Action
from casework.workflows.payloads import Month
from web.pages.case_labels import CASE_CHOICES, HARM_TYPES
from web.pages.labels import AID_ITEMS, DOCUMENTS, FIELDS, label

YES_NO = {True: _l("Yes"), False: _l("No")}
LONG_TEXT = 200  # free text allowed longer than this gets a text area
# record ids chosen from a list (web/pages/pickers.py), never typed as numbers
PICKED = {"child_id": "child", "duplicate_of": "report_case", "report_case_id": "report_case",
          "preferred_institution_id": "institution", "place_id": "place",
          "benefit": "benefit", "grant_benefit": "benefit"}  # fmt: skip
# what a field's codes are called, where a field offers a choice of codes
CHOICE_NAMES = {
    "items": AID_ITEMS,
    "aid_item": AID_ITEMS,
    "harm_type": HARM_TYPES,
    **CASE_CHOICES,
}


@dataclass
class FormField:
    name: str
    kind: str  # date, month, number, text, textarea, checkboxes, select, picker, hidden
    required: bool
    label: str
    choices: list[tuple[str, str]] = field(default_factory=list)
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None
    source: str = ""  # a picker's records: child, report_case, institution or place
    search_url: str | None = None  # a picker's search, when its list is cut short


def action_fields(action: Action, special: frozenset[str] = frozenset()) -> list[FormField]:
    """The fields `action` asks for: its reason first, then its payload (except `special`
    fields, which the page draws itself, such as the institution to refer to)."""
    found = []
    if action.needs_reason:
        found.append(
            FormField("reason", "textarea", True, label(FIELDS, "reason"), max_length=2000)
        )
    if action.payload is not None:
        for name, declared in _declared(action.payload).items():
            if name not in special:
                found.append(_field(name, declared))
    return found


def schema_fields(schema: type[Schema]) -> list[FormField]:
    """A form of a payload schema's fields, as an action's payload is drawn."""
    return [_field(name, declared) for name, declared in _declared(schema).items()]


def _declared(schema: type[Schema]) -> dict[str, fields.Field]:
    return dict(schema._declared_fields)


def _field(name: str, declared: fields.Field) -> FormField:
    spec = FormField(name, "text", bool(declared.required), label(FIELDS, name))
    for rule in _validators(declared):
        if isinstance(rule, validate.Range):
            spec.minimum, spec.maximum = rule.min, rule.max
        if isinstance(rule, validate.Length):
            spec.max_length = rule.max
    if name in PICKED:
        spec.kind, spec.source = "picker", PICKED[name]
    elif isinstance(declared, Month):
        spec.kind = "month"
    elif isinstance(declared, fields.Date):
        spec.kind = "date"
    elif isinstance(declared, fields.Integer):
        spec.kind = "number"
    elif isinstance(declared, fields.Boolean):
        spec.kind = "select"  # yes or no, said out loud: an unticked box is not an answer
        spec.choices = yes_no_choices()
    elif isinstance(declared, fields.List):
        spec.kind = "checkboxes"
        table = CHOICE_NAMES.get(name, DOCUMENTS)
        spec.choices = [(c, label(table, c)) for c in _one_of(declared.inner)]
    elif isinstance(declared, Money):  # yuan, typed on one line
        spec.kind = "text"
    elif isinstance(declared, fields.String) and _one_of(declared):
        spec.kind = "select"
        table = CHOICE_NAMES.get(name, {})
        spec.choices = [(c, label(table, c)) for c in _one_of(declared)]
    elif isinstance(declared, fields.String):
        long_text = spec.max_length is None or spec.max_length > LONG_TEXT
        spec.kind = "textarea" if long_text else "text"
    return spec


def _validators(declared: fields.Field) -> list:
    return list(getattr(declared, "validators", []) or [])


def _one_of(inner: fields.Field) -> list[str]:
    for rule in _validators(inner):
        if isinstance(rule, validate.OneOf):
            return [str(c) for c in rule.choices]
    return []


def payload_from(form, specs: list[FormField], extra: dict | None = None) -> dict:
    """What the user entered for `specs`, as the payload schema expects it, beside `extra`
    (what the page built from fields it draws itself); an empty input is left out so that the
    schema's own default or "required" applies."""
    payload = dict(extra or {})
    for spec in specs:
        if spec.name == "reason" or spec.name in payload:  # the page built it itself
            continue
        if spec.kind == "checkboxes":
            payload[spec.name] = form.getlist(spec.name)
            continue
        value = (form.get(spec.name) or "").strip()
        if value:
            payload[spec.name] = value
    return payload


def yes_no_choices() -> list[tuple[str, str]]:
    """A yes-or-no select's choices, in the page's language (so made per request)."""
    return [("true", label(YES_NO, True)), ("false", label(YES_NO, False))]


def year_arg(values, default: int) -> int:
    """A page's `year` argument (the dashboard's figures, the attendance grid): one of the aid
    years, else 422 in the page's words; year 99999 is past what a date holds (a 500)."""
    year = values.get("year", default, type=int)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        years = {"start": FIRST_YEAR, "end": LAST_YEAR}
        message = f"must be a year between {FIRST_YEAR} and {LAST_YEAR}"
        wrong = FieldError(message, code="year_out_of_range", params=years)
        raise Invalid(message, {"year": [wrong]}, code="year_out_of_range", params=years)
    return year
