"""The Chinese catalogue: in step with the source strings, complete, and covering every code
and every domain message the pages can show."""

from __future__ import annotations

import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from flask_babel import force_locale

from casework.settings import ROOT, Settings
from casework.vocabulary import AidItem, DifficultyCategory, DisabilityType, DocumentKind, Role
from casework.workflows.registry import WORKFLOWS
from web import create_app
from web.pages import i18n, labels, messages
from web.pages.forms import action_fields

PO = ROOT / "web" / "translations" / "zh_CN" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)s")


@pytest.fixture(scope="module")
def pages():
    """The app without a database: these tests only translate."""
    return create_app(Settings(), bind_database=False, TESTING=True)


def catalogue():
    with PO.open("rb") as source:
        return {m.id: m for m in read_po(source, locale="zh_CN") if m.id}


def source_strings() -> set[str]:
    method_map = [("web/**.py", "python"), ("web/pages/templates/**.html", "jinja2")]
    keywords = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None}
    return {
        message
        for _, _, message, *_ in extract_from_dir(
            str(ROOT), method_map, keywords=keywords, comment_tags=()
        )
        if isinstance(message, str)
    }


def test_catalogue_matches_the_source_strings():
    found, known = source_strings(), set(catalogue())
    assert found - known == set(), "run scripts/update-translations.sh and translate"
    assert known - found == set(), "strings no longer used: run scripts/update-translations.sh"


def test_every_string_is_translated_with_the_same_placeholders():
    for message_id, message in catalogue().items():
        assert message.string, f"untranslated: {message_id!r}"
        assert not message.fuzzy, f"fuzzy: {message_id!r}"
        assert sorted(PLACEHOLDER.findall(message_id)) == sorted(
            PLACEHOLDER.findall(message.string)
        ), message_id
        assert not re.search(r"[A-Za-z]{4,}", PLACEHOLDER.sub("", message.string)), message_id


def test_the_compiled_catalogue_follows_the_po(tmp_path):
    po = tmp_path / "zh_CN" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_bytes(PO.read_bytes())
    written = i18n.compile_catalogues(tmp_path)
    assert written == [tmp_path / "zh_Hans_CN" / "LC_MESSAGES" / "messages.mo"]
    assert i18n.compile_catalogues(tmp_path) == []  # up to date: left alone


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda w: w.name)
def test_every_registered_workflow_has_chinese_labels(pages, workflow):
    """Its states, its actions, its title and the sentence refusing an action in a state: a
    workflow added to the registry without them fails here."""
    assert workflow.name in labels.WORKFLOWS, f"no labels for workflow {workflow.name}"
    names = labels.of_workflow(workflow.name)
    assert labels.TABLES[names.state_table] is names.states
    assert labels.TABLES[names.action_table] is names.actions
    with pages.test_request_context(), force_locale("zh_CN"):
        shown = [labels.label(names.states, s.value) for s in workflow.states]
        shown += [labels.label(names.actions, a.name) for a in workflow.actions]
        shown += [str(names.title), str(names.case_title) % {"id": 7}]
        shown.append(str(names.not_possible) % {"action": "甲", "state": "乙"})
        for action in workflow.actions:
            for spec in action_fields(action):
                shown += [spec.label, *(text for _, text in spec.choices)]
    for text in shown:
        assert re.search(r"[\u4e00-\u9fff]", text) and not re.search(r"[A-Za-z]{4,}", text), text


@pytest.mark.parametrize(
    "table, codes",
    [
        (labels.ROLES, [r.value for r in Role]),
        (labels.AID_ITEMS, [i.value for i in AidItem]),
        (labels.DISABILITIES, [d.value for d in DisabilityType]),
        (labels.DIFFICULTIES, [d.value for d in DifficultyCategory]),
        (labels.DOCUMENTS, [d.value for d in DocumentKind]),
    ],
)
def test_every_code_has_a_chinese_name(pages, table, codes):
    with pages.test_request_context(), force_locale("zh_CN"):
        for code in codes:
            name = labels.label(table, code)
            assert re.search(r"[\u4e00-\u9fff]", name), (code, name)


