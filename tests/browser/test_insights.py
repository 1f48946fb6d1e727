"""A district official reads the insights page in a real browser and narrows it to a mahalla."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.browser.test_appeal_flow import assert_accessible, log_in


@pytest.mark.django_db(transaction=True)
def test_official_filters_insights_and_reads_the_forecast(page, live_server, world, submit):
    # Weeks of history give the forecast rows; this week gives the top problems.
    for weeks_ago in (5, 3, 1):
        with time_machine.travel(timezone.now() - timedelta(weeks=weeks_ago)):
            submit(category="water")
    submit(category="water")
    submit(category="gas", mahalla_code=world["other"].code, latitude="41.400000",
           longitude="69.330000", text="Koʻchada gaz hidi kelyapti, tekshirib bering")
    violations = []
    page.on("console", lambda m: violations.append(m.text)
            if "Content Security" in m.text else None)
    base = live_server.url

    log_in(page, base, world["official"].phone)
    page.get_by_role("link", name="Problem insights").click()
    page.wait_for_url(re.compile(r"/en/staff/insights/$"))
    assert_accessible(page)
    problems = page.get_by_role("table", name="Top problems of the last 7 days")
    assert problems.get_by_role("rowheader", name="Water supply").count() == 1
    assert problems.get_by_role("rowheader", name="Gas").count() == 1
    forecast = page.get_by_role("table", name="Appeals expected per week, with the backtest error")
    assert forecast.get_by_role("columnheader", name=re.compile("Backtest error: MAE")).count() == 1
    assert forecast.get_by_role("rowheader", name="Water supply").count() == 1

    # The official narrows the page to the second mahalla and a month.
    page.get_by_label("Mahalla").select_option(world["other"].code)
    page.get_by_label("Period").select_option("month")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(rf"mahalla={world['other'].code}"))
    problems = page.get_by_role("table", name="Top problems of the last 30 days")
    assert problems.get_by_role("rowheader", name="Gas").count() == 1
    assert problems.get_by_role("rowheader", name="Water supply").count() == 0
    assert page.get_by_label("Mahalla").input_value() == world["other"].code
    assert_accessible(page)

    # Each row leads to the open appeals of its category in the work queue.
    problems.get_by_role("link", name=re.compile("Open appeals")).first.click()
    page.wait_for_url(re.compile(r"/en/staff/appeals/\?category=gas&mahalla=\w+&status=open"))
    assert page.get_by_label("Category").input_value() == "gas"
    assert violations == []
