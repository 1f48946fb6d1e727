"""Decision deadlines in working days, on the appeals' calendar (holidays, moved weekends)."""

from datetime import date, datetime

import pytest
import time_machine

from mahalla.appeals.deadlines import TASHKENT, Calendar
from mahalla.appeals.models import NonWorkingDay
from mahalla.documents.services import decision_due, submit_application, working_days_between
from tests.documents.edocs import RESIDENCE_ANSWERS, service

# Navroʻz 2027 falls on a Sunday; Monday the 22nd is given as a day off instead.
CAL = Calendar(holidays={date(2027, 3, 21), date(2027, 3, 22)}, working_weekends=set())


def at(y, m, d, hh=10, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=TASHKENT)


def test_working_days_skip_the_weekend():
    # Friday + 3 working days: Monday, Tuesday, Wednesday.
    assert decision_due(at(2027, 3, 5), 3, CAL) == at(2027, 3, 10, 18, 0)


def test_working_days_skip_holidays():
    # Thursday 18 March + 3: Friday 19, (20–22 off) Tuesday 23, Wednesday 24.
    assert decision_due(at(2027, 3, 18), 3, CAL) == at(2027, 3, 24, 18, 0)


def test_a_working_saturday_counts():
    calendar = Calendar(holidays=set(), working_weekends={date(2027, 3, 6)})
    assert decision_due(at(2027, 3, 5), 1, calendar) == at(2027, 3, 6, 18, 0)


def test_days_waited_count_only_working_days():
    assert working_days_between(at(2027, 3, 5), at(2027, 3, 8), CAL) == 1  # Fri → Mon
    assert working_days_between(at(2027, 3, 19), at(2027, 3, 23), CAL) == 1  # over Navroʻz
    assert working_days_between(at(2027, 3, 8, 9), at(2027, 3, 8, 17), CAL) == 0


@pytest.mark.django_db
def test_an_application_sent_after_hours_before_a_holiday_is_registered_after_it(edocs):
    NonWorkingDay.objects.create(date=date(2027, 3, 22), name="Navroʻz")
    with time_machine.travel(at(2027, 3, 19, 19, 30), tick=False):  # Friday evening
        application = submit_application(service=service("residence_certificate"),
                                         applicant=edocs["resident"], data=RESIDENCE_ANSWERS)
    assert application.registered_at == at(2027, 3, 23, 9, 0)  # Tuesday morning
    # 3 working days from Tuesday: Wednesday, Thursday, Friday.
    assert application.due_at == at(2027, 3, 26, 18, 0)
