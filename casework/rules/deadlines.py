"""Time limits (办理时限): a deadline is a count of working days, calendar days or hours."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

from casework.rules.calendar import WorkCalendar, package_only

CHINA = ZoneInfo("Asia/Shanghai")


class Unit(StrEnum):
    WORKDAYS = "workdays"
    DAYS = "days"
    # counted from the moment itself, not to the end of a day: an urgent report cannot wait
    # for the next working day (nor for the end of the day it was filed)
    HOURS = "hours"


@dataclass(frozen=True)
class Deadline:
    """`amount` units after the day a case enters a state; `name` keys the county's policy."""

    name: str
    amount: int
    unit: Unit = Unit.WORKDAYS

    def due_date(self, start: dt.date, calendar: WorkCalendar | None = None) -> dt.date:
        """`calendar` is the county's kept one (casework.queries.work_calendar.current());
        without it, the package's."""
        if self.unit is Unit.WORKDAYS:
            return (calendar or package_only()).add_workdays(start, self.amount)
        if self.unit is Unit.HOURS:  # the day the hours run out in, counted from midnight
            return start + dt.timedelta(days=-(-self.amount // 24))
        return start + dt.timedelta(days=self.amount)

    def due_at(
        self, entered_at: dt.datetime, tz: dt.tzinfo = CHINA, calendar: WorkCalendar | None = None
    ) -> dt.datetime:
        """The end of the due day in local time, as a naive UTC timestamp (how we store time);
        an hours deadline, the moment the hours run out."""
        if self.unit is Unit.HOURS:
            return entered_at + dt.timedelta(hours=self.amount)
        local_day = entered_at.replace(tzinfo=dt.UTC).astimezone(tz).date()
        due = self.due_date(local_day, calendar)
        end = dt.datetime.combine(due + dt.timedelta(days=1), dt.time(), tz)
        return end.astimezone(dt.UTC).replace(tzinfo=None)


def local_date(moment: dt.datetime, tz: dt.tzinfo = CHINA) -> dt.date:
    """The calendar date in China of a naive UTC timestamp."""
    return moment.replace(tzinfo=dt.UTC).astimezone(tz).date()


def day_start(day: dt.date, tz: dt.tzinfo = CHINA) -> dt.datetime:
    """The first moment of a calendar date in China, as a naive UTC timestamp."""
    return dt.datetime.combine(day, dt.time(), tz).astimezone(dt.UTC).replace(tzinfo=None)
