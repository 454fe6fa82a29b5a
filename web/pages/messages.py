"""Refusals in the page's language. casework names every refusal, and every message on a
field, by a stable code with the params of its message; MESSAGES gives each code its words,
which go through the translation catalogue like every string of the pages. marshmallow's own
field messages carry no code: they are looked up by their text, as a catalogue does."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from casework.errors import (
    Conflict,
    DomainError,
    FieldError,
    Invalid,
    NotFound,
    NotPermitted,
    TooManyRequests,
    Unauthenticated,
)
from web.pages.case_labels import DEPARTMENTS
from web.pages.family_labels import SITUATIONS
from web.pages.labels import (
    AID_ITEMS,
    DISABILITIES,
    DOCUMENTS,
    PLACE_LEVELS,
    ROLES,
    WORKFLOWS,
    label,
)

FORM_HAS_ERRORS = _l("The form has errors: see the fields below.")
CHOOSE_FROM_LIST = _l("Choose from the list.")
REQUIRED = _l("This field is required.")
CHANGED_MEANWHILE = _l("Someone changed this record meanwhile: reload the page.")
IN_FUTURE = _l("Cannot be in the future.")
ADMIN_ONLY = _l("Only the county's administrator may do this.")

# The engine's refusal of an action in the wrong state names the record of its workflow:
# each workflow's sentence, by the workflow's name (labels.WORKFLOWS).
NOT_POSSIBLE_WHILE = {name: names.not_possible for name, names in WORKFLOWS.items()}

MESSAGES = {
    # signing in, accounts and tokens
    "token_missing": _l("Please sign in."),
    "unknown_token": _l("The token is unknown, expired or revoked."),
    "wrong_credentials": _l("Wrong username or password."),
    "sign_in_locked": _l(
        "Signing in is locked after %(count)s failed attempts: try again in %(minutes)s minutes, "
        "or ask your county admin to unlock it."
    ),
    "too_many_requests": _l("Too many attempts: try again in %(seconds)s seconds."),
    "wrong_current_password": _l("The current password is wrong."),
    "wrong_password": _l("Wrong password."),
    "password_too_short": _l("The password is too short."),
    "same_password": _l("The new password is the same as the current one."),
    "invalid_names": FORM_HAS_ERRORS,
    "username_form": _l("From %(min)s to %(max)s characters, without spaces."),
    "username_taken": _l("This username is taken: choose another."),
    "unknown_role": CHOOSE_FROM_LIST,
    "role_not_assignable": _l("This role is not given to people."),
    # handing a leaving user's work over (casework/services/handover.py)
    "same_post": _l("The user already works there: choose another role or place."),
    "leave_or_move": _l("A user either leaves (deactivated) or moves: not both."),
    "unknown_successor": _l("Choose a successor among the users of your county."),
    "successor_is_the_user": _l("The successor must be someone else."),
    "successor_inactive": _l("The successor is deactivated: choose an active user."),
    "successor_wrong_role": _l("The successor must have the same role."),
    "successor_wrong_place": _l("The successor must work in the same place or institution."),
    "successor_wrong_department": _l("The successor must work for the same department."),
    "handover_changed": _l(
        "The work waiting on this user changed since the preview: check it again and confirm."
    ),
    "institution_required": _l("Institution staff need an institution."),
    "staff_take_no_place": _l("Institution staff work at their institution: choose no place."),
    "role_takes_no_institution": _l("This role works for no institution: choose none."),
    "must_be_empty": _l("Leave this empty."),
    "role_takes_no_department": _l("This role belongs to no department: choose none."),
    "benefit_not_offered": _l("The county does not offer this benefit on that day."),
    "benefit_department_required": _l("Choose the department that grants this benefit."),
    "benefit_period_required": _l("Say whether the amount is per month or once."),
    "grant_not_granted": _l("Only a benefit granted goes onto the child's file."),
    "transfer_without_child": _l(
        "The request names no child's file: the window links the child before a benefit is granted."
    ),
    "role_records_no_benefits": _l("Only the window records benefits on a child's file."),
    "department_required": _l("Choose the department this person works for."),
    # a province above the counties (casework/services/province.py)
    "province_officer_by_operator": _l(
        "A province's officers are created by the operator on the command line."
    ),
    "province_required": _l("A province's officer needs their province."),
    "no_such_province": _l("There is no such province."),
    "province_officer_takes_no_place": _l(
        "A province's officer works for the province: choose no place and no institution."
    ),
    "role_takes_no_province": _l("This role belongs to no province: choose none."),
    "province_officers_only": _l("Only a province's officers see the province's figures."),
    "province_incomplete": _l("A province needs a name and a code."),
    "province_code_taken": _l("A province with the code %(code)s exists."),
    "unknown_province": _l("There is no province with this code."),
    "not_county_codes": _l("Not the code of a county: %(codes)s."),
    "county_of_another_province": _l("A county of another province: %(codes)s."),
    "role_needs_place": _l("The place does not fit the role."),
    "county_place_required": _l("This role works in the county: choose the county."),
    "township_place_required": _l("This role works in a township: choose a township."),
    "village_place_required": _l("This role works in a village: choose a village."),
    "own_account": _l("You cannot deactivate your own account."),
    "invalid_token_request": FORM_HAS_ERRORS,
    "token_label": _l("Give it a name of at most %(max)s characters."),
    "token_days": _l("From 1 to %(max)s days."),
    "not_your_token": _l("This token is not yours."),
    "passwords_differ": _l("The two new passwords differ."),  # the pages' own check
    # who may do what, and where
    "admin_only": ADMIN_ONLY,
    "page_not_for_role": _l("Your role may not open this page."),
    "role_may_not": _l("Your role may not do “%(action)s”."),
    "not_a_party": _l("You are not a party to this case."),
    "not_found": _l("This record does not exist."),
    "no_such_action": _l("There is no such action."),
    "outside_scope": _l("This record is outside your area of work."),
    "idempotency_key_invalid": _l("The request's idempotency key is not usable."),
    "idempotency_key_reused": _l("This was already sent once with other contents."),
    "county_users_only": _l("Only users of a county may see this."),
    "coverage_readers_only": _l(
        "Only the county admin, leader and case workers see the coverage of the network."
    ),
    "no_business_with_claims": _l("Settlement claims are not part of your role's work."),
    "village_outside_scope": _l("That village is outside your area."),
    "place_outside_scope": _l("%(place)s is outside your area."),
    "place_outside_county": _l("That place is outside your county: report to its own county."),
    "place_outside_area": _l("That place is outside your area: its own window receives it."),
    "department_already_refused": _l(
        "The %(department)s department refused this request already: transfer it to another."
    ),
    "role_keeps_no_files": _l("Your role does not keep children's files."),
    "staff_search_no_registry": _l("Institution staff find children through their applications."),
    "import_needs_place": _l("Importing needs a user who works at a place."),
    # any workflow's actions
    "action_not_possible": NOT_POSSIBLE_WHILE,
    "stale_version": CHANGED_MEANWHILE,
    "changed_meanwhile": CHANGED_MEANWHILE,
    "reason_required": _l("“%(action)s” needs a reason."),
    "invalid_payload": FORM_HAS_ERRORS,
    "date_in_future": _l("A date is in the future."),
    "in_future": IN_FUTURE,
    "not_in_future": _l("Must be in the future."),
    # children's files and rehab applications
    "child_file_exists": _l("A file for this ID number already exists."),
    "invalid_child_file": _l("The child's file has errors: see the fields below."),
    "id_number_length": _l("The ID number must have 18 characters."),
    "id_number_checksum": _l("The ID number has a wrong check digit."),
    "id_number_impossible": _l("The ID number has an impossible birth date or region code."),
    "id_number_not_valid": _l("This is not a valid resident ID number."),
    "id_number_search_whole": _l("Search by the whole ID number (%(length)s characters)."),
    "no_file_yet": _l("The child had no file yet on that day."),
    "not_a_village": _l("Choose a village."),
    "unknown_place": _l("Unknown place."),
    "no_such_place": _l("No such place."),
    "unknown_child": _l("Unknown child."),
    "no_such_child": _l("No such child."),
    "applied_in_future": _l("The application date is in the future."),
    "applied_before_birth": _l("The application date is before the child's birth."),
    "late_application_needs_reason": _l(
        "The application is dated %(applied_on)s, more than a year ago: say why it is entered now."
    ),
    "before_birth": _l("Cannot be before the child's birth."),
    "born_in_future": _l("The birth date in this ID number is after today: check the number."),
    "not_a_child": _l("Aged %(age)s or over on this day: not a child; check the ID number."),
    "invalid_aid_items": _l("Choose one or more aid items."),
    "distinct_aid_items": _l("Choose one or more aid items."),
    "institution_lacks_items": _l(
        "That institution does not offer every aid item on the application."
    ),
    "papers_missing": _l("Papers missing: %(documents)s."),
    "papers_kept_after_review": _l(
        "Papers received stay received after the review: %(documents)s cannot be unticked."
    ),
    "not_eligible_without_override": _l(
        "The application is not eligible: approving it needs a written override reason."
    ),
    "override_reason_required": _l("Required because the application is not eligible."),
    "no_institution_with_room": _l("No designated institution with room offers these aid items."),
    "institution_full": _l("%(name)s is full (%(count)s children in care)."),
    "plan_before_assessment": _l("The plan starts before the assessment."),
    "before_assessment": _l("Before the assessment date."),
    "month_outside_rehabilitation": _l("The month is outside the rehabilitation."),
    "last_month_outside_rehabilitation": _l(
        "The last month attended is outside the rehabilitation."
    ),
    "month_between": _l("Must be between %(start)s and %(end)s."),
    "more_days_than_passed": _l("%(month)s has only %(most)s days up to today."),
    "child_dropped_out": _l("The child had dropped out by then."),
    "after_last_month": _l("After %(month)s, the last month attended."),
    "completed_before_start": _l("The completion date is before the plan started."),
    "before_plan_start": _l("Before the plan starts."),
    "months_unpaid": _l(
        "Months trained are not paid yet: the application is settled when finance pays them."
    ),
    "claims_unpaid": _l(
        "A claim billing this application is not paid yet: wait for it, or for its line to be "
        "removed."
    ),
    "closed_after_completion": _l(
        "The child completed the rehabilitation: a completed application cannot be reopened."
    ),
    "closed_after_billing": _l(
        "Months of this application were already billed: reopening it would bill them again."
    ),
    # papers
    "unknown_target": CHOOSE_FROM_LIST,
    "paper_kind_not_taken": _l("Choose a kind of paper this record takes."),
    "paper_kind_not_taken_now": _l(
        "An application in the state “%(state)s” takes no more papers of kind “%(documents)s”: "
        "upload it as another paper."
    ),
    "role_adds_no_papers": _l("Your role may not add papers here."),
    "not_your_institutions_case": _l("Only the institution of the case adds these papers."),
    "no_such_version": _l("This version of the paper does not exist."),
    "file_too_large": _l("The file is larger than %(megabytes)s MB: nothing was kept."),
    "unsupported_file_type": _l("This kind of file is not accepted."),
    "empty_file": _l("The file is empty."),
    "no_name": _l("The file has no name."),
    "path_in_name": _l("The file name must not contain a path."),
    "control_characters_in_name": _l("The file name has invisible characters."),
    "name_too_long": _l("The file name is longer than %(max)s characters."),
    "file_missing": _l("The paper's file is missing from the store: tell the administrator."),
    "file_corrupt": _l("The paper's file is damaged: tell the administrator."),
    # the registry import
    "not_a_sheet": _l("Send a spreadsheet file."),
    "unreadable_xlsx": _l("This spreadsheet file cannot be read."),
    "unreadable_header": _l("The header row cannot be read."),
    "mixed_encodings": _l(
        "A row is not in the file's encoding: save the whole sheet again in one encoding."
    ),
    "missing_columns": _l("Required columns are missing: %(columns)s."),
    "missing_column": _l("Missing column %(column)s."),
    "bad_rows": _l("%(bad)s of %(rows)s rows are bad: nothing was written."),
    "bad_row": _l("Row %(row)s is bad."),
    "no_village_of_code": _l("No village of the county has the code %(village_code)s."),
    "no_village_of_name": _l("No village of the county is named %(village)s."),
    "village_name_ambiguous": _l("Several villages are named %(village)s: add the township."),
    "village_missing": _l("Give the village or its code."),
    "sheet_too_large": _l("The spreadsheet unzips to more than %(megabytes)s MB: split it."),
    "too_many_rows": _l("More than %(rows)s rows: split the file."),
    "too_many_columns": _l("Row %(row)s has more than %(columns)s columns."),
    "cell_too_long": _l("Row %(row)s has a cell longer than %(characters)s characters."),
    "line_too_long": _l("Line %(row)s is longer than %(kilobytes)s KB."),
    "unreadable_csv": _l("This CSV file cannot be read from line %(row)s: check its quotes."),
    # settlement claims
    "not_your_institution": _l("You may draft claims only for your own institution."),
    "no_cases_chosen": _l("Choose at least one case to bill."),
    "not_your_cases": _l(
        "Applications %(applications)s are not cases agreed with your institution."
    ),
    "not_a_period": _l("Not a settlement period of your county."),
    "period_not_begun": _l("The period has not begun yet."),
    "period_not_over": _l(
        "%(period)s is not over yet: a period is billed from %(first_day)s, once its attendance "
        "is final."
    ),
    "month_not_over": _l("%(month)s is not over yet: it can be billed from %(first_day)s."),
    "unknown_state": CHOOSE_FROM_LIST,
    "claim_without_lines": _l("The claim has no lines."),
    "rejected_lines_left": _l("Some lines were rejected: correct or remove them first."),
    "costs_missing": _l("Enter the total cost of every line."),
    "total_cost_missing": _l("Enter the total cost of every line."),
    "invalid_costs": _l("The costs are not valid: see the lines below."),
    "not_an_amount": _l("Enter an amount in yuan, like 1200.00."),
    "negative": _l("Cannot be negative."),
    "insurance_exceeds_total": _l("The insurance amounts together exceed the total cost."),
    "approved_lines_final": _l("Approved lines are final and cannot be changed."),
    "billed_on_another_claim": _l("Some months are already billed on another claim."),
    "already_billed": _l("Already billed on claim #%(claim)s."),
    "approval_counted_later": _l(
        "A later claim's approval counted this line's: it can no longer be rejected."
    ),
    "not_a_device": _l("Only a device can be handed out free."),
    "attendance_refused": _l(
        "Attendance not saved: %(count)s records were refused, none was saved."
    ),
    "record_refused": _l("Not recorded for %(month)s."),
    "record_given_twice": _l("This child's month is given twice."),
    "adjustment_not_edited": _l("An adjustment is not edited: remove it and add it again."),
    "nothing_to_adjust": _l("The corrected costs are those already paid."),
    "no_such_paid_line": _l("Not a line of your institution's claims."),
    "line_not_paid": _l("Only an approved line of a paid claim can be corrected."),
    "adjust_the_line_itself": _l("Correct the paid line itself, not an adjustment."),
    "free_device_not_adjusted": _l("A device handed out free was paid nothing to correct."),
    "adjustment_other_year": _l(
        "The line is of another aid year: correct it on a claim of that year."
    ),
    "adjustment_waiting": _l("A correction of line %(line)s is already on claim #%(claim)s."),
    "claim_total_negative": _l(
        "The claim's subsidy comes to %(total)s yuan: add the corrections to a claim that bills "
        "at least as much."
    ),
    "approved_total_negative": _l(
        "The approved subsidy comes to %(total)s yuan: return the claim for correction."
    ),
    "lines_undecided": _l("Decide every line first."),
    "none_rejected": _l("No line was rejected: there is nothing to correct."),
    "none_approved": _l("No line was approved: return the claim for correction instead."),
    "lines_approved": _l("Lines of this claim were approved: correct and resubmit it instead."),
    "not_approved_total": _l("Must equal the approved total, %(amount)s yuan."),
    "paid_in_future": _l("The payment date is in the future."),
    "lines_not_on_claim": _l("That line is not on this claim."),
    "line_edited_twice": _l("Each line may be changed once."),
    "not_a_case_of_institution": _l(
        "That child is not in your institution's care with a signed agreement."
    ),
    "no_case_of_institution": _l("No child referred to your institution with a signed agreement."),
    "item_not_applied_for": _l("That aid item is not on the application."),
    "already_on_claim": _l("This child and aid item are already on the claim."),
    "months_not_billable": _l("These months cannot be billed on this claim."),
    "month_outside_period": _l("%(month)s is outside the period %(period)s."),
    "month_after_dropout": _l("%(month)s is after the dropout (last month %(last_month)s)."),
    "no_attendance": _l("No attendance recorded for %(month)s."),
    "nothing_left_to_bill": _l("No attended month left to bill in the period."),
    "service_date_needed": _l("The service date is missing."),
    "service_date_outside_period": _l(
        "The service date must be in %(period)s (%(start)s to %(end)s), not after today."
    ),
    "required_to_reject": _l("Required to reject a line."),
    "no_decisions": _l("Decide some lines, or approve all the others."),
    # settlement policy, deadlines, places and institutions
    "county_required": _l("Choose a county."),
    "unknown_county": _l("Choose a county."),
    "not_a_county": _l("Choose a county."),
    "unknown_cycle": CHOOSE_FROM_LIST,
    "unknown_aid_item": CHOOSE_FROM_LIST,
    "invalid_standard": FORM_HAS_ERRORS,
    "year_out_of_range": _l("Must be a year from %(start)s to %(end)s."),
    "monthly_cap_required": _l("This aid item is paid per month: enter the monthly cap."),
    "one_time_without_cap": _l("A one-time aid item has no monthly cap."),
    "cap_above_standard": _l("The monthly cap must be from 0 to the annual standard."),
    "invalid_deadline": FORM_HAS_ERRORS,
    # county policy values by effective date (casework/services/county_policy.py)
    "unknown_policy": CHOOSE_FROM_LIST,
    "invalid_policy": FORM_HAS_ERRORS,
    "whole_number_between": _l("A whole number from %(min)s to %(max)s."),
    "policy_in_the_past": _l("A new value takes effect today (%(today)s) or later."),
    "policy_changes_decisions": _l(
        "%(count)s decisions were already made from %(day)s on under the value in force: "
        "choose a later day."
    ),
    "invalid_policy_key": _l(
        "Enter a year (such as 2027) for a target, or a code of small Latin letters, digits "
        "and underscores for a rejection code."
    ),
    "label_required": _l("Give the code's wording, up to %(max)s characters."),
    "rejection_code_not_offered": _l(
        "The county does not offer that rejection code (any more): choose one from the list."
    ),
    # the ledgers (casework/services/ledgers.py)
    "ledger_readers_only": _l(
        "The ledgers are for the county admin, leader, case workers, supervisors and directors."
    ),
    "invalid_ledger_filters": FORM_HAS_ERRORS,
    "ledger_place_outside_area": _l("That place is outside your area."),
    "period_reversed": _l("The period begins after it ends."),
    # periodic returns (casework/services/returns.py)
    "returns_only": _l("Returns are for the county admin and leader (case workers read them)."),
    "invalid_return": FORM_HAS_ERRORS,
    "not_a_return_period": _l("Give a month as 2026-03 or a quarter as 2026-Q1."),
    "period_ahead": _l("That period has not begun."),
    # the national rehab-aid system (casework/services/national_entry.py)
    "national_entry_staff_only": _l(
        "The federation's intake clerks and reviewers record national entries."
    ),
    "invalid_national_entry": FORM_HAS_ERRORS,
    "national_entry_not_approved": _l(
        "Only an approved application is entered in the national system."
    ),
    "national_entry_exists": _l("This application is entered in the national system already."),
    # the holiday calendar
    "invalid_calendar": _l("The calendar was not saved: see the errors below."),
    "calendar_year_out_of_range": _l("Must be a year from %(min)s to %(max)s."),
    "calendar_day_outside_year": _l("%(day)s is not in the year entered."),
    "calendar_day_repeated": _l("%(day)s is listed twice."),
    "calendar_day_off_and_working": _l("%(day)s is listed both as a day off and as a working day."),
    "calendar_working_day_on_weekday": _l(
        "%(day)s is a weekday: only a Saturday or Sunday can be an adjusted working day."
    ),
    "calendar_csv_bad_line": _l("Line %(line)s is not a date (YYYY-MM-DD) and off or working."),
    "calendar_csv_empty": _l("The file holds no dates."),
    "calendar_not_a_date": _l("“%(text)s” is not a date (YYYY-MM-DD) or a range of dates."),
    "whole_number_up_to": _l("A whole number from 0 to %(max)s."),
    "village_has_no_places": _l("A village has no places below it."),
    "place_code_taken": _l("This place code is taken."),
    "institution_of_another_county": _l("This institution belongs to another county."),
    # mandatory reports, visits and home education
    "not_township_or_village": _l("Choose a township or a village."),
    "describe_child": _l("Describe the child (name, age, where they are)."),
    "name_original": _l("Choose the case it repeats."),
    "unknown_original_case": _l("Choose the case it repeats."),
    "no_such_case": _l("No other report case of the county has this number."),
    "say_where_placed": _l("Say where the child is placed."),
    "name_guardian": _l("Name who holds the temporary guardianship."),
    "child_not_linked": _l("Link the child's file first."),
    "no_disability": _l("The child's file records no disability: rehab aid needs one."),
    "rehab_application_open": _l("A rehab-aid application for this case is still open."),
    "role_makes_no_visits": _l("Your role does not make this kind of visit."),
    "follow_up_needs_case": _l("A follow-up visit belongs to a report case."),
    "case_of_another_child": _l("The case is about another child."),
    "case_takes_no_visits": _l("This report case takes no follow-up visits now."),
    "child_or_case_required": _l("Say whose visits: a child's or a report case's."),
    "home_education_needs_it": _l("Required for home education."),
    "class_hours_only_home_education": _l("Only home-education visits have class hours."),
    "not_taught_at_home": _l("The child is not enrolled in home education on that day."),
    "role_enrols_no_children": _l("Your role does not enrol children in home education."),
    "role_sees_no_home_education": _l("Your role does not see home education."),
    "not_your_home_education": _l("A teacher ends only the home education they give."),
    "unknown_teacher": _l("Choose a teacher."),
    "teacher_of_another_township": _l("The teacher works in another township."),
    "already_taught_at_home": _l("The child is already taught at home."),
    "home_education_ended": _l("This home education has already ended."),
    "ends_before_start": _l("The end date is before the start."),
    "before_start": _l("Before the start date."),
    # structured visits and the report a visit opens
    "contradicts_schooling": _l("A child at school (or not of school age) has not dropped out."),
    "contradicts_no_carer": _l("A child with no one caring for them is not adequately cared for."),
    "harm_type_needed": _l("None of the risks seen names a harm: choose the harm reported."),
    "visit_without_risk": _l("The visit saw no risk: file a report from the reports page."),
    "visit_report_filed": _l("A report was already filed from this visit (case #%(id)s)."),
    # village screening
    "role_not_for_screening": _l("Your role does not take part in village screening."),
    "ends_in_past": _l("A screening cannot end in the past."),
    "child_or_household": _l("Choose a child's file, or describe the family without a file."),
    "name_the_report": _l("Give the number of the report filed."),
    "report_only_when_filed": _l("Only the result “report filed” names a report."),
    "outside_round": _l("Between the screening's first day and today."),
    "already_screened": _l("%(child)s has already been screened in this round."),
    "village_screening_done": _l("The screening of %(village)s is done: nothing more is recorded."),
    "entry_needs_no_file": _l(
        "Only a family or child the screening found needing a file is linked to one."
    ),
    "file_already_linked": _l("A file is linked to this screening entry already."),
    "file_of_another_village": _l("The file is of another village than the family found."),
    "file_opened_before_screening": _l("The file was opened before the family was found."),
    "file_linked_elsewhere": _l("The file is linked to another screening entry already."),
    "first_after_as_of": _l("The first day of the period is after the day counted."),
    "period_over_a_year": _l("The period counted is at most one year: choose a later first day."),
    "children_not_screened": _l("%(count)s children of the village are not screened yet."),
    # the inbox
    "unknown_filter_values": CHOOSE_FROM_LIST,
    "not_your_reminder": _l("This reminder is not yours."),
    # the public report form's own limit, longer than the API's
    "too_many_reports": _l(
        "Too many reports from this address: try again later, or call the county."
    ),
    "reminder_resolved": _l("This reminder is already resolved."),
    "invalid_snooze": _l("The snooze is not valid."),
    "snooze_limit_reached": _l("You have snoozed this reminder %(limit)s times already."),
    "invalid_reminder_closing": _l("Say whether it is done or not applicable, with a reason."),
    "too_far_ahead": _l("At most %(days)s days ahead."),
    # the child's family and the register's life
    "contradictory_family": _l("The family's facts do not agree: see the fields below."),
    "away_place_required": _l("Say where the parent works."),
    "carer_cannot_care": _l("A parent who is %(situation)s cannot be the carer."),
    "death_has_no_end": _l("A death has no end date."),
    "died_before_birth": _l("The mother cannot have died before the child was born."),
    "parent_twice": _l("This parent is listed twice."),
    "no_such_paper": _l("Choose a paper on this child's file."),
    "invalid_category_claim": _l("The category cannot be set: see the fields below."),
    "category_claimed_already": _l("This category is set already."),
    "no_such_claim": _l("No clerk set this category."),
    "difficulty_tags_retired": _l(
        "The difficulty tags are no longer set on the file: set a category with a reason in "
        "the family section."
    ),
    "already_off_register": _l("The child left the register already, on %(left_on)s."),
    "invalid_left_on": _l("The day is not possible."),
    "same_county": _l("That is the child's own county."),
    "not_yet_of_age": _l("The child is not 18 yet."),
    "adult_stays_off": _l("A child who is 18 or older is not put back on the register."),
    "id_number_known": _l("The file has its ID number already."),
    "invalid_contact": _l("The contact cannot be recorded: see the fields below."),
    "not_a_parent_on_file": _l("Choose a parent recorded in the family's situation."),
    # the command line
    "demo_loaded": _l("The demo is already loaded."),
    # any field
    "required": REQUIRED,
    "empty": REQUIRED,
    "not_one_of": CHOOSE_FROM_LIST,
    "unknown_values": CHOOSE_FROM_LIST,
    "not_a_month": _l("Enter a month like 2026-03."),
    "too_long": _l("At most %(max)s characters."),
    "too_short": _l("At least %(min)s characters."),
    "not_of_length": _l("Exactly %(equal)s characters."),
    "below_minimum": _l("At least %(min)s."),
    "above_maximum": _l("At most %(max)s."),
    "out_of_range": _l("Must be from %(min)s to %(max)s."),
    "number_between": _l("Enter a number from %(min)s to %(max)s."),
}

# marshmallow's own messages (a field's type and presence), by their exact text
MARSHMALLOW = {
    "Missing data for required field.": REQUIRED,
    "Field may not be null.": REQUIRED,
    "Not a valid date.": _l("Enter a valid date."),
    "Not a valid integer.": _l("Enter a whole number."),
    "Not a valid number.": _l("Enter a number."),
    "Not a valid boolean.": _l("Choose yes or no."),
}

# params whose values are codes with names of their own (a workflow's action and state are
# named by that workflow's labels, labels.WORKFLOWS)
PARAM_LABELS = {
    "documents": DOCUMENTS,
    "level": PLACE_LEVELS,
    "role": ROLES,
    "item": AID_ITEMS,
    "disability": DISABILITIES,
    "department": DEPARTMENTS,
    "situation": SITUATIONS,
}

FALLBACK = {
    Invalid: _l("The input is not valid."),
    NotPermitted: _l("You may not do this."),
    NotFound: _l("This record does not exist."),
    Unauthenticated: _l("Please sign in."),
    Conflict: _l("This cannot be done now: reload the page and try again."),
    TooManyRequests: _l("Too many attempts: wait a while and try again."),
}
NOT_VALID = FALLBACK[Invalid]


def say(code: str, params: dict | None = None, fallback=NOT_VALID) -> str:
    """The message of `code` in the page's language, its params filled in and named."""
    params = params or {}
    message = MESSAGES.get(code, fallback)
    if isinstance(message, dict):  # a message per workflow
        message = message.get(params.get("workflow"), fallback)
    try:
        return str(message) % _named(params)
    except (KeyError, TypeError, ValueError):  # params this message does not know
        return str(fallback)


