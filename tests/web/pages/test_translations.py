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
from casework.workflows.rehab import REHAB
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


@pytest.mark.parametrize(
    "table, codes",
    [
        (labels.STATES, [s.value for s in REHAB.states]),
        (labels.ACTIONS, [a.name for a in REHAB.actions]),
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


def test_every_field_of_every_action_form_has_a_chinese_label(pages):
    with pages.test_request_context(), force_locale("zh_CN"):
        for action in REHAB.actions:
            for spec in action_fields(action):
                assert re.search(r"[\u4e00-\u9fff]", spec.label), (action.name, spec.name)
                for _, text in spec.choices:
                    assert re.search(r"[\u4e00-\u9fff]", text), (action.name, text)


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
    "labels_of, record",
    [(None, "申请"), ("claims", "结算申报"), ("reports", "案件")],
)
def test_an_action_refused_in_its_state_names_the_record_of_its_workflow(pages, labels_of,
                                                                        record):  # fmt: skip
    from web.pages import claims, reports

    value_labels = {"claims": claims.CLAIM_LABELS, "reports": reports.REPORT_LABELS}.get(labels_of)
    action = {"claims": "submit", "reports": "accept"}.get(labels_of, "approve")
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
