"""Shared by the transfer workflow's tests: valid arguments for every action, the way to each
state, and what a refused action must leave untouched."""

from __future__ import annotations

import copy

from casework.models import AuditEntry, Transfer
from casework.services.cases import service
from casework.vocabulary import Role
from casework.workflows.transfer import TRANSFER
from tests.conftest import NOW

TRANSFERS = service(TRANSFER)
ARGUMENTS = {
    "transfer": {"payload": {"department": "civil_affairs", "note": "申请临时救助"}},
    "accept": {},
    "refuse": {"reason": "不属于本部门职责"},
    "record_handling": {
        "payload": {"handling": "已纳入临时救助", "benefit_granted": True, "benefit": "临时救助"}
    },
    "feed_back": {"payload": {"feedback": "临时救助2000元已发放"}},
    "answer_family": {
        "payload": {"answer": "已电话告知家长", "answered_on": NOW.date().isoformat()}
    },
    "close": {},
}
# The shortest way from `received` to each state.
PATHS = {
    "received": [],
    "transferred": ["transfer"],
    "accepted": ["transfer", "accept"],
    "refused": ["transfer", "refuse"],
    "handled": ["transfer", "accept", "record_handling"],
    "fed_back": ["transfer", "accept", "record_handling", "feed_back"],
    "answered": ["transfer", "accept", "record_handling", "feed_back", "answer_family"],
    "closed": ["transfer", "accept", "record_handling", "feed_back", "answer_family", "close"],
}


def arguments(action: str, state: str = "") -> dict:
    """A fresh copy; from `refused`, a transfer goes to another department than the one that
    refused it."""
    found = copy.deepcopy(ARGUMENTS[action])
    if action == "transfer" and state == "refused":
        found["payload"]["department"] = "medical_insurance"
    return found


def receive(world, county=None, *, role="case_worker", child=True, **more) -> Transfer:
    county = county or world.a
    payload = {
        "place_id": county.villages[0].id,
        "child_id": world.child(county).id if child else None,
        "family_name": "王大姐",
        "family_phone": "13800000000",
        "request": "孩子父亲住院，家庭生活困难，申请救助",
        **more,
    }
    return TRANSFERS.create(county.actor(role), payload, world.now)


# the county's civil-affairs staff answer for the department the paths transfer to
DEPARTMENT_ACTIONS = frozenset(a.name for a in TRANSFER.actions if Role.DEPARTMENT_STAFF in a.roles)


def actor_for(county, action: str):
    """Who does `action` on the way: the window, or the civil-affairs office."""
    return county.actor("department_staff" if action in DEPARTMENT_ACTIONS else "case_worker")


def reach(world, state: str, county=None) -> int:
    county = county or world.a
    case = receive(world, county)
    for action in PATHS[state]:
        TRANSFERS.act(actor_for(county, action), case.id, action, now=world.now,
                      **arguments(action))  # fmt: skip
    assert Transfer.get_by_id(case.id).state == state
    return case.id


def snapshot(case_id: int) -> dict:
    """Everything an action on the transfer may touch."""
    return {
        "case": Transfer.select().where(Transfer.id == case_id).dicts().get(),
        "audit": list(
            AuditEntry.select()
            .where(AuditEntry.entity == "transfer", AuditEntry.entity_id == case_id)
            .order_by(AuditEntry.id)
            .dicts()
        ),
    }
