"""Workflow 4: a request transferred from the window to a department (转介, 一门受理、协同办理),
docs/domain.md "Workflow 4".

A family's request (or the assistance a report case needs) is received once at a window, the
county's or a township's; the window transfers it to the department responsible, which accepts
it or refuses it with a reason (the window then transfers it elsewhere or answers the family),
handles it, and feeds the result back; the window answers the family and closes it.

Served by the generic service, API and pages (`resource`): no modules of its own beside this
definition, its payloads and steps. The department's side (accept, refuse, handle, feed back)
is its own staff's, at the county's office or a township's; they see only the requests
transferred to their department, and nothing else of the child.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from peewee import ModelSelect

from casework.models import Place, Transfer
from casework.rules.deadlines import Deadline
from casework.vocabulary import Role
from casework.workflows import transfer_payloads as p
from casework.workflows import transfer_sources
from casework.workflows import transfer_steps as step
from casework.workflows.definition import Action, Actor, Case, Responsible, Workflow


class TransferState(StrEnum):
    RECEIVED = "received"
    TRANSFERRED = "transferred"
    ACCEPTED = "accepted"
    REFUSED = "refused"
    HANDLED = "handled"
    FED_BACK = "fed_back"
    ANSWERED = "answered"
    CLOSED = "closed"


S = TransferState
# The states' Chinese names, written here only: the ledgers use them, and the pages show them in
# Chinese (web/pages/case_labels.py holds only the English).
STATE_NAMES: dict[str, str] = {
    S.RECEIVED: "窗口已受理",
    S.TRANSFERRED: "已转介部门",
    S.ACCEPTED: "部门已接收",
    S.REFUSED: "部门退回",
    S.HANDLED: "部门已办理",
    S.FED_BACK: "已反馈结果",
    S.ANSWERED: "已答复家庭",
    S.CLOSED: "已结案",
}
# The windows: the county's case worker and the township's child supervisor.
WINDOW = frozenset({Role.CASE_WORKER, Role.CHILD_SUPERVISOR})
# The department's side: its own staff, on the requests transferred to their department; the
# county's case worker on its behalf while it has no one (transfer_steps.for_the_department).
DEPARTMENT = frozenset({Role.DEPARTMENT_STAFF, Role.CASE_WORKER})
READERS = WINDOW | {Role.LEADER}

# Time limits in working days, each overridable by the county (workflows/policy.py).
DISPATCH = Deadline("transfer_dispatch", 2)  # the window transfers what it received
DEPARTMENT_ANSWER = Deadline("department_answer", 3)  # the department accepts or refuses
HANDLING = Deadline("department_handling", 15)
FEEDBACK = Deadline("handling_feedback", 2)  # the result back to the window
# the window answers the family: on the department's feedback or on its refusal
FAMILY_ANSWER = Deadline("family_answer", 3)
DEADLINES: dict[str, Deadline] = {
    S.RECEIVED: DISPATCH,
    S.TRANSFERRED: DEPARTMENT_ANSWER,
    S.ACCEPTED: HANDLING,
    S.HANDLED: FEEDBACK,
    S.REFUSED: FAMILY_ANSWER,
    S.FED_BACK: FAMILY_ANSWER,
}
WORKER, LEADER, STAFF = Role.CASE_WORKER, Role.LEADER, Role.DEPARTMENT_STAFF
# The department's deadlines remind its staff of the family's township or the county
# (reminders/scope.py, "department"), and escalate to the window: the county's case worker,
# who also receives them while the department has no one appointed.
RESPONSIBLE = {
    "transfer_dispatch": Responsible(WORKER, "county", LEADER, "county", "转介请求未按时转办"),
    "department_answer": Responsible(STAFF, "department", WORKER, "county", "部门未按时受理转介"),
    "department_handling": Responsible(STAFF, "department", WORKER, "county", "部门办理超期"),
    "handling_feedback": Responsible(
        STAFF, "department", WORKER, "county", "部门未按时反馈办理结果"
    ),
    "family_answer": Responsible(WORKER, "county", LEADER, "county", "未按时答复家庭"),
}


def _action(
    name: str, sources: Iterable[str], dest: str | None, roles: Iterable[Role], **kw: Any
) -> Action:
    return Action(name, tuple(sources), dest, frozenset(roles), **kw)


ACTIONS = (
    _action(
        "receive",
        (),
        S.RECEIVED,
        WINDOW,
        payload=p.ReceivePayload,
        party=step.window_of_place,
        build=step.receive,
        prefill=transfer_sources.prefill,
        doc="at the window; or from a report case, a visit, a rehab-aid application",
    ),
    _action(
        "transfer",
        (S.RECEIVED, S.REFUSED),
        S.TRANSFERRED,
        WINDOW,
        payload=p.TransferPayload,
        effect=step.transfer,
        doc="to the department responsible; not again to one that refused it",
    ),
    _action(
        "accept",
        (S.TRANSFERRED,),
        S.ACCEPTED,
        DEPARTMENT,
        party=step.for_the_department,
        doc="the department takes it",
    ),
    _action(
        "refuse",
        (S.TRANSFERRED,),
        S.REFUSED,
        DEPARTMENT,
        party=step.for_the_department,
        needs_reason=True,
        effect=step.refuse,
        doc="not the department's: the window transfers it elsewhere or answers the family",
    ),
    _action(
        "record_handling",
        (S.ACCEPTED,),
        S.HANDLED,
        DEPARTMENT,
        party=step.for_the_department,
        payload=p.HandlingPayload,
        effect=step.record_handling,
        doc="what was done, and whether a benefit was granted",
    ),
    _action(
        "feed_back",
        (S.HANDLED,),
        S.FED_BACK,
        DEPARTMENT,
        party=step.for_the_department,
        payload=p.FeedbackPayload,
        effect=step.feed_back,
        doc="the result, back to the window",
    ),
    _action(
        "answer_family",
        (S.FED_BACK, S.REFUSED),
        S.ANSWERED,
        WINDOW,
        payload=p.AnswerPayload,
        effect=step.answer_family,
        doc="what the family was told, and when",
    ),
    _action("close", (S.ANSWERED,), S.CLOSED, WINDOW),
)


def visible(actor: Actor, case: Case) -> bool:
    """The windows and the county's leader see the transfers of their area; a department's
    staff those of their area transferred to their department now."""
    if actor.role == Role.SYSTEM:
        return True
    if actor.role == Role.DEPARTMENT_STAFF:
        if not actor.department or case.department != actor.department:
            return False
    elif actor.role not in READERS:
        return False
    return bool(actor.place_path) and case.place_path.startswith(actor.place_path)


def scope(actor: Actor, query: ModelSelect) -> ModelSelect:
    """`visible` as a condition on a query of transfers."""
    query = query.join_from(Transfer, Place, on=(Transfer.place == Place.id))
    if actor.role == Role.SYSTEM:
        return query
    readers = READERS | DEPARTMENT
    if actor.role not in readers or not actor.place_path:
        return query.where(Transfer.id.is_null())  # no business with transfers
    if actor.role == Role.DEPARTMENT_STAFF:
        query = query.where(Transfer.department == (actor.department or "-"))
    return query.where(Place.path.startswith(actor.place_path))


def snapshot() -> ModelSelect:
    t = Transfer
    return t.select(
        t.id,
        t.state,
        t.version,
        t.due_at,
        t.county,
        t.department,
        Place.path.alias("place_path"),
    ).join(Place, on=(t.place == Place.id))


TRANSFER = Workflow(
    name="transfer",
    model=Transfer,
    states=TransferState,
    initial=S.RECEIVED,
    actions=ACTIONS,
    deadlines=DEADLINES,
    visible=visible,
    snapshot=snapshot,
    terminal=frozenset({S.CLOSED}),
    responsible=RESPONSIBLE,
    resource="transfers",
    list_columns=("family_name", "department", "request"),
    scope=scope,
)
