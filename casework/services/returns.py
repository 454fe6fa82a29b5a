"""Periodic statistical returns (信息报送): a monthly and a quarterly return of the county's
figures in a fixed layout, as JSON and as a spreadsheet, and a record of each one submitted.

A return is counted as of a moment: the end of its period in China, or now for a period not
yet over. Every figure is counted as recorded by then (services/rates_as_of.py, and the dated
rows below), so a submitted return counted again as of its moment gives the same figures,
whatever was entered since. A submitted return is shown as it was sent: the rows kept with
it, codes and values, even when the layout has gained rows since."""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font

from casework.db import write_transaction
from casework.errors import FieldError, Invalid, NotPermitted, not_found
from casework.models import Place, ReportCase, ReturnSubmission, Visit
from casework.reminders.calendar_math import end_of_day, local_midnight
from casework.rules import visits as schedule
from casework.rules.deadlines import local_date
from casework.rules.periods import Cycle, Period, PeriodError, parse_period
from casework.rules.rates import Handled, Pace, total
from casework.services import audit
from casework.services import rates_as_of as rates
from casework.services.county_statistics import county_of
from casework.services.xlsx_rows import StreamedSheet
from casework.settings import Settings
from casework.vocabulary import Role
from casework.workflows.definition import Actor

READERS = frozenset({Role.ADMIN, Role.LEADER, Role.CASE_WORKER})
SUBMITTERS = frozenset({Role.ADMIN, Role.LEADER})
TITLES = {Cycle.MONTHLY: "月度统计报表", Cycle.QUARTERLY: "季度统计报表"}
# the fixed layout: (code, Chinese name, unit); money in fen, shown in yuan
LAYOUT: tuple[tuple[str, str, str], ...] = (
    ("aided_this_year", "本年累计救助儿童数", "人"),
    ("aid_target", "本年救助目标任务数", "人"),
    ("aid_expected", "按序时进度应救助数", "人"),
    ("aid_behind", "落后序时进度人数", "人"),
    ("paid_this_year", "本年累计支付救助资金", "元"),
    ("budget_this_year", "本年救助资金预算", "元"),
    ("reports_received", "本期接报强制报告数", "件"),
    ("visits_made", "本期走访次数", "次"),
    ("home_education_children", "本学年送教上门儿童数", "人"),
    ("home_education_reaching", "本学年已达40课时儿童数", "人"),
    ("visits_due", "本期应走访次数（定期走访、跟踪回访）", "次"),
    ("visits_on_time", "本期按时走访次数", "次"),
    ("handled_due", "本期应限时办理环节数", "件"),
    ("handled_on_time", "本期限时内办理环节数", "件"),
    ("handled_late", "本期超时办理环节数", "件"),
    ("handled_overdue", "统计时超时未办案件数", "件"),
    ("screened_needing_file", "本期排查需建档儿童数", "人"),
    ("screened_filed", "本期排查已建档儿童数", "人"),
)
MONEY = frozenset({"paid_this_year", "budget_this_year"})


@dataclass(frozen=True)
class Return:
    county_id: int
    county_name: str
    kind: Cycle
    period: Period
    as_of: dt.datetime
    figures: dict[str, int]
    # the rows in their order: the fixed layout, or a submitted return's rows as sent (a
    # return sent before rows were added keeps the rows it had)
    layout: tuple[tuple[str, str, str], ...] = LAYOUT

    @property
    def title(self) -> str:
        return f"{self.county_name}{self.period.label}{TITLES[self.kind]}"

    def rows(self) -> list[dict]:
        return [
            {"code": code, "name": name, "unit": unit, "value": self.figures[code]}
            for code, name, unit in self.layout
        ]


def period_of(kind: str, label: str) -> tuple[Cycle, Period]:
    try:
        cycle = Cycle(kind)
        return cycle, parse_period(label, cycle)
    except (ValueError, PeriodError) as error:
        problem = FieldError(str(error), code="not_a_return_period")
        raise Invalid("not a period", {"period": [problem]}, code="invalid_return") from error


def _require(actor: Actor, roles: frozenset[Role]) -> int:
    if actor.role not in roles:
        raise NotPermitted("returns are for the county admin and leader", code="returns_only")
    return county_of(actor)