def not_possible(workflow: str, action: str, state: str) -> str:
    """What the engine says when `action` is not open in `state`, without asking it."""
    return say("action_not_possible", {"workflow": workflow, "action": action, "state": state})


def _named(params: dict) -> dict:
    tables = dict(PARAM_LABELS)
    names = WORKFLOWS.get(params.get("workflow"))
    if names is not None:
        tables |= {"action": names.actions, "state": names.states}
    named = {}
    for key, value in params.items():
        table = tables.get(key)
        if isinstance(value, list):
            value = "、".join(label(table, v) if table else str(v) for v in value)
        elif table:
            value = label(table, value)
        named[key] = value
    return named


def for_error(exc: DomainError) -> str:
    fallback = next((m for kind, m in FALLBACK.items() if isinstance(exc, kind)), NOT_VALID)
    return say(exc.code, exc.params, fallback)


def field_message(message: str) -> str:
    """One message on a field: a FieldError by its code, marshmallow's own by its text."""
    if isinstance(message, FieldError):
        return say(message.code, message.params)
    return str(MARSHMALLOW.get(message, NOT_VALID))


def field_errors(exc: Invalid) -> dict[str, list[str]]:
    """Per-field messages, translated; nested marshmallow errors are flattened to their field."""
    return {name: [field_message(m) for m in _flatten(found)] for name, found in exc.fields.items()}


