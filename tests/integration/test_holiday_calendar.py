"""The holiday calendar the admin keeps: deadlines count with it (the 2027 Spring Festival,
which the package does not know), entering a year recomputes the open deadlines it moves
(audited with the system as actor, idempotent), and bad entries are refused with nothing
written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from casework.errors import Invalid, NotPermitted
from casework.models import AuditEntry, CalendarDay, CalendarYear, RehabApplication, Reminder
from casework.queries import work_calendar
from casework.rules.calendar import Source
from casework.services import health, holiday_calendar, inbox, rehab, reminders
from casework.vocabulary import Role

D = dt.date
# A 2027 arrangement made up for the tests, in the State Council's usual shape (the package
# knows no 2027, and the real one is not these tests' business): New Year's Day off; the
# Spring Festival from Saturday 6 to Saturday 13 February off, Sunday 31 January and
# Saturday 20 February worked in exchange.
OFF_2027 = [D(2027, 1, 1)] + [D(2027, 2, d) for d in range(6, 14)]
WORKING_2027 = [D(2027, 1, 31), D(2027, 2, 20)]
# Thursday 28 January 2027, 10:00 in China
FILED = dt.datetime(2027, 1, 28, 2, 0)


@pytest.fixture(autouse=True)
def _package_through_2026(published_through_2026):
    work_calendar.invalidate()
    yield
    work_calendar.invalidate()


def file_application(world, when=FILED):
    child = world.child()
    outcome = rehab.submit_application(
        world.a.actor("intake_clerk"),
        {"child_id": child.id, "items": ["training_limb"], "applicant_name": "监护人",
         "applicant_relation": "母亲", "documents_received": ["identity"]},
        when,
    )  # fmt: skip
    return RehabApplication.get_by_id(outcome.id)


def end_of(day: dt.date) -> dt.datetime:
    """The end of a day in China as stored (naive UTC)."""
    return dt.datetime.combine(day, dt.time(16, 0))


def enter_2027(world, **kw):
    return holiday_calendar.set_year(
        world.a.actor("admin"), 2027, OFF_2027, WORKING_2027, world.now, **kw
    )


def test_a_review_across_the_2027_spring_festival_counts_the_entered_calendar(world):
    enter_2027(world)
    application = file_application(world)
    # 15 working days from 28 Jan: 29 Jan, Sun 31 Jan, 1-5 Feb, 15-19 Feb, Sat 20, 22, 23 Feb.
    assert application.due_at == end_of(D(2027, 2, 23))


def test_without_the_2027_calendar_deadlines_count_monday_to_friday(world):
    application = file_application(world)
    # 29 Jan, 1-5 Feb, 8-12 Feb (the festival counted as working), 15-18 Feb.
    assert application.due_at == end_of(D(2027, 2, 18))
    assert holiday_calendar.year_view(2027).source is Source.NONE


def test_entering_the_year_recomputes_open_deadlines_audited_and_idempotent(world):
    application = file_application(world)
    version = application.version
    entered = enter_2027(world, reason="国务院办公厅2027年节假日安排")
    assert [(r.case_id, r.old, r.new) for r in entered.recomputed] == [
        (application.id, end_of(D(2027, 2, 18)), end_of(D(2027, 2, 23)))
    ]
    stored = RehabApplication.get_by_id(application.id)
    assert (stored.due_at, stored.version) == (end_of(D(2027, 2, 23)), version + 1)
    row = AuditEntry.get(AuditEntry.entity == "rehab", AuditEntry.entity_id == application.id,
                         AuditEntry.action == "recompute_deadline")  # fmt: skip
    assert row.actor_id is None and row.actor_role == Role.SYSTEM
    assert row.reason == "国务院办公厅2027年节假日安排"
    assert (row.from_state, row.to_state, row.version) == ("submitted", "submitted", version + 1)
    assert row.changes == {"due_at": ["2027-02-18T16:00:00", "2027-02-23T16:00:00"]}
    audit_rows = AuditEntry.select().count()

    again = enter_2027(world)
    assert again.changed_days == [] and again.recomputed == []
    assert RehabApplication.get_by_id(application.id).version == version + 1
    # the calendar's own audit row, nothing for the case
    assert AuditEntry.select().count() == audit_rows + 1


def test_a_correction_moves_only_the_deadlines_it_touches(world):
    enter_2027(world)
    early = file_application(world, dt.datetime(2027, 1, 4, 2, 0))  # due before the festival
    late = file_application(world)
    before = early.due_at
    # the correction: Friday 5 February off too
    entered = holiday_calendar.set_year(
        world.a.actor("admin"), 2027, [D(2027, 2, 5), *OFF_2027], WORKING_2027, world.now
    )
    assert entered.changed_days == [D(2027, 2, 5)]
    assert [r.case_id for r in entered.recomputed] == [late.id]
    assert RehabApplication.get_by_id(early.id).due_at == before
    assert RehabApplication.get_by_id(late.id).due_at == end_of(D(2027, 2, 24))


def test_a_kept_year_wins_over_the_package(world):
    view = holiday_calendar.year_view(2026)
    assert view.source is Source.PACKAGE and D(2026, 2, 16) in view.days_off
    # a county's own extra day off on Monday 9 March 2026
    holiday_calendar.set_year(world.a.actor("admin"), 2026, [*view.days_off, D(2026, 3, 9)],
                              view.working_days, world.now)  # fmt: skip
    assert holiday_calendar.year_view(2026).source is Source.KEPT
    assert not work_calendar.current().is_workday(D(2026, 3, 9))
    assert work_calendar.current().is_workday(D(2026, 2, 14))  # the package's swapped Saturday


@pytest.mark.parametrize(
    "off, working, field, code",
    [
        ([D(2026, 12, 31)], [], "days", "calendar_day_outside_year"),
        ([D(2027, 2, 8), D(2027, 2, 8)], [], "days", "calendar_day_repeated"),
        ([D(2027, 2, 20)], [D(2027, 2, 20)], "days", "calendar_day_off_and_working"),
        ([], [D(2027, 2, 8)], "working_days", "calendar_working_day_on_weekday"),
    ],
)
def test_a_bad_entry_is_refused_with_nothing_written(world, off, working, field, code):
    application = file_application(world)
    audit_rows = AuditEntry.select().count()
    with pytest.raises(Invalid) as refused:
        holiday_calendar.set_year(world.a.actor("admin"), 2027, off, working, world.now)
    assert refused.value.code == "invalid_calendar"
    assert [m.code for m in refused.value.fields[field]] == [code]
    assert CalendarYear.select().count() == CalendarDay.select().count() == 0
    assert AuditEntry.select().count() == audit_rows
    assert RehabApplication.get_by_id(application.id).due_at == application.due_at


def test_only_an_admin_keeps_the_calendar(world):
    with pytest.raises(NotPermitted) as refused:
        holiday_calendar.set_year(world.a.actor("reviewer"), 2027, OFF_2027, [], world.now)
    assert refused.value.code == "admin_only"
    assert CalendarYear.select().count() == 0


def test_a_csv_import_enters_each_year_it_names(world):
    text = "date,kind\n" + "".join(f"{d},off\n" for d in OFF_2027)
    text += "".join(f"{d},班\n" for d in WORKING_2027)
    [entered] = holiday_calendar.import_csv(world.a.actor("admin"), text, world.now)
    assert entered.year.year == 2027
    assert entered.year.days_off == OFF_2027 and entered.year.working_days == WORKING_2027


def test_the_sample_csv_imports(world):
    sample = Path(__file__).parents[2] / "docs" / "samples" / "holiday-calendar-2027-example.csv"
    text = sample.read_text("utf-8")
    assert "EXAMPLE ONLY" in text  # it says it is not the official arrangement
    [entered] = holiday_calendar.import_csv(world.a.actor("admin"), text, world.now)
    assert entered.year.days_off == OFF_2027 and entered.year.working_days == WORKING_2027


def test_a_bad_csv_line_is_refused_by_its_number_with_nothing_written(world):
    text = "date,kind\n2027-02-08,off\n2027-02-30,off\n2027-02-09,holiday\n"
    with pytest.raises(Invalid) as refused:
        holiday_calendar.import_csv(world.a.actor("admin"), text, world.now)
    assert [(m.code, m.params) for m in refused.value.fields["file"]] == [
        ("calendar_csv_bad_line", {"line": 3}),
        ("calendar_csv_bad_line", {"line": 4}),
    ]
    assert CalendarYear.select().count() == 0


@pytest.mark.parametrize(
    "today, missing", [(D(2026, 9, 30), None), (D(2026, 10, 1), 2027), (D(2026, 12, 7), 2027)]
)
def test_the_dashboard_notice_from_october_on(world, today, missing):
    assert holiday_calendar.missing_next_year(today) == missing


def test_the_notice_and_the_health_warning_stop_once_the_year_is_entered(world):
    enter_2027(world)
    assert holiday_calendar.missing_next_year(D(2026, 12, 7)) is None
    check = health._calendar(D(2026, 12, 7), work_calendar.current())
    assert check["official_through"] == 2027 and "warning" not in check


def test_the_holder_of_a_moved_deadline_is_told_in_their_inbox_once(world):
    application = file_application(world)
    early = file_application(world, dt.datetime(2027, 1, 4, 2, 0))  # not moved
    enter_2027(world, reason="国务院办公厅2027年节假日安排")
    reviewer = world.a.actor("reviewer")  # who answers for a submitted application's review
    mine, total = inbox.list_reminders(reviewer, now=world.now)
    assert total == 1
    [notice] = mine
    assert (notice.rule, notice.entity_id, notice.severity) == (
        "rehab.review.moved", application.id, "notice")  # fmt: skip
    assert notice.due_at == end_of(D(2027, 2, 23)) and notice.reached_at == world.now
    assert "期限已重新计算" in inbox.title(notice)
    assert inbox.list_reminders(reviewer, now=world.now, rule="rehab.review.moved")[1] == 1
    assert early.id not in {r.entity_id for r in mine}
    enter_2027(world)  # the same calendar again: nothing moves, nobody is told twice
    assert inbox.list_reminders(reviewer, now=world.now)[1] == 1
    # a scan leaves the notice to its person, who closes it
    reminders.scan(world.now)
    assert Reminder.get_by_id(notice.id).state == "open"
    inbox.close(reviewer, notice.id, "done", "", world.now)
    assert inbox.list_reminders(reviewer, now=world.now)[1] == 0


def test_a_csv_contradicting_itself_is_refused_with_nothing_written(world):
    """The same day both off and worked, or listed twice, in one file: nothing is kept, no
    deadline moves."""
    application = file_application(world)
    audit_rows = AuditEntry.select().count()
    for text, code in (("2027-02-20,off\n2027-02-20,班\n", "calendar_day_off_and_working"),
                       ("2027-02-08,休\n2027-02-08,off\n", "calendar_day_repeated")):  # fmt: skip
        with pytest.raises(Invalid) as refused:
            holiday_calendar.import_csv(world.a.actor("admin"), "date,kind\n" + text, world.now)
        assert refused.value.code == "invalid_calendar"
        assert code in [m.code for found in refused.value.fields.values() for m in found]
    assert CalendarYear.select().count() == CalendarDay.select().count() == 0
    assert AuditEntry.select().count() == audit_rows
    assert RehabApplication.get_by_id(application.id).due_at == application.due_at
