"""The county leader's dashboard at an office screen (1366×768): every figure, name and label
whole, none cut off by its box or its chart, no sideways scrolling; months in Chinese form."""

from __future__ import annotations

from casework.services.reminders import scan
from tests.browser.conftest import screenshot

# text in a box that hides what overflows it, and chart text reaching past its chart
CLIPPED = """() => {
  const cut = [];
  for (const el of document.querySelectorAll('main *')) {
    if (el.closest('svg') || !el.textContent.trim() || el.children.length) continue;
    const style = getComputedStyle(el);
    const hides = style.overflowX !== 'visible' || style.textOverflow === 'ellipsis';
    if (hides && el.scrollWidth > el.clientWidth + 1) cut.push(el.textContent.trim());
  }
  for (const text of document.querySelectorAll('main svg text')) {
    const chart = text.ownerSVGElement.getBoundingClientRect();
    const box = text.getBoundingClientRect();
    if (box.left < chart.left - 1 || box.right > chart.right + 1) cut.push(text.textContent);
  }
  return cut;
}"""


def test_no_figure_of_the_leaders_dashboard_is_cut_off(world, page_for, live):
    for _ in range(3):
        application = world.application()
        world.advance(application.id, "settled")  # paid: the money charts have bars
    world.application()  # submitted, soon overdue
    scan(world.now)  # coverage gaps and overdue work: reminders by person
    page = page_for(world.a.users["leader"])
    page.goto(live + "/dashboard")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert page.evaluate(CLIPPED) == []
    assert page.locator("#target-pace").is_visible()
    assert page.locator("#coverage-count").is_visible()
    assert page.locator("#period-rates tbody tr").count() == 3  # the county, two townships
    assert page.locator("#overdue-people tbody tr").count() >= 1
    months = page.locator("#chart-paid-month text:not(.value)").all_text_contents()
    assert months[:3] == ["1月", "2月", "3月"]
    screenshot(page, "dashboard-leader")
