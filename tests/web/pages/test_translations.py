"""The Chinese catalogue: in step with the source strings, complete, and covering every code
the pages name; refusals shown by their codes (tests/test_error_codes.py checks that every code
raised has its message)."""

from __future__ import annotations

import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from flask_babel import force_locale

from casework.errors import DomainError, FieldError, Invalid
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


def refusal(code: str, **params) -> DomainError:
    return DomainError("in English, for logs", code=code, params=params)


@pytest.mark.parametrize(
    "error, shown",
    [
        (refusal("papers_missing", documents=["residence", "diagnosis"]),
         "缺少材料：户籍或居住证明、诊断（评估）证明。"),
        (refusal("institution_full", name="某康复中心", count=50),
         "某康复中心 名额已满（在训 50 名）。"),
        (refusal("reason_required", workflow="rehab", action="reject"),
         "办理“不予救助”须填写理由。"),
        (refusal("not_found", record="rehab application", id=12), "该记录不存在。"),
        (refusal("no_such_code_yet"), "填写内容有误。"),  # a class's fallback, never English
    ],
)  # fmt: skip
def test_a_refusal_is_shown_in_chinese_by_its_code(pages, error, shown):
    with pages.test_request_context(), force_locale("zh_CN"):
        assert messages.for_error(error) == shown


@pytest.mark.parametrize(
    "message",
    [
        FieldError("must be between 2026-01 and 2026-03", code="month_between",
                   params={"start": "2026-01", "end": "2026-03"}),
        "Missing data for required field.",  # marshmallow's own, by its text
        "Not a valid date.",
        "Not a valid integer.",
    ],
)  # fmt: skip
def test_field_messages_are_shown_in_chinese(pages, message):
    with pages.test_request_context(), force_locale("zh_CN"):
        shown = messages.field_message(message)
    assert re.search(r"[\u4e00-\u9fff]", shown) and not re.search(r"[a-z]{4,}", shown), shown


def test_marshmallows_validators_give_coded_messages(pages):
    from casework.workflows.payloads import load_payload
    from casework.workflows.rehab_payloads import PlanPayload

    with pytest.raises(Invalid) as refused:
        load_payload(PlanPayload, {"planned_months": 13, "assessment": "", "goals": "x" * 2001})
    fields = refused.value.fields
    assert fields["planned_months"][0].code == "out_of_range"
    assert [m.code for m in fields["assessment"]] == ["empty"]
    assert [m.code for m in fields["goals"]] == ["too_long"]
    with pages.test_request_context(), force_locale("zh_CN"):
        shown = messages.field_errors(refused.value)
    assert shown["planned_months"] == ["须在 1 至 12 之间。"]
    assert shown["assessment"] == ["此项为必填项。"]
    assert shown["assessed_on"] == ["此项为必填项。"]  # marshmallow's "Missing data ..."


@pytest.mark.parametrize(
    "workflow, record", [("rehab", "申请"), ("claim", "结算申报"), ("report", "案件")]
)
def test_an_action_refused_in_its_state_names_the_record_of_its_workflow(pages, workflow, record):
    action = {"claim": "submit", "report": "accept"}.get(workflow, "approve")
    with pages.test_request_context(), force_locale("zh_CN"):
        shown = messages.not_possible(workflow, action, "paid")
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
        {"code": "residence", "item": None},
        {"code": "diagnosis", "item": None},
        {"code": "disability", "item": "hearing_aids", "params": {"disability": "hearing"}},
        {"code": "age", "item": "training_limb",
         "params": {"age": 9, "day": "2026-03-02", "limit": 7}},
        {"code": "duplicate", "item": "mobility_aid"},  # stored before it had params
        {"code": "duplicate", "item": "mobility_aid", "params": {
            "application": 12, "applied_on": "2026-01-05", "state": "under_review",
            "workflow": "rehab"}},
    ]  # fmt: skip
    with pages.test_request_context(), force_locale("zh_CN"):
        shown = [messages.eligibility_reason(r) for r in reasons]
    assert shown[2] == "助听器适配：档案中未登记听力残疾。"
    assert (
        shown[3] == "肢体残疾儿童康复训练：申请日（2026-03-02）年龄 9 周岁，超过 7 周岁的年龄上限。"
    )
    assert shown[4] == "轮椅等辅助器具：本援助年度已有同一项目的另一份申请。"
    assert (
        shown[5]
        == "轮椅等辅助器具：本援助年度已于 2026-01-05 申请同一项目（申请 12），状态“审核中”。"
    )
    for text in shown:
        assert not re.search(r"[a-z]{4,}", text), text


def test_the_snooze_limit_is_shown_with_its_own_number(pages):
    with pages.test_request_context(), force_locale("zh_CN"):
        assert messages.say("too_far_ahead", {"days": 14}) == "最多推迟 14 天。"
        assert messages.say("too_far_ahead", {"days": 30}) == "最多推迟 30 天。"
