"""The settlement spreadsheet names aid items, line results, rejection codes and claim states
in the words the pages use for them in Chinese: an auditor reading both sees one term."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from casework.services import settlement_export
from casework.settings import Settings
from casework.vocabulary import DEPARTMENT_NAMES
from casework.workflows.transfer import STATE_NAMES
from web import create_app
from web.pages import case_labels, labels


@pytest.fixture(scope="module")
def pages():
    return create_app(Settings(), bind_database=False, TESTING=True)


@pytest.mark.parametrize(
    ("screen", "sheet"),
    [
        (labels.AID_ITEMS, settlement_export.AID_ITEMS),
        (case_labels.LINE_STATUSES, settlement_export.STATUSES),
        (case_labels.REJECTION_CODES, settlement_export.REJECTIONS),
        (case_labels.CLAIM_STATES, settlement_export.STATES),
        (case_labels.DEPARTMENTS, DEPARTMENT_NAMES),  # the transfer ledger's words
        (case_labels.TRANSFER_STATES, STATE_NAMES),
    ],
    ids=[
        "aid items",
        "line results",
        "rejection codes",
        "claim states",
        "departments",
        "transfer states",
    ],
)
def test_the_spreadsheet_and_the_pages_use_the_same_terms(pages, screen, sheet):
    with pages.test_request_context(), force_locale("zh_CN"):
        shown = {code: str(name) for code, name in screen.items()}
    assert shown == sheet


def test_english_pages_name_departments_and_transfer_states_in_english(pages):
    """Their Chinese is written once, in casework; English pages show the English."""
    with pages.test_request_context(), force_locale("en"):
        assert str(case_labels.DEPARTMENTS["civil_affairs"]) == "Civil affairs"
        assert str(case_labels.TRANSFER_STATES["refused"]) == "Refused by the department"
    with pages.test_request_context(), force_locale("zh_CN"):
        assert str(case_labels.DEPARTMENTS["civil_affairs"]) == "民政"