# Messages casework and marshmallow really produce (see casework/ and rehab_steps.py).
DOMAIN_MESSAGES = [
    "start_review is not possible in state approved",
    "version is 3, not 2: reload and try again",
    "the case changed while you were acting on it: reload and try again",
    "reject needs a reason",
    "papers missing: residence, diagnosis",
    "the application is not eligible (age 9 on 2026-03-02 is above the limit of 7): "
    "approving needs an override reason",
    "no designated institution with room offers these aid items",
    "某康复中心 is full (50 in care)",
    "that institution is not a designated institution offering these aid items",
    "a file for this ID number exists",
    "ID number must be 18 characters",
    "ID number has a wrong check digit",
    "ID number has an impossible birth date or region",
    "rehab application 12 does not exist",
    "rehab case 12 is outside your scope",
    "child 4 is outside your scope",
    "must be between 2026-01 and 2026-03",
    "after 2026-02",
    "Missing data for required field.",
    "Not a valid date.",
    "Not a valid integer.",
    "Must be greater than or equal to 1 and less than or equal to 12.",
    "expected a month as YYYY-MM",
    "Longer than maximum length 100.",
    "Length must be between 1 and 2000.",
    "Must be one of: identity, residence, diagnosis, agreement.",
    # claim lines and home education (claim_steps.py, services/visits.py)
    "lines not on this claim",
    "not a case of your institution",
    "aid item not on the application",
    "this case and aid item are already on the claim (line 7)",
    "months cannot be billed",
    "2026-02 of this case and aid item is already billed",
    "this one-time aid item is already billed",
    "service date outside the period",
    "no child referred to your institution with a signed agreement",
    "no attended month left to bill in 2026-Q1",
    "the child is already taught at home",
    "it ended on 2026-02-01",
    "ends before it started",
    "before started_on",
    "teacher of another township",
    "not the child's township",
    "must be a teacher",
    # institutions (services/places.py)
    "a whole number from 0 to 10000",
    "a number from -180 to 180",
]


@pytest.mark.parametrize("text", DOMAIN_MESSAGES)
def test_domain_messages_are_shown_in_chinese(pages, text):
    with pages.test_request_context(), force_locale("zh_CN"):
        shown = messages.translate(text, fallback="FALLBACK")
    assert shown != "FALLBACK", text
    assert re.search(r"[\u4e00-\u9fff]", shown) and not re.search(r"[a-z]{4,}", shown), shown


@pytest.mark.parametrize(
    "workflow, record",
    [("rehab", "申请"), ("claim", "结算申报"), ("report", "案件")],
)
def test_an_action_refused_in_its_state_names_the_record_of_its_workflow(pages, workflow,
                                                                        record):  # fmt: skip
    value_labels = labels.value_labels(workflow)
    action = {"claim": "submit", "report": "accept"}.get(workflow, "approve")
    with pages.test_request_context(), force_locale("zh_CN"):
        shown = messages.translate(f"{action} is not possible in state paid", None, value_labels)
    assert shown.startswith(f"{record}处于"), shown
    assert not re.search(r"[a-z]{4,}", shown.replace("paid", "")), shown


def test_every_reminder_rule_has_a_chinese_name(pages):
    from casework.reminders.catalogue import catalogue

    with pages.test_request_context(), force_locale("zh_CN"):
        for rule in catalogue():
            name = labels.label(labels.TABLES["reminder_rule"], rule.name)
            assert re.search(r"[\u4e00-\u9fff]", name), rule.name


def test_eligibility_reasons_in_chinese(pages):
    reasons = [
        {"code": "residence", "message": "no permanent hukou, temporary hukou or residence permit",
         "item": None},
        {"code": "diagnosis", "message": "no diagnosis/assessment certificate received",
         "item": None},
        {"code": "disability", "message": "child has no hearing disability on file",
         "item": "hearing_aids"},
        {"code": "age", "message": "age 9 on 2026-03-02 is above the limit of 7",
         "item": "training_limb"},
        {"code": "duplicate", "message": "already granted to this child in this aid year",
         "item": "mobility_aid"},
    ]  # fmt: skip
    with pages.test_request_context(), force_locale("zh_CN"):
        shown = [messages.eligibility_reason(r) for r in reasons]
    assert shown[2] == "助听器适配：档案中未登记听力残疾。"
    assert (
        shown[3] == "肢体残疾儿童康复训练：申请日（2026-03-02）年龄 9 周岁，超过 7 周岁的年龄上限。"
    )
    for text in shown:
        assert not re.search(r"[a-z]{4,}", text), text


def test_the_snooze_limit_is_shown_with_its_own_number(pages):
    with pages.test_request_context(), force_locale("zh_CN"):
        assert messages.translate("at most 14 days ahead") == "最多推迟 14 天。"
        assert messages.translate("at most 30 days ahead") == "最多推迟 30 天。"
