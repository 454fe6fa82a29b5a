"""Labels of the child's family, its categories and the register's life (the codes of
casework/vocabulary.py and rules/family.py, and the register workflow's states and
actions); labels.py adds them to its tables and workflows."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from web.pages.case_labels import WorkflowLabels

REGISTER_STATES = {
    "on_register": _l("On the register"),
    "off_register": _l("Off the register"),
}
REGISTER_ACTIONS = {
    "leave_moved_out": _l("Moved out of the county"),
    "leave_died": _l("Died"),
    "leave_out_of_difficulty": _l("No longer in difficulty (review)"),
    "come_of_age": _l("Turned 18"),
    "back_on": _l("Back on the register"),
    "take_over": _l("Take the file over"),
}
REGISTER = WorkflowLabels(
    REGISTER_STATES,
    REGISTER_ACTIONS,
    "register_state",
    "register_action",
    _l("The register's life"),
    _l("Child #%(id)s"),
    _l("“%(action)s” is not possible while the child is “%(state)s”."),
)
LEAVE_REASONS = {
    "came_of_age": _l("Turned 18"),
    "moved_out": _l("Moved out of the county"),
    "died": _l("Died"),
    "out_of_difficulty": _l("No longer in difficulty"),
}
PARENT_ROLES = {"father": _l("Father"), "mother": _l("Mother"), "guardian": _l("Other guardian")}
SITUATIONS = {
    "present": _l("At home, able to care"),
    "deceased": _l("Deceased"),
    "missing": _l("Missing (lost contact)"),
    "imprisoned": _l("Serving a sentence"),
    "drug_rehab": _l("In compulsory drug rehabilitation"),
    "seriously_ill": _l("Seriously ill"),
    "severely_disabled": _l("Severely disabled"),
    "working_away": _l("Working away from home"),
    "guardianship_revoked": _l("Guardianship revoked"),
    "deported": _l("Deported"),
    "unknown": _l("Unknown"),
}
SUBSISTENCE = {
    "none": _l("None"),
    "dibao": _l("Minimum living allowance (dibao)"),
    "tekun": _l("Extreme poverty support (tekun)"),
}
CATEGORIES = {
    "orphan": _l("Orphan"),
    "unsupported": _l("De facto unsupported child"),
    "left_behind": _l("Left-behind child"),
    "family": _l("Family difficulty"),
    "self": _l("Own difficulty"),
    "guardianship": _l("Guardianship difficulty"),
    "temporary": _l("Other (county-set) difficulty"),
}
# why a category follows from the facts (rules/family.Derived.because)
BECAUSE = {
    "both_parents_deceased": _l("Both parents are deceased."),
    "both_parents_unable": _l("Both parents are unable to raise the child."),
    "one_deceased_other_unable": _l("One parent is deceased and the other unable."),
    "both_parents_away": _l("Both parents work away from home."),
    "one_away_other_unable": _l("One parent works away and the other cannot care."),
    "subsistence": _l("The family receives dibao or tekun support."),
    "disabled": _l("The child is disabled."),
    "seriously_ill": _l("The child is seriously ill."),
    "guardianship_revoked": _l("A parent's guardianship was revoked."),
    "nobody_caring": _l("No parent at home and no carer named."),
}
FAMILY_FIELDS = {
    "parents": _l("Parents' situation"),
    "carer_name": _l("Carer"),
    "carer_relation": _l("Carer's relation to the child"),
    "carer_phone": _l("Carer's phone"),
    "carer_parent": _l("The carer is this parent"),
    "subsistence": _l("Assistance status"),
    "seriously_ill": _l("Seriously ill"),
    "school": _l("School"),
    "categories": _l("Categories"),
    "category_claims": _l("Categories set by a clerk"),
    "state": _l("Register"),
    "left_reason": _l("Left the register because"),
    "left_on": _l("Left the register on"),
    "moved_to": _l("Moved to"),
    "moved_to_county": _l("County moved to"),
    "to_county_id": _l("County moved to"),
    "id_pending": _l("No ID number yet"),
    "description": _l("Description"),
    "birth_date": _l("Birth date"),
    "situation": _l("Situation"),
    "since": _l("Since"),
    "until": _l("Until"),
    "away_place": _l("Working where"),
    "evidence_id": _l("Paper that shows it"),
    "category": _l("Category"),
}
FAMILY_TABLES = {
    "register_state": REGISTER_STATES,
    "register_action": REGISTER_ACTIONS,
    "leave_reason": LEAVE_REASONS,
    "parent_role": PARENT_ROLES,
    "situation": SITUATIONS,
    "subsistence": SUBSISTENCE,
    "category": CATEGORIES,
    "because": BECAUSE,
}
