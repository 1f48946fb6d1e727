from datetime import date, datetime, timedelta

import pytest
import time_machine

from mahalla.appeals import deadlines
from mahalla.appeals.deadlines import TASHKENT, Calendar
from mahalla.appeals.models import Appeal, NonWorkingDay, ServiceLevel

# Navroʻz 2027 falls on a Sunday; the 22nd is given as a day off instead.
HOLIDAYS = {date(2027, 3, 21), date(2027, 3, 22)}
CAL = Calendar(holidays=HOLIDAYS, working_weekends=set())


def at(y, m, d, hh=10, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=TASHKENT)


def test_weekdays_are_working_days_and_holidays_are_not():
    assert CAL.is_working_day(date(2027, 3, 19))  # Friday
    assert not CAL.is_working_day(date(2027, 3, 20))  # Saturday
    assert not CAL.is_working_day(date(2027, 3, 22))  # Monday, holiday


def test_working_weekend_counts():
    cal = Calendar(holidays=set(), working_weekends={date(2027, 3, 20)})
    assert cal.is_working_day(date(2027, 3, 20))


def test_add_working_days_skips_weekends_and_holidays():
    # Thursday 18 March + 5 working days: 19, 23, 24, 25, 26 (20–22 are off).
    assert CAL.add_working_days(date(2027, 3, 18), 5) == date(2027, 3, 26)


def test_fifteen_days_landing_on_a_holiday_moves_to_next_working_day():
    # 7 March + 15 days = 22 March (holiday) → Tuesday 23 March, end of the working day.
    due = deadlines.due_after_days(at(2027, 3, 7), 15, CAL)
    assert due == datetime(2027, 3, 23, 18, 0, tzinfo=TASHKENT)


def test_fifteen_days_landing_on_a_weekend_moves_to_monday():
    due = deadlines.due_after_days(at(2027, 3, 5), 15, CAL)  # → Saturday 20 March
    assert due.date() == date(2027, 3, 23)  # Sun 21 and Mon 22 are off too


def test_registration_after_hours_is_next_working_day():
    assert deadlines.registration_time(at(2027, 3, 19, 19, 30), CAL) == at(2027, 3, 23, 9, 0)
    assert deadlines.registration_time(at(2027, 3, 19, 7, 0), CAL) == at(2027, 3, 19, 9, 0)
    assert deadlines.registration_time(at(2027, 3, 19, 11, 0), CAL) == at(2027, 3, 19, 11, 0)


@pytest.mark.django_db
def test_kinds_get_their_legal_terms():
    start = at(2027, 4, 5)
    complaint = deadlines.compute_due_at(kind=Appeal.Kind.COMPLAINT, category="water",
                                         priority="normal", registered_at=start, calendar=CAL)
    proposal = deadlines.compute_due_at(kind=Appeal.Kind.PROPOSAL, category="water",
                                        priority="normal", registered_at=start, calendar=CAL)
    study = deadlines.compute_due_at(kind=Appeal.Kind.APPLICATION, category="water",
                                     priority="normal", registered_at=start, calendar=CAL,
                                     extra_study=True)
    assert complaint.date() == date(2027, 4, 20)
    assert proposal.date() == date(2027, 5, 5)
    assert study.date() == date(2027, 5, 5)


@pytest.mark.django_db
def test_service_level_in_hours_beats_the_legal_term():
    ServiceLevel.objects.create(category="gas", priority="critical", hours=4)
    start = at(2027, 4, 5)
    due = deadlines.compute_due_at(kind=Appeal.Kind.PROBLEM_REPORT, category="gas",
                                   priority="critical", registered_at=start, calendar=CAL)
    assert due == start + timedelta(hours=4)


@pytest.mark.django_db
def test_calendar_reads_the_configured_non_working_days():
    NonWorkingDay.objects.create(date=date(2027, 9, 1), name="Mustaqillik kuni")
    assert not Calendar().is_working_day(date(2027, 9, 1))


@pytest.mark.django_db
def test_submitted_appeal_on_friday_evening_before_a_holiday(submit):
    NonWorkingDay.objects.create(date=date(2027, 3, 22), name="Navroʻz")
    with time_machine.travel(at(2027, 3, 19, 20, 0), tick=False):
        appeal = submit()
    assert appeal.registered_at == at(2027, 3, 23, 9, 0)
    # 23 March + 15 days = 7 April (Wednesday).
    assert appeal.due_at == datetime(2027, 4, 7, 18, 0, tzinfo=TASHKENT)
