"""The action pages, one definition for every workflow: GET and POST <cases>/<id>/actions/<name>,
as web/api/actions.py is the API's one action endpoint.

GET draws the action's form (its fields from the payload schema, web/pages/forms.py; values
and questions from web/pages/hints.py); POST gathers what was typed and lets the workflow's
service carry the action out. On a refusal of the input the form comes back with everything
typed and every field's error at once (422); an action the case is no longer open to, or a
stale page, is told on the case page. A workflow's page module registers its `CasePages` and
its case page draws `buttons(...)`: one-click buttons for actions that ask nothing, links to
the forms of the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from casework.errors import Conflict, Invalid, NotPermitted
from casework.vocabulary import Role
from casework.workflows.definition import Workflow
from web.pages import casefile, messages, pickers
from web.pages.forms import FormField, action_fields, payload_from
from web.pages.hints import From, Hint, hint
from web.pages.labels import label, of_workflow
from web.pages.session import actor, now, roles_required


@dataclass(frozen=True)
class CasePages:
    """What the action pages of one workflow need beyond its definition."""

    workflow: Workflow
    load: Callable  # the service's record: (actor, case id) -> .open_actions, .state, .version
    act: Callable  # the service's act(actor, case id, action, now=, reason=, payload=, ...)
    case_id: str  # the case id's name in the URLs ("application_id")
    show: str  # the case page's endpoint
    index: str | None = None  # the list of cases' endpoint (taking `state`), if there is one
    # what the page builds itself from the fields it draws: action -> (form) -> payload
    payloads: dict[str, Callable] = field(default_factory=dict)
    # more for the action page's template: (record, ActionForm) -> dict
    context: Callable[[Any, ActionForm], dict] | None = None
    # the page drawn with a refused form, (record, ActionForm) -> page, for a case page that
    # draws the forms itself; None: the action's page (cases/action.html), as GET draws it
    refused_page: Callable | None = None
    page_class: str = ""  # the action page's <main> class ("field-page": laid out for phones)
    roles: Iterable[Role] | None = None  # who may open the action pages at all, if not anyone

    def url(self, case_id: int, name: str) -> str:
        blueprint = self.show.rpartition(".")[0]
        return url_for(f"{blueprint}.act", name=name, **{self.case_id: case_id})


@dataclass
class ActionForm:
    """One action's form as a page draws it: fields, values (defaults, then what was typed)
    and errors by field ("_" for the refusal as a whole)."""

    name: str
    label: str
    url: str
    specs: list[FormField]
    values: dict
    errors: dict = field(default_factory=dict)
    hint: Hint = field(default_factory=Hint)
    one_click: bool = False
    refusal: Invalid | None = None  # the refusal as raised, for pages that place its errors

    @property
    def confirm(self) -> str | None:
        return str(self.hint.confirm) if self.hint.confirm else None


CASE_PAGES: dict[str, CasePages] = {}  # by workflow name: the dashboard links to their lists


def register(bp: Blueprint, pages: CasePages) -> None:
    """Add `/<case_id>/actions/<name>` (GET the form, POST the action) to `bp`."""
    CASE_PAGES[pages.workflow.name] = pages

    def view(name: str, **ids):
        return _act(pages, ids[pages.case_id], name)

    view.__name__ = "act"
    if pages.roles is not None:
        view = roles_required(pages.roles)(view)
    bp.add_url_rule(
        f"/<int:{pages.case_id}>/actions/<name>", view_func=view, methods=["GET", "POST"]
    )


def _act(pages: CasePages, case_id: int, name: str):
    action = pages.workflow.action(name)
    if action is None or not action.sources:
        abort(404)
    back = url_for(pages.show, **{pages.case_id: case_id})
    if request.method == "POST":
        record, form = _post(pages, case_id, name)
        if form is None:
            return redirect(back)
        if pages.refused_page is not None:
            return pages.refused_page(record, form), 422
        return _form_page(pages, record, form), 422
    record = pages.load(actor(), case_id)
    if name not in record.open_actions:
        if actor().role not in action.roles:
            raise NotPermitted("your role may not open this page", code="page_not_for_role")
        flash(messages.not_possible(pages.workflow.name, name, record.state), "error")
        return redirect(back)
    return _form_page(pages, record, action_form(pages, record, name))


def _post(pages: CasePages, case_id: int, name: str):
    """Carry the action out: (record, None) when done or refused as a whole (flashed), the
    record and the form with its errors when the input was refused."""
    workflow, typed = pages.workflow, request.form
    try:
        specs = action_fields(workflow.action(name), hint(workflow.name, name).drawn)
        payload = None
        if workflow.action(name).payload is not None:
            extra = pages.payloads[name](typed) if name in pages.payloads else None
            payload = payload_from(typed, specs, extra)
        pages.act(actor(), case_id, name, now=now(), payload=payload,
                  reason=typed.get("reason", ""),
                  expected_version=typed.get("expected_version", type=int))  # fmt: skip
    except Invalid as exc:
        errors = {**messages.field_errors(exc), "_": [messages.for_error(exc)]}
        record = pages.load(actor(), case_id)
        form = action_form(pages, record, name, typed, errors)
        form.refusal = exc
        return record, form
    except Conflict as exc:
        flash(messages.for_error(exc), "error")
        return None, None
    flash(_l("Done: %(action)s.", action=_label(workflow, name)), "success")
    return None, None


def action_form(pages: CasePages, record, name: str, typed=None, errors=None) -> ActionForm:
    """`name`'s form on `record`, ready to draw: the values its hint fills in (or what was
    `typed`), the choices of its pickers, and `errors`."""
    form = _form(pages, record, name)
    form.values = _typed(typed, form.specs) if typed is not None else _defaults(form.hint, record)
    form.errors = errors or {}
    pickers.fill(form.specs, form.values, record.id)
    return form


def buttons(pages: CasePages, record) -> list[ActionForm]:
    """The actions open to the signed-in user on `record`, as buttons (their forms not yet
    filled in), but those whose form the case page draws itself."""
    found = [_form(pages, record, name) for name in record.open_actions]
    return [form for form in found if not form.hint.own_form]


def _form(pages: CasePages, record, name: str) -> ActionForm:
    found = hint(pages.workflow.name, name)
    specs = action_fields(pages.workflow.action(name), found.drawn)
    url = pages.url(record.id, name)
    form = ActionForm(name, _label(pages.workflow, name), url, specs, {}, {}, found)
    form.one_click = _one_click(form, record)
    return form


def _one_click(form: ActionForm, record) -> bool:
    if form.hint.confirm:
        return False  # its page asks first
    rule = form.hint.one_click
    if rule is None:
        return not form.specs and not form.hint.drawn and not form.hint.partial
    return bool(rule.read(_context(record))) if isinstance(rule, From) else rule


def _defaults(found: Hint, record) -> dict:
    context = _context(record)
    values = {}
    for name, default in found.defaults.items():
        value = default.read(context) if isinstance(default, From) else default
        if value is not None:
            values[name] = _shown(value)
    return values


def _shown(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return value
    return str(value)


def _typed(typed, specs: list[FormField]) -> dict:
    """The form as typed, lists for the checkboxes: drawn again exactly as sent."""
    values = typed.to_dict()
    for spec in specs:
        if spec.kind == "checkboxes":
            values[spec.name] = typed.getlist(spec.name)
    return values


def _context(record) -> dict:
    today = casefile.local_today(now())
    return {"record": record, "actor": actor(), "today": today, "this_month": f"{today:%Y-%m}"}


def _label(workflow: Workflow, name: str) -> str:
    return label(of_workflow(workflow.name).actions, name)


def _form_page(pages: CasePages, record, form: ActionForm):
    names = of_workflow(pages.workflow.name)
    more = pages.context(record, form) if pages.context else {}
    return render_template(
        "cases/action.html",
        record=record,
        form=form,
        case_title=str(names.case_title) % {"id": record.id},
        back=url_for(pages.show, **{pages.case_id: record.id}),
        page_class=pages.page_class,
        **more,
    )