def form_errors(exc: Invalid) -> dict[str, list[str]]:
    """What a form page shows: the field errors, or the refusal as a whole ("_")."""
    return field_errors(exc) or {"_": [for_error(exc)]}


def _flatten(messages) -> list[str]:
    if isinstance(messages, str):
        return [messages]
    if isinstance(messages, dict):
        return [m for value in messages.values() for m in _flatten(value)]
    return [m for value in messages for m in _flatten(value)]


# Why an application falls short of eligibility (casework/rules/eligibility.py), by code.
REASONS = {
    "residence": _l("No permanent hukou, temporary hukou or residence permit in the county."),
    "diagnosis": _l("No diagnosis or assessment certificate received."),
    "duplicate": _l(
        "%(item)s: applied for on %(applied_on)s for the same item this aid year (application "
        "%(application)s), state “%(state)s”."
    ),
    "disability": _l("%(item)s: the file records no %(disability)s disability."),
    "age": _l("%(item)s: aged %(age)s on %(day)s, above the limit of %(limit)s."),
}
NOT_ELIGIBLE = _l("Not eligible.")
# Reasons stored before they had params
BARE_REASONS = {
    "duplicate": _l("%(item)s: another application for the same item this aid year."),
}


def eligibility_reason(reason: dict) -> str:
    """One shortfall of the eligibility result, in words."""
    params = {**(reason.get("params") or {}), "item": reason.get("item") or ""}
    try:
        return str(REASONS.get(reason.get("code"), NOT_ELIGIBLE)) % _named(params)
    except KeyError:  # stored before reasons had params
        return str(BARE_REASONS.get(reason.get("code"), NOT_ELIGIBLE)) % _named(params)


def yes_no(value: bool) -> str:
    return str(_l("Yes") if value else _l("No"))
