"""The province's page, in Chinese: the officer's home, a row per county of the province with
its figures, the province's total, a county whose figures are not today's marked stale and
one never taken marked missing; no one else opens it."""

from __future__ import annotations

import datetime as dt
import re

from casework.models import CountyFigures
from casework.services import province
from casework.settings import Settings
from tests.web.pages.conftest import Browser


def _officer(pages, world) -> tuple[Browser, str]:
    world.province()
    browser = Browser(pages)
    response = browser.sign_in("province-officer", "province-password")
    assert response.status_code == 302
    home = browser.get(response.headers["Location"])  # "/": the role's home
    return browser, home.headers.get("Location", "")


def _row(page: str, county_id: int) -> str:
    return re.search(rf'<tr id="county-{county_id}".*?</tr>', page, re.S).group(0)


def test_the_officer_s_home_shows_each_county_the_total_and_the_stale(pages, world):
    browser, home = _officer(pages, world)
    assert home.endswith("/province")
    world.application()
    province.take_figures(world.now - dt.timedelta(days=1), Settings())
    province.take_figures(world.now, Settings())
    CountyFigures.delete().where(CountyFigures.county == world.b.county.id,
                                 CountyFigures.as_of == dt.date(2026, 3, 2)).execute()  # fmt: skip
    page = browser.text("/province")
    assert "省级数据看板" in page and "浙江省" in page and "全省合计" in page
    a, b = _row(page, world.a.county.id), _row(page, world.b.county.id)
    assert world.a.county.name in a and "未更新" not in a and 'class="stale"' not in a
    assert world.b.county.name in b and "未更新" in b and 'class="stale"' in b
    assert "1 个县的数据不是今天的" in page
    assert "County dashboard" not in page and "县级数据看板" not in page  # not in the menu


def test_a_county_never_taken_is_marked_missing(pages, world):
    browser, _ = _officer(pages, world)
    page = browser.text("/province")
    assert _row(page, world.a.county.id).count("尚无数据") == 1
    assert "2 个县的数据不是今天的" in page


def test_no_one_else_opens_it(as_role, world):
    world.province()
    for role in ("leader", "admin", "reviewer"):
        as_role(role).text("/province", status=403)


def test_a_county_admin_is_not_offered_the_province_officer(as_role, world):
    page = as_role("admin").text("/admin/users")
    assert 'value="reviewer"' in page and 'value="province_officer"' not in page
