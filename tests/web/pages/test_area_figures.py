"""The figures of one's own area heading the home page of the township's child supervisor and
the village's child director, counted against a hand-made area (2 March 2026).

County a: township 0 holds villages 0 and 1 (the supervisor's), village 0 is the director's,
village 2 lies in the other township. Children (created on the day given; regular visits
quarterly for family difficulty, monthly for guardianship difficulty):

  village 0  甲 family,       opened 2025-10-15, not visited       -> due (by 31 March)
             乙 family,       opened 2025-08-10, not visited       -> overdue (31 December)
             丙 family,       opened 2025-08-10, visited 1 March   -> made, overdue by then
             丁 family,       opened 2025-10-15, visited 2 March   -> made, not overdue
             戊 no difficulty, opened today                       -> on the register only
  village 1  己 guardianship, opened 2026-01-10, not visited       -> overdue (28 February)
             庚 family,       opened 2025-10-15, visited 2 March   -> made, not overdue
  village 2  辛 family,       opened 2025-08-10                    -> overdue, not theirs
  county b   one overdue child, a report and a transfer            -> nobody's here

Reports in village 0: one open, one screened out. Transfers in village 0: one open, one closed.
Screening round of March: 甲 screened (village 0), 庚 screened (village 1), no village done."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.models import Child, ReportCase, Transfer
from casework.rules.identity import compose_resident_id
from casework.services import area_figures, children, screening, visits
from tests.integration.report_cases import file_report
from tests.integration.transfer_cases import receive

D = dt.date
SERIAL = iter(range(700, 999))
TODAY = D(2026, 3, 2)


def _child(world, county, village: int, name: str, opened: D | None, categories=("family",)):
    number = compose_resident_id("330127", D(2016, 6, 1), next(SERIAL))
    child = children.register_child(
        county.actor("intake_clerk"),
        {"id_number": number, "name": name, "place_id": county.villages[village].id,
         "residence_basis": "permanent_hukou", "disability_types": []},
        world.now,
    )  # fmt: skip
    child = world.categorise(child, *categories, county=county)
    if opened:  # opened earlier than today: its visits fall due
        moment = dt.datetime.combine(opened, dt.time(2, 0))
        Child.update(created_at=moment).where(Child.id == child.id).execute()
    return child


def _visit(world, county, role: str, child, day: str):
    visits.record_visit(county.actor(role), {
        "child_id": child.id, "kind": "regular", "visited_on": day, "findings": "生活正常"},
        world.now)  # fmt: skip


@pytest.fixture
def area(world):
    a = world.a
    found = {
        "甲": _child(world, a, 0, "甲", D(2025, 10, 15)),
        "乙": _child(world, a, 0, "乙", D(2025, 8, 10)),
        "丙": _child(world, a, 0, "丙", D(2025, 8, 10)),
        "丁": _child(world, a, 0, "丁", D(2025, 10, 15)),
        "戊": _child(world, a, 0, "戊", None, ()),
        "己": _child(world, a, 1, "己", D(2026, 1, 10), ("guardianship",)),
        "庚": _child(world, a, 1, "庚", D(2025, 10, 15)),
        "辛": _child(world, a, 2, "辛", D(2025, 8, 10)),
    }
    _child(world, world.b, 0, "壬", D(2025, 8, 10))
    _visit(world, a, "child_director", found["丙"], "2026-03-01")
    _visit(world, a, "child_director", found["丁"], "2026-03-02")
    _visit(world, a, "child_supervisor", found["庚"], "2026-03-02")
    file_report(world, with_child=False)
    closed = file_report(world, with_child=False)
    ReportCase.update(state="screened_out").where(ReportCase.id == closed.id).execute()
    file_report(world, world.b, with_child=False)
    receive(world, child=False)
    done = receive(world, child=False)
    Transfer.update(state="closed").where(Transfer.id == done.id).execute()
    receive(world, world.b, child=False)
    round_ = screening.launch(
        a.actor("case_worker"),
        {"title": "三月排查", "starts_on": "2026-03-01", "ends_on": "2026-03-31"},
        world.now,
    )
    for role, name in (("child_director", "甲"), ("child_supervisor", "庚")):
        screening.record(
            a.actor(role),
            round_.id,
            {"child_id": found[name].id, "result": "no_concern"},
            world.now,
        )
    return found


def test_the_directors_figures_are_her_villages(world, area):
    figures = area_figures.of_area(world.a.actor("child_director"), TODAY)
    assert figures is not None
    assert (figures.on_register, figures.in_difficulty) == (5, 4)
    assert (figures.visits_due, figures.visits_overdue) == (1, 1)  # 甲; 乙
    assert (figures.visits_made, figures.visits_not_overdue) == (2, 1)  # 丙 overdue, 丁 not
    assert figures.screening == area_figures.Screening("三月排查", 1, 0, 5, 1)
    assert (figures.open_reports, figures.open_transfers) == (1, 1)


def test_the_supervisors_figures_are_his_townships(world, area):
    figures = area_figures.of_area(world.a.actor("child_supervisor"), TODAY)
    assert figures is not None
    assert (figures.on_register, figures.in_difficulty) == (7, 6)
    assert (figures.visits_due, figures.visits_overdue) == (1, 2)  # 甲; 乙 and 己
    assert (figures.visits_made, figures.visits_not_overdue) == (3, 2)  # 丙 overdue
    assert figures.screening == area_figures.Screening("三月排查", 2, 0, 7, 2)
    assert (figures.open_reports, figures.open_transfers) == (1, 1)


def test_the_other_roles_have_none(world, area):
    for role in ("case_worker", "leader", "teacher"):
        assert area_figures.of_area(world.a.actor(role), TODAY) is None


def test_the_home_page_shows_them_in_chinese(as_role, world, area):
    director = as_role("child_director")
    response = director.get("/", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.request.path == "/visits"
    assert 'id="area-figures"' in html and "我的辖区" in html
    assert 'id="fig-on-register">5<' in html
    assert 'id="fig-visits-due">1<' in html and 'id="fig-visits-overdue">1<' in html
    assert 'id="fig-visits-not-overdue">1 / 2<' in html
    # not the dashboard's visits-on-time rate (按时走访率), counted by calendar period
    start = html.index('id="area-figures"')
    figures = html[start : html.index("</section>", start)]
    assert "本月走访：未超期 / 已走访" in figures and "按时" not in figures
    assert 'id="fig-screened">1 / 5<' in html and "三月排查" in html
    assert 'id="fig-open-reports">1<' in html and 'id="fig-open-transfers">1<' in html
    supervisor = as_role("child_supervisor")
    response = supervisor.get("/", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.request.path == "/visits"  # the supervisor's home now
    assert 'id="fig-on-register">7<' in html and 'id="fig-visits-overdue">2<' in html
    other = as_role("child_director", world.b).text("/visits")
    assert 'id="fig-on-register">1<' in other and 'id="fig-open-transfers">1<' in other
    assert 'id="area-figures"' not in as_role("teacher").text("/visits")
