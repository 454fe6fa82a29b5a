"""In the browser on a 360×640 phone: the village child director's home page opens with her
area's figures, every number shown whole (none cut off by its tile), the page no wider than
the phone; with numbers of a whole county's size too."""

from __future__ import annotations

import dataclasses

from playwright.sync_api import expect

from casework.services import area_figures
from tests.browser.conftest import screenshot
from tests.web.pages.test_area_figures import area  # noqa: F401 - the hand-made area

PHONE = (360, 640)
CLIPPED = """() => [...document.querySelectorAll('#area-figures dd, #area-figures dt')]
  .filter(e => e.scrollWidth > e.clientWidth || e.getBoundingClientRect().right > 360)
  .map(e => e.id || e.textContent)"""


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    assert page.evaluate(CLIPPED) == []


def test_the_directors_figures_fit_her_phone(world, page_for, live, area, monkeypatch):  # noqa: F811
    page = page_for(world.a.users["child_director"], *PHONE)
    page.goto(f"{live}/")
    expect(page.get_by_role("heading", name="我的辖区")).to_be_visible()
    expect(page.locator("#fig-on-register")).to_have_text("5")
    expect(page.locator("#fig-visits-not-overdue")).to_have_text("1 / 2")
    _fits(page)
    screenshot(page, "director-area-figures-phone")
    found = area_figures.of_area

    def large(actor, today):
        figures = found(actor, today)
        screening = dataclasses.replace(figures.screening, children=1234567, screened=1234560)
        return dataclasses.replace(figures, on_register=1234567, visits_made=123456,
                                   visits_not_overdue=123450, visits_overdue=98765,
                                   screening=screening)  # fmt: skip

    monkeypatch.setattr(area_figures, "of_area", large)
    page.goto(f"{live}/visits")
    expect(page.locator("#fig-visits-not-overdue")).to_have_text("123450 / 123456")
    expect(page.locator("#fig-screened")).to_have_text("1234560 / 1234567")
    _fits(page)
    screenshot(page, "director-area-figures-large-phone")
