"""The county dashboard's figures and charts, and the workflow diagram from the definition."""

from __future__ import annotations

import datetime as dt
import re

from casework.models import RehabApplication
from casework.services import county_statistics as figures
from casework.workflows.rehab import REHAB
from tests.conftest import NOW
from web.pages import diagram


def spread(world):
    """Applications in several states; one overdue in review, one overdue at an institution."""
    ids = {}
    for state in ("submitted", "under_review", "approved", "referred", "in_rehabilitation"):
        ids[state] = world.application().id
        world.advance(ids[state], state)
    hearing = world.application(items=("training_hearing",), disabilities=("hearing", "speech"))
    world.advance(hearing.id, "completed")
    withdrawn = world.application()
    world.advance(withdrawn.id, "approved")
    from casework.services import rehab

    rehab.act(world.a.actor("intake_clerk"), withdrawn.id, "withdraw", now=world.now,
              reason="监护人申请撤回")  # fmt: skip
    world.application(world.b)  # another county: never counted
    late = NOW - dt.timedelta(days=2)
    RehabApplication.update(due_at=late).where(
        RehabApplication.id.in_([ids["under_review"], ids["referred"]])
    ).execute()
    return ids


def test_county_figures(world):
    spread(world)
    leader = world.a.actor("leader")
    aided = figures.aided(leader, 2026, 270)
    # approved, referred, in rehabilitation and completed: 4 children; withdrawn does not count
    assert aided.children == 4
    assert aided.by_disability["limb"] == 3 and aided.by_disability["hearing"] == 1
    assert aided.by_disability["speech"] == 1
    assert aided.by_item["training_limb"] == 3 and aided.by_item["training_hearing"] == 1
    assert aided.percent_of_target == 1
    states = figures.per_state(leader)
    assert list(states) == [s.value for s in REHAB.states]
    assert states["submitted"] == 1 and states["withdrawn"] == 1 and sum(states.values()) == 7
    overdue = figures.overdue(leader, NOW)
    assert {(o.party, o.name, o.count) for o in overdue} == {
        ("reviewers", "", 1),
        ("institution", world.a.institutions[0].name, 1),
    }


def test_dashboard_page_draws_the_charts(world, as_role):
    spread(world)
    html = as_role("leader").text("/dashboard")
    assert re.search(r"<strong>4</strong> / 270", html)
    for chart in ("chart-target", "chart-disability", "chart-items", "chart-states"):
        assert f'id="{chart}"' in html
    states_chart = html[html.index('id="chart-states"') :]
    assert states_chart.count("<rect") >= 15
    assert "县残联审核员" in html and world.a.institutions[0].name in html
    assert "超期事项（按办理方）" in html


def test_dashboard_year_without_aid(world, as_role):
    html = as_role("leader").text("/dashboard?year=2020")
    assert "<strong>0</strong> / 270" in html and "暂无数据" in html


def test_workflow_diagram_has_every_state_and_live_counts(world, as_role):
    spread(world)
    html = as_role("reviewer").text("/dashboard/workflow")
    assert html.count('class="node') == len(REHAB.states)
    submitted = re.search(r'data-state="submitted">.*?class="count">(\d+)<', html, re.S)
    assert submitted.group(1) == "1"
    for action in REHAB.actions:
        if action.dest is not None and action.sources:
            assert action.name in {e.action for e in diagram.layout(REHAB)[1]}
    assert "拒绝转介" in html and "5 个工作日" in html


def test_layout_puts_the_main_path_in_one_row():
    nodes, edges, width, height = diagram.layout(REHAB)
    rows = {n.state: n.y for n in nodes}
    main = ["submitted", "under_review", "approved", "referred", "accepted", "agreed",
            "in_rehabilitation", "completed", "settled", "closed"]  # fmt: skip
    assert len({rows[s] for s in main}) == 1
    columns = [next(n.x for n in nodes if n.state == s) for s in main]
    assert columns == sorted(columns) and len(set(columns)) == len(main)
    assert width <= 1320 and height < 400


def test_the_dashboard_counts_the_reminders_nobody_receives(world, as_role):
    from casework.models import Reminder

    assert "每条提醒都已送达负责人。" in as_role("leader").text("/dashboard")
    for entity_id, county in ((1, world.a.county), (2, world.a.county), (3, world.b.county)):
        Reminder.create(rule="visit.regular_overdue", entity="child", entity_id=entity_id,
                        instance="2026-01-01", county=county, due_at=NOW, severity="warning",
                        created_at=NOW, unreachable=True)  # fmt: skip
    html = as_role("leader").text("/dashboard")
    assert "2 条未办结提醒找不到负责人" in html  # the other county's is not counted


def _county_rates(html: str) -> tuple[str, str]:
    table = html[html.index('id="period-rates"'):]
    table = table[: table.index("</table>")]
    return table, re.search(r"<tr><th scope=\"row\">全县</th>(.*?)</tr>", table).group(1)


def test_the_dashboard_shows_the_rates_of_the_year(world, as_role):
    application = world.application()
    world.advance(application.id, "approved")
    # the rates run to the last day over (kept once counted): today's decision is not in yet
    html = as_role("leader").text("/dashboard")
    assert "2026-01-01 至 2026-03-01" in html
    assert re.findall(r"<td>(\d+/\d+)", _county_rates(html)[1]) == ["0/0", "0/0", "0/0"]
    world.now += dt.timedelta(days=1)
    html = as_role("leader").text("/dashboard")
    table, county_row = _county_rates(html)
    assert "全县" in table and "按时走访率" in table and "建档率" in table
    # the whole county: no visit owed yet, one case out of review in time, nothing screened
    assert re.findall(r"<td>(\d+/\d+)", county_row) == ["0/0", "1/1", "0/0"]
    assert "100.0%" in county_row
    assert world.a.townships[0].name in table and world.a.townships[1].name in table
    assert 'id="period-rates"' not in as_role("reviewer").text("/dashboard")
