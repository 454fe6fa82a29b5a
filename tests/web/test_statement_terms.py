"""The settlement spreadsheet names aid items, line results, rejection codes and claim states
in the words the pages use for them in Chinese: an auditor reading both sees one term."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from casework.services import settlement_export
from casework.settings import Settings
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
    ],
    ids=["aid items", "line results", "rejection codes", "claim states"],
)
def test_the_spreadsheet_and_the_pages_use_the_same_terms(pages, screen, sheet):
    with pages.test_request_context(), force_locale("zh_CN"):
        shown = {code: str(name) for code, name in screen.items()}
    assert shown == sheet
