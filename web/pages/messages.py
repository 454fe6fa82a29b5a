"""Domain and validation messages, which casework and marshmallow write in English, shown in
the page's language. Each known message is matched by a pattern and rewritten through the
catalogue; an unknown one falls back to a translated message for its kind of error, so a page
never mixes languages."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

from casework.errors import (
    Conflict,
    DomainError,
    Invalid,
    NotFound,
    NotPermitted,
    TooManyRequests,
    Unauthenticated,
)
from web.pages.labels import (
    ACTIONS,
    AID_ITEMS,
    DISABILITIES,
    DOCUMENTS,
    STATES,
    WORKFLOWS,
    label,
)

KNOWN = [
    # refusals of a whole request
    (r"wrong username or password", _l("Wrong username or password.")),
    (r"signing in is locked after (?P<count>\d+) failed attempts: try again in (?P<minutes>\d+) "
     r"minutes or ask your county admin to unlock it",
     _l("Signing in is locked after %(count)s failed attempts: try again in %(minutes)s minutes, "
        "or ask your county admin to unlock it.")),
    (r"too many requests: try again in (?P<seconds>\d+) seconds",
     _l("Too many attempts: try again in %(seconds)s seconds.")),
    (r"the current password is wrong", _l("The current password is wrong.")),
    (r"password too short", _l("The password is too short.")),
    (r"the new password is the old one", _l("The new password is the same as the current one.")),
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
    # settlement claims, reports and visits
    (r"the claim has no lines", _l("The claim has no lines.")),
    (r"lines \[[\d, ]+\] were rejected: correct or remove them first",
     _l("Some lines were rejected: correct or remove them first.")),
    (r"costs missing", _l("Enter the total cost of every line.")),
    (r"costs are not valid", _l("The costs are not valid: see the lines below.")),
    (r"lines \[[\d, ]+\] were approved by the federation and are final",
     _l("Approved lines are final and cannot be changed.")),
    (r"already billed on another claim: .*",
     _l("Some months are already billed on another claim.")),
    (r"\d+ lines are not decided yet.*", _l("Decide every line first.")),
    (r"no line was rejected: there is nothing to correct",
     _l("No line was rejected: there is nothing to correct.")),
    (r"no line was approved: return the claim for correction instead",
     _l("No line was approved: return the claim for correction instead.")),
    (r"lines of this claim were approved: correct and resubmit it instead",
     _l("Lines of this claim were approved: correct and resubmit it instead.")),
    (r"the amount is not the approved total", _l("The amount is not the approved total.")),
    (r"payment date in the future", _l("The payment date is in the future.")),
    (r"not a settlement period of your county",
     _l("Not a settlement period of your county.")),
    (r"the period has not begun", _l("The period has not begun yet.")),
    (r"the snooze is not valid", _l("The snooze is not valid.")),
    (r"reminder \d+ is already resolved", _l("This reminder is already resolved.")),
    (r"that place is outside your county: report to its own county",
     _l("That place is outside your county: report to its own county.")),
    (r"role \w+ does not make \w+ visits", _l("Your role does not make this kind of visit.")),
    (r"the case is about another child", _l("The case is about another child.")),
    (r".+ was not taught at home on [\d-]+: enrol the child first",
     _l("The child is not enrolled in home education on that day.")),
    (r"report case \d+ is \w+: no follow-up visits now",
     _l("This report case takes no follow-up visits now.")),
    (r"too many reports from this address.*",
     _l("Too many reports from this address: try again later, or call the county.")),
    # papers (issue 7)
    (r"the file is empty", _l("The file is empty.")),
    (r"the file has no name", _l("The file has no name.")),
    (r"the file name must not contain a path", _l("The file name must not contain a path.")),
    (r"the file name has control characters", _l("The file name has invisible characters.")),
    (r"the file name is too long", _l("The file name is longer than 200 characters.")),
    (r"an? \w+ takes papers of kind .*", _l("Choose a kind of paper this record takes.")),
    (r"the document changed meanwhile: reload and try again",
     _l("Someone changed this record meanwhile: reload the page.")),
    (r"role \w+ may not add papers to an? \w+", _l("Your role may not add papers here.")),
    (r"only the institution of the case adds these papers",
     _l("Only the institution of the case adds these papers.")),
    (r"lines not on this claim", _l("That line is not on this claim.")),
    (r"not a case of your institution",
     _l("That child is not in your institution's care with a signed agreement.")),
    (r"aid item not on the application", _l("That aid item is not on the application.")),
    (r"this case and aid item are already on the claim \(line \d+\)",
     _l("This child and aid item are already on the claim.")),
    (r"months cannot be billed", _l("These months cannot be billed on this claim.")),
    (r"(\d{4}-\d{2}|this one-time aid item) (of this case and aid item )?is already billed",
     _l("Already billed on another claim.")),
    (r"service date (needed|outside the period)",
     _l("The service date is missing or outside the period.")),
    (r"the child is already taught at home", _l("The child is already taught at home.")),
    (r"it ended on [\d-]+", _l("This home education has already ended.")),
    (r"ends before it started", _l("The end date is before the start.")),
    (r"unknown teacher", _l("Choose a teacher.")),
    (r"teacher of another township", _l("The teacher works in another township.")),
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
    (r"must equal the approved total (?P<amount>[\d.]+)",
     _l("Must equal the approved total, %(amount)s yuan.")),
    (r"cannot be negative", _l("Cannot be negative.")),
    (r"required to reject a line", _l("Required to reject a line.")),
    (r"must be in the future", _l("Must be in the future.")),
    (r"at most (?P<days>\d+) days ahead", _l("At most %(days)s days ahead.")),
    (r"must be a township or a village", _l("Choose a township or a village.")),
    (r"give the child's file \(child_id\) or describe the child",
     _l("Describe the child (name, age, where they are).")),
    (r"say where the child is placed", _l("Say where the child is placed.")),
    (r"a duplicate names the case it repeats", _l("Choose the case it repeats.")),
    (r"name who holds the temporary guardianship",
     _l("Name who holds the temporary guardianship.")),
    (r".* is not an amount in yuan with at most two decimals",
     _l("Enter an amount in yuan, like 1200.00.")),
    (r"the four insurance amounts together exceed the total cost",
     _l("The insurance amounts together exceed the total cost.")),
    (r"no total cost entered on lines .*", _l("Enter the total cost of every line.")),
    (r"a follow-up visit belongs to a report case",
     _l("A follow-up visit belongs to a report case.")),
    (r"required for home education", _l("Required for home education.")),
    (r"only home-education visits have class hours",
     _l("Only home-education visits have class hours.")),
    (r"Shorter than minimum length \d+\.", _l("This field is required.")),
    (r"Longer than maximum length (?P<max>\d+)\.", _l("At most %(max)s characters.")),
    # marshmallow's Length(min, max), as text() gives a required field: empty and too long alike
    (r"Length must be between (?P<min>\d+) and (?P<max>\d+)\.",
     _l("From %(min)s to %(max)s characters.")),
    (r"Must be one of: .*|unknown: .*", _l("Choose from the list.")),
    (r"no child referred to your institution with a signed agreement",
     _l("No child referred to your institution with a signed agreement.")),
    (r"not on the application", _l("Not on the application.")),
    (r"no attended month left to bill in .*", _l("No attended month left to bill in the period.")),
    (r"must be a teacher", _l("Choose a teacher.")),
    (r"not the child's township", _l("The teacher works in another township.")),
    (r"before started_on", _l("Before the start date.")),
    # the county admin's users, institutions and policy
    (r"username .+ is taken", _l("This username is taken: choose another.")),
    (r"(?P<min>\d+) to (?P<max>\d+) characters, without spaces",
     _l("From %(min)s to %(max)s characters, without spaces.")),
    (r"an? \w+ needs an? \w+ place", _l("The place does not fit the role.")),
    (r"institution staff need an institution", _l("Institution staff need an institution.")),
    (r"an? county is required", _l("This role works in the county: choose the county.")),
    (r"an? township is required", _l("This role works in a township: choose a township.")),
    (r"an? village is required", _l("This role works in a village: choose a village.")),
    (r"not assignable", _l("This role is not given to people.")),
    (r"you cannot deactivate your own account",
     _l("You cannot deactivate your own account.")),
    (r"one of:? .*", _l("Choose from the list.")),
    (r"must be a year between (?P<start>\d+) and (?P<end>\d+)",
     _l("Must be a year from %(start)s to %(end)s.")),
    (r"training and early intervention need a monthly cap",
     _l("This aid item is paid per month: enter the monthly cap.")),
    (r"a one-time item has no monthly cap", _l("A one-time aid item has no monthly cap.")),
    (r"must be between 0 and the annual standard",
     _l("The monthly cap must be from 0 to the annual standard.")),
    (r"a whole number from 0 to (?P<max>\d+)", _l("A whole number from 0 to %(max)s.")),
    (r"a name of at most (?P<n>\d+) characters is required",
     _l("Give it a name of at most %(n)s characters.")),
    (r"a whole number of days from 1 to (?P<n>\d+)", _l("From 1 to %(n)s days.")),
    (r"a number from -(?P<n>\d+) to (?P=n)", _l("A number from -%(n)s to %(n)s.")),
    (r".+ is not an aid item", _l("Choose from the list.")),
]  # fmt: skip
PATTERNS = [(re.compile(pattern), message) for pattern, message in KNOWN]
VALUE_LABELS = {"action": ACTIONS, "state": STATES}
# the engine's refusal of an action in the wrong state names the record of its workflow
NOT_POSSIBLE = re.compile(
    r"(?P<action>\w+) is not possible (in state|while the \w+ is) (?P<state>\w+)"
)
# each workflow's sentence, by the workflow's name (labels.WORKFLOWS)
NOT_POSSIBLE_WHILE = {name: names.not_possible for name, names in WORKFLOWS.items()}

FALLBACK = {
    Invalid: _l("The input is not valid."),
    NotPermitted: _l("You may not do this."),
    NotFound: _l("This record does not exist."),
    Unauthenticated: _l("Please sign in."),
    Conflict: _l("This cannot be done now: reload the page and try again."),
    TooManyRequests: _l("Too many attempts: wait a while and try again."),
}


def translate(text: str, fallback=None, value_labels: dict | None = None) -> str:
    """`text` in the page's language; `fallback` (or a generic message) when it is unknown.
    `value_labels` (labels.value_labels) names the action and state tables of a workflow
    other than rehab, and the workflow."""
    found = NOT_POSSIBLE.fullmatch(text.strip())
    if found:
        workflow = (value_labels or {}).get("workflow", "rehab")
        groups = {k: found.group(k) for k in ("action", "state")}
        return str(NOT_POSSIBLE_WHILE[workflow]) % _named(groups, value_labels)
    for pattern, message in PATTERNS:
        match = pattern.fullmatch(text.strip())
        if match:
            groups = match.groupdict()
            return str(message) % _named(groups, value_labels) if groups else str(message)
    return str(fallback or _l("The input is not valid."))


def _named(groups: dict[str, str], value_labels: dict | None = None) -> dict[str, str]:
    named, tables = {}, value_labels or VALUE_LABELS
    for key, value in groups.items():
        if key in tables:
            value = label(tables[key], value)
        elif key == "documents":
            value = "、".join(label(DOCUMENTS, d.strip()) for d in value.split(","))
        named[key] = value
    return named


def for_error(exc: DomainError, value_labels: dict | None = None) -> str:
    fallback = next((m for kind, m in FALLBACK.items() if isinstance(exc, kind)), None)
    return translate(exc.detail, fallback, value_labels)


def field_errors(exc: Invalid) -> dict[str, list[str]]:
    """Per-field messages, translated; nested marshmallow errors are flattened to their field."""
    result = {}
    for name, messages in exc.fields.items():
        result[name] = [translate(m) for m in _flatten(messages)]
    return result


def form_errors(exc: Invalid, value_labels: dict | None = None) -> dict[str, list[str]]:
    """What a form page shows: the field errors, or the refusal as a whole ("_")."""
    return field_errors(exc) or {"_": [for_error(exc, value_labels)]}


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
