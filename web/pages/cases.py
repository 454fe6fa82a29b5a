"""The pages of every workflow of the registry without a page module of its own (a definition
with a `resource`, casework/workflows/definition.py): the list of cases in one's scope with a
state filter, a new case (the creating action's form, drawn from its payload as every action's
form is), and a case's page with its facts, the actions open to the user (the one action
handler, web/pages/actions.py, with the workflow's hints) and its history. What the pages call
the workflow's states, actions and fields comes from its labels (web/pages/case_labels.py)."""

from __future__ import annotations

import datetime as dt
from functools import cache

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from peewee import ForeignKeyField

from casework.errors import Invalid
from casework.rules import masking
from casework.services.cases import CaseService, generic_workflows, service
from casework.vocabulary import Role
from casework.workflows.definition import Workflow
from web.access import unmask_for
from web.pages import actions, casefile, messages, navigation, pickers
from web.pages.actions import CasePages
from web.pages.forms import CHOICE_NAMES, YES_NO, action_fields, payload_from
from web.pages.hints import hint
from web.pages.labels import field_label, label, of_workflow
from web.pages.session import actor, now, require_sign_in, roles_required

# columns every case has, shown in the page's heading or not at all
BOOKKEEPING = frozenset({"id", "state", "version", "due_at", "state_entered_at", "created_at",
                         "updated_at"})  # fmt: skip


@cache  # built once, registered on every app the process makes (as the modules' own are)
def blueprints() -> tuple[Blueprint, ...]:
    return tuple(_blueprint(workflow) for workflow in generic_workflows())


def readers(workflow: Workflow) -> list[Role]:
    """Who may open the pages: whoever any action names; `visible` decides each case."""
    roles = {role for action in workflow.actions for role in action.roles} - {Role.SYSTEM}
    return sorted(roles)


def _blueprint(workflow: Workflow) -> Blueprint:
    name = f"pages_{workflow.name}"
    bp = Blueprint(name, __name__, template_folder="templates", url_prefix=f"/{workflow.resource}")
    bp.before_request(require_sign_in)
    cases, names, roles = service(workflow), of_workflow(workflow.name), readers(workflow)
    creators = sorted(workflow.creating.roles - {Role.SYSTEM})
    navigation.add(f"{name}.index", names.title, roles, order=45)
    navigation.set_home(f"{name}.index", [r for r in roles if r in HOME_ON_LIST])

    @bp.get("", endpoint="index")
    @roles_required(roles)
    def index():
        state = request.args.get("state", "")
        state = state if state in set(workflow.states) else ""
        rows, total = cases.list(actor(), now=now(), state=state or None, per_page=200)
        return render_template(
            "cases/index.html",
            workflow=workflow,
            names=names,
            rows=[(row, [_shown(row, c) for c in workflow.list_columns]) for row in rows],
            columns=[field_label(c) for c in workflow.list_columns],
            total=total,
            state=state,
            states=list(workflow.states),
            may_create=actor().role in creators,
        )

    @bp.route("/new", methods=["GET", "POST"], endpoint="new")
    @roles_required(creators)
    def new():
        return _new(workflow, cases)

    @bp.get("/<int:case_id>", endpoint="show")
    @roles_required(roles)
    def show(case_id: int):
        record = cases.get(actor(), case_id)
        unmask_for(actor(), workflow.name, case_id, record.case.county_id)  # logged
        return render_template(
            "cases/show.html",
            workflow=workflow,
            names=names,
            record=record,
            case_title=str(names.case_title) % {"id": case_id},
            buttons=actions.buttons(PAGES[workflow.name], record),
            facts=_facts(workflow, record.case),
            sub_cases=_sub_cases(workflow, cases, case_id),
            history=[casefile._event(e) for e in reversed(record.history)],
        )

    PAGES[workflow.name] = CasePages(
        workflow,
        load=cases.get,
        act=cases.act,
        case_id="case_id",
        show=f"{name}.show",
        index=f"{name}.index",
        roles=roles,
    )
    actions.register(bp, PAGES[workflow.name])
    return bp


PAGES: dict[str, CasePages] = {}
# Roles whose work is one generic workflow's cases: they start on its list. A department's
# staff answer the requests transferred to them and have nothing else to do here.
HOME_ON_LIST = frozenset({Role.DEPARTMENT_STAFF})


def _new(workflow: Workflow, cases: CaseService):
    """The creating action's form; on a refusal, drawn again as typed with every error."""
    creating = workflow.creating
    specs = action_fields(creating, hint(workflow.name, creating.name).drawn)
    errors: dict[str, list[str]] = {}
    values = request.form.to_dict() if request.method == "POST" else request.args.to_dict()
    if request.method == "GET" and creating.prefill is not None:  # from a source's page
        filled = creating.prefill(actor(), values)
        values = {k: "" if v is None else str(v) for k, v in filled.items()}
    if request.method == "POST":
        try:
            case = cases.create(actor(), payload_from(request.form, specs), now())
        except Invalid as exc:
            errors = {**messages.field_errors(exc), "_": [messages.for_error(exc)]}
        else:
            names = of_workflow(workflow.name)
            flash(_l("Done: %(action)s.", action=label(names.actions, creating.name)), "success")
            return redirect(url_for(f"pages_{workflow.name}.show", case_id=case.id))
    pickers.fill(specs, values)
    names = of_workflow(workflow.name)
    return render_template(
        "cases/new.html",
        workflow=workflow,
        title=label(names.actions, creating.name),
        specs=specs,
        values=values,
        errors=errors,
        back=url_for(f"pages_{workflow.name}.index"),
        workflow_title=names.title,
    ), (422 if errors else 200)


def _sub_cases(workflow: Workflow, cases: CaseService, case_id: int) -> list:
    """A case's sub-cases (a model with a `parent` of its own kind: a request transferred to
    several departments at once), those the user may read, oldest first."""
    parent = workflow.model._meta.fields.get("parent")
    if not isinstance(parent, ForeignKeyField) or parent.rel_model is not workflow.model:
        return []
    return list(cases.scoped(actor()).where(parent == case_id).order_by(workflow.model.id))


def _facts(workflow: Workflow, row) -> list[tuple[str, str]]:
    """The case's columns that say something, named and shown as the pages show codes."""
    found = []
    for column in workflow.model._meta.sorted_fields:
        if column.name in BOOKKEEPING:
            continue
        shown = _shown(row, column.name)
        if shown:
            found.append((field_label(column.name), shown))
    return found


def _shown(row, name: str) -> str:
    column = row._meta.fields[name]
    if isinstance(column, ForeignKeyField):
        if getattr(row, column.column_name) is None:
            return ""
        related = getattr(row, name)
        return str(getattr(related, "name", "") or f"#{related.id}")
    value = getattr(row, name)
    if value is None or value == "":
        return ""
    if masking.is_personal(name) and not g.get("unmasked"):
        value = masking.mask_field(name, value)
    if isinstance(value, bool):
        return label(YES_NO, value)
    if isinstance(value, dt.datetime):
        return value.isoformat(" ", "minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    return label(CHOICE_NAMES.get(name, {}), value)