def count(county_id: int, kind: Cycle, period: Period, as_of: dt.datetime,
          settings: Settings) -> Return:  # fmt: skip
    """The return's figures as recorded by `as_of`."""
    day = min(period.end, local_date(as_of))
    aided = rates.aided_as_of(county_id, period.start.year, as_of)
    children = len(set().union(*aided.values())) if aided else 0
    pace = Pace(rates.aid_target(county_id, day, settings), children, day)
    in_county = Place.select(Place.id).where(Place.path.startswith(f"/{county_id}/"))
    reports = ReportCase.select().where(
        ReportCase.county == county_id,
        ReportCase.created_at >= local_midnight(period.start),
        ReportCase.created_at < end_of_day(period.end),
        ReportCase.created_at <= as_of,
    )
    made = Visit.select().where(
        Visit.place.in_(in_county),
        Visit.visited_on.between(period.start, period.end),
        Visit.created_at <= as_of,
    )
    home = rates.home_hours_as_of(county_id, schedule.school_year(day)[0], as_of, day)
    reaching = total(home.values())
    visits = total(rates.visits_as_of(county_id, period.start, day, as_of).values())
    handled = sum(rates.handled_as_of(county_id, period.start, day, as_of).values(), Handled())
    registered = total(rates.registered_as_of(county_id, period.start, day, as_of).values())
    figures = {
        "aided_this_year": children,
        "aid_target": pace.target,
        "aid_expected": pace.expected,
        "aid_behind": pace.behind,
        "paid_this_year": rates.paid_as_of(county_id, period.start.year, as_of),
        "budget_this_year": (rates.budget_as_of(county_id, as_of, day) or 0) * 100,
        "reports_received": reports.count(),
        "visits_made": made.count(),
        "home_education_children": reaching.due,
        "home_education_reaching": reaching.done,
        "visits_due": visits.due,
        "visits_on_time": visits.done,
        "handled_due": handled.rate.due,
        "handled_on_time": handled.on_time,
        "handled_late": handled.late,
        "handled_overdue": handled.overdue,
        "screened_needing_file": registered.due,
        "screened_filed": registered.done,
    }
    name = Place.get_by_id(county_id).name
    return Return(county_id, name, kind, period, as_of, figures)


def current(actor: Actor, kind: str, label: str, now: dt.datetime, settings: Settings) -> Return:
    """The return of a period as of its end, or as of now while it runs; none ahead."""
    county = _require(actor, READERS)
    cycle, period = period_of(kind, label)
    if period.start > local_date(now):
        problem = FieldError("the period has not begun", code="period_ahead")
        raise Invalid("not a period begun", {"period": [problem]}, code="invalid_return")
    return count(county, cycle, period, min(now, end_of_day(period.end)), settings)


def submit(actor: Actor, kind: str, label: str, now: dt.datetime,
           settings: Settings) -> ReturnSubmission:  # fmt: skip
    """Record that the actor sent the return upward now, with its figures as sent."""
    _require(actor, SUBMITTERS)
    counted = current(actor, kind, label, now, settings)
    with write_transaction():
        row = ReturnSubmission.create(
            county=counted.county_id, kind=str(counted.kind), period=counted.period.label,
            as_of=counted.as_of, figures=[[code, counted.figures[code]] for code, _, _ in LAYOUT],
            submitted_by=actor.id, submitted_at=now,
        )  # fmt: skip
        audit.record("return", row.id, "submit_return", actor, now,
                     {"kind": [None, row.kind], "period": [None, row.period]})  # fmt: skip
    return row


def submissions(actor: Actor) -> list[ReturnSubmission]:
    county = _require(actor, READERS)
    return list(
        ReturnSubmission.select()
        .where(ReturnSubmission.county == county)
        .order_by(ReturnSubmission.submitted_at.desc(), ReturnSubmission.id.desc())
    )


def reproduce(actor: Actor, submission_id: int) -> Return:
    """A submitted return as it was sent: exactly its rows, codes and values as stored, in
    their order (not recounted with today's layout, which may hold rows it never had)."""
    county = _require(actor, READERS)
    row = ReturnSubmission.get_or_none(id=submission_id)
    if row is None or row.county_id != county:
        raise not_found("return", submission_id)
    cycle, period = period_of(row.kind, row.period)
    sent = row.figures if not isinstance(row.figures, str) else json.loads(row.figures)
    named = {code: (code, name, unit) for code, name, unit in LAYOUT}
    layout = tuple(named.get(code, (code, code, "")) for code, _ in sent)
    figures = {code: value for code, value in sent}
    name = Place.get_by_id(county).name
    return Return(county, name, cycle, period, row.as_of, figures, layout)


def to_xlsx(counted: Return) -> bytes:
    """The fixed layout: a title, the moment counted, then 序号 / 指标 / 单位 / 数值."""
    book = Workbook(write_only=True)
    sheet = StreamedSheet(book, "统计报表")
    bold = Font(bold=True)
    moment = local_date(counted.as_of).isoformat()
    sheet.append([sheet.text_cell(counted.title, bold)])
    sheet.append([sheet.text_cell(f"统计截至:{moment}")])
    sheet.append([sheet.text_cell(h, bold) for h in ("序号", "指标", "单位", "数值")])
    for n, row in enumerate(counted.rows(), 1):
        value = row["value"]
        cell = sheet.yuan_cell(value) if row["code"] in MONEY else value
        sheet.append([str(n), row["name"], row["unit"], cell])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
