"""Deadlines of the law on appeals (ZRU-445, Art. 28), working days and service levels.

- ariza, shikoyat and problem reports: 15 days; up to one month when extra study is needed;
  the head may extend once by at most one more month, telling the applicant;
- taklif: one month;
- forwarding to the competent body: within 5 working days;
- registration the same day, or the next working day when received after hours;
- a category's service level (a gas leak: hours) replaces the legal term when shorter.
A deadline that falls on a non-working day moves to the end of the next working day.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from mahalla.appeals.models import Appeal, NonWorkingDay, ServiceLevel

TASHKENT = ZoneInfo(settings.TIME_ZONE)
WORKDAY_START = time(9, 0)
WORKDAY_END = time(18, 0)
DEFAULT_DAYS = 15
PROPOSAL_DAYS = 30
EXTRA_STUDY_DAYS = 30
MAX_EXTENSION_DAYS = 30
FORWARD_WORKING_DAYS = 5
REOPEN_DAYS = 30


class Calendar:
    """Working days: Monday to Friday, minus NonWorkingDay rows, plus moved working weekends."""

    def __init__(self, holidays: set[date] | None = None,
                 working_weekends: set[date] | None = None):
        if holidays is None or working_weekends is None:
            rows = list(NonWorkingDay.objects.values_list("date", "is_working_weekend"))
            holidays = {d for d, working in rows if not working}
            working_weekends = {d for d, working in rows if working}
        self.holidays = holidays
        self.working_weekends = working_weekends

    def is_working_day(self, day: date) -> bool:
        if day in self.working_weekends:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def next_working_day(self, day: date) -> date:
        """`day` itself when it is a working day, otherwise the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, day: date, count: int) -> date:
        while count > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return day


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment, TASHKENT)


def end_of_day(day: date) -> datetime:
    return datetime.combine(day, WORKDAY_END, tzinfo=TASHKENT)


def registration_time(received_at: datetime, calendar: Calendar) -> datetime:
    """Received during working hours → then; otherwise the start of the next working day."""
    local = _local(received_at)
    day = local.date()
    if calendar.is_working_day(day) and WORKDAY_START <= local.time() < WORKDAY_END:
        return received_at
    if calendar.is_working_day(day) and local.time() < WORKDAY_START:
        return datetime.combine(day, WORKDAY_START, tzinfo=TASHKENT)
    following = calendar.next_working_day(day + timedelta(days=1))
    return datetime.combine(following, WORKDAY_START, tzinfo=TASHKENT)


def legal_days(kind: str, extra_study: bool = False) -> int:
    if kind == Appeal.Kind.PROPOSAL:
        return PROPOSAL_DAYS
    return EXTRA_STUDY_DAYS if extra_study else DEFAULT_DAYS


def due_after_days(start: datetime, days: int, calendar: Calendar) -> datetime:
    """End of the working day `days` calendar days after `start`, moved off non-working days."""
    target = _local(start).date() + timedelta(days=days)
    return end_of_day(calendar.next_working_day(target))


def service_level_hours(category: str, priority: str) -> int | None:
    row = ServiceLevel.objects.filter(category=category, priority=priority).first()
    return row.hours if row else None


def compute_due_at(*, kind: str, category: str, priority: str, registered_at: datetime,
                   extra_study: bool = False, calendar: Calendar | None = None) -> datetime:
    """The deadline stored on an appeal when it is registered (or its priority changes)."""
    calendar = calendar or Calendar()
    legal = due_after_days(registered_at, legal_days(kind, extra_study), calendar)
    hours = service_level_hours(category, priority)
    if hours is not None:
        return min(legal, registered_at + timedelta(hours=hours))
    return legal


def extended_due_at(current_due: datetime, days: int, calendar: Calendar | None = None) -> datetime:
    return due_after_days(current_due, days, calendar or Calendar())


def forward_deadline(registered_at: datetime, calendar: Calendar | None = None) -> datetime:
    """The last moment an organization may still forward an appeal to the competent body."""
    calendar = calendar or Calendar()
    return end_of_day(calendar.add_working_days(_local(registered_at).date(), FORWARD_WORKING_DAYS))
