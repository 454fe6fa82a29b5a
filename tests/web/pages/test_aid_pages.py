"""What a child received, on the application page and in the child's file."""

from __future__ import annotations

import re

from tests.web.test_aid_received import paid_quarter_and_a_proposed_one


def aid_table(html: str) -> str:
    found = re.search(r'<table class="aid-years">.*?</table>', html, re.S)
    assert found, "the aid table is drawn"
    return found.group(0)


def test_the_application_page_shows_the_money_and_the_claims_behind(world, as_role):
    application, first, second = paid_quarter_and_a_proposed_one(world)
    table = aid_table(as_role("settlement_auditor").text(f"/applications/{application.id}"))
    cells = re.findall(r'<td class="num">(?:<strong>)?([0-9.]+)', table)
    assert cells == ["17000.00", "1700.00", "5100.00", "5100.00", "11900.00"]
    assert f'href="/claims/{first}"' in table and f'href="/claims/{second}"' in table
    assert "2026-Q1 · 已付款 · 2026-01、2026-02、2026-03 · 审核通过 5100.00" in table
    # the reviewer sees the figures, not links to claims they may not open
    reviewer = aid_table(as_role("reviewer").text(f"/applications/{application.id}"))
    assert "11900.00" in reviewer and 'href="/claims/' not in reviewer


def test_the_childs_file_shows_the_aid_history(world, as_role):
    application, _, _ = paid_quarter_and_a_proposed_one(world)
    table = aid_table(as_role("reviewer").text(f"/children/{application.child_id}"))
    assert f'href="/applications/{application.id}"' in table
    assert ">2026<" in table and "5100.00" in table


def test_a_child_without_applications_has_nothing_billed(world, as_role):
    child = world.child()
    html = as_role("reviewer").text(f"/children/{child.id}")
    assert '<table class="aid-years">' not in html and 'id="aid-h"' in html
