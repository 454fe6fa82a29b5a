"""What the pages do with an action beyond the form its payload schema gives: the values filled
in before the user types, the question asked before it is done, whether the case page does it
in one click, and the fields a page draws itself. Data, beside the labels, keyed by workflow
and action; the one action handler (web/pages/actions.py) reads it for every workflow, and an
action without a hint gets the generic form.

A default is a literal or `From(path)`: a value read off what the page knows when it draws
the form, "record" (the service's record of the case), "actor" (who is signed in), "today"
and "this_month" (the county's calendar), e.g. `From("record.application.applicant_name")`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from casework.rules.money import format_yuan


@dataclass(frozen=True)
class From:
    """A value read off the page's context by a dotted path (attributes or dictionary keys),
    shown through `shown` when given."""

    path: str
    shown: Callable[[Any], Any] | None = None

    def read(self, context: Mapping[str, Any]) -> Any:
        head, *rest = self.path.split(".")
        value = context.get(head)
        for part in rest:
            if value is None:
                return None
            value = value.get(part) if isinstance(value, Mapping) else getattr(value, part)
        return self.shown(value) if self.shown and value is not None else value


@dataclass(frozen=True)
class Hint:
    defaults: Mapping[str, Any] = field(default_factory=dict)  # field -> literal or From
    # None: one click from the case page when the action asks nothing; a From: when it holds
    one_click: bool | From | None = None
    confirm: Any = None  # a question asked (on the action's page) before it is done
    drawn: frozenset[str] = frozenset()  # payload fields the page draws itself, in `partial`
    partial: str | None = None  # a template drawn in the action's form, above its fields
    own_form: bool = False  # the case page draws the whole form (the claim's lines table)


TODAY, THIS_MONTH = From("today"), From("this_month")
NO_HINT = Hint()


def _received(documents: dict) -> list[str]:
    return [kind for kind, received in documents.items() if received]


PAPERS_RECEIVED = From("record.documents", _received)
APPLICANT = From("record.application.applicant_name")
CHILD = From("record.case.child_id")


def _yes_no(value: bool) -> str:
    return "true" if value else "false"  # as a yes-or-no select's values (forms.yes_no_choices)


ATTESTATION = _l(
    "We attest that the services and costs on this claim are true and that every insurance "
    "payment has been deducted."
)

HINTS: dict[str, dict[str, Hint]] = {
    "rehab": {
        "record_documents": Hint(defaults={"received": PAPERS_RECEIVED}),
        "resubmit": Hint(defaults={"received": PAPERS_RECEIVED}),
        # approving an ineligible application asks for the reason it is approved all the same
        "approve": Hint(
            one_click=From("record.application.eligibility.eligible"),
            partial="applications/_approve.html",
        ),
        "refer": Hint(drawn=frozenset({"institution_id"}), partial="applications/_refer.html"),
        "sign_agreement": Hint(defaults={"signed_on": TODAY, "guardian_name": APPLICANT}),
        "record_plan": Hint(
            defaults={"assessed_on": TODAY, "starts_on": TODAY, "planned_months": 10}
        ),
        "record_attendance": Hint(defaults={"month": THIS_MONTH}),
        "report_dropout": Hint(defaults={"dropped_on": TODAY, "last_month": THIS_MONTH}),
        "complete": Hint(defaults={"completed_on": TODAY}),
        "close": Hint(confirm=_l("Close this application? A closed application is final.")),
    },
    "claim": {
        "edit_lines": Hint(own_form=True),
        "add_line": Hint(own_form=True),
        "remove_line": Hint(own_form=True),
        "decide_lines": Hint(own_form=True),
        "submit": Hint(defaults={"attestation": ATTESTATION, "attested_by": From("actor.name")}),
        "record_payment": Hint(
            defaults={"paid_on": TODAY, "amount": From("record.totals.approved", format_yuan)}
        ),
        "send_to_finance": Hint(
            confirm=_l("Send the approved lines to finance? The claim cannot be corrected after.")
        ),
    },
    "report": {
        "accept": Hint(defaults={"child_id": CHILD, "urgent": From("record.case.urgent", _yes_no)}),
        "link_child": Hint(defaults={"child_id": CHILD}),
        "intervene": Hint(defaults={"taken_on": TODAY}),
        "record_measure": Hint(defaults={"taken_on": TODAY}),
    },
}


def hint(workflow: str, action: str) -> Hint:
    return HINTS.get(workflow, {}).get(action, NO_HINT)
