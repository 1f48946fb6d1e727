"""/staff/insights/: top problems, clusters and forecast for officials, within their scope."""

import html
import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from mahalla.appeals.models import Appeal
from mahalla.triage.views import bars

URL = "/en/staff/insights/"
LANGUAGE_PREFIXES = {"uz": "", "uz-cyrl": "/uz-cyrl", "ru": "/ru", "en": "/en"}
HTML_LANG = {"uz": "uz-Latn", "uz-cyrl": "uz-Cyrl", "ru": "ru", "en": "en"}


@pytest.fixture
def as_user(client, world):
    def _login(name):
        client.force_login(world[name])
        return client

    return _login


@pytest.fixture
def in_other(world, submit):
    """Submit an appeal placed in the second mahalla of the district."""
    def _submit(**overrides):
        return submit(mahalla_code=world["other"].code, latitude="41.400000",
                      longitude="69.330000", **overrides)

    return _submit


def page(client, url=URL, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return html.unescape(response.content.decode())


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_residents_are_refused(as_user):
    response = as_user("resident").get(URL)
    assert response.status_code == 403
    assert "Access denied" in response.content.decode()


def test_staff_find_the_page_in_the_menu(as_user):
    body = page(as_user("chairman"), "/en/")
    assert f'href="{URL}"' in body and "Problem insights" in body
    assert f'href="{URL}"' not in page(as_user("resident"), "/en/")


def test_a_chairman_sees_only_his_mahallas_problems(as_user, submit, in_other, world):
    water = submit(category="water")
    gas = in_other(category="gas", text="Koʻchada gaz hidi kelyapti, tekshirib bering")
    assert water.mahalla_id == world["home"].pk and gas.mahalla_id == world["other"].pk
    body = page(as_user("chairman"))
    assert "category=water" in body and "Water supply" in body
    assert "category=gas" not in body and "Gas" not in body
    assert gas.number not in body


def test_a_district_official_sees_both_mahallas_and_can_narrow_to_one(as_user, submit,
                                                                     in_other, world):
    submit(category="water")
    in_other(category="gas", text="Koʻchada gaz hidi kelyapti, tekshirib bering")
    client = as_user("official")
    body = page(client)
    assert "category=water" in body and "category=gas" in body
    # Both mahallas and the district are offered in the filters.
    assert world["home"].code in body and world["other"].code in body
    assert world["district"].soato in body
    body = page(client, mahalla=world["other"].code)
    assert "category=gas" in body and "category=water" not in body
    assert f"mahalla={world['other'].code}" in body


def test_trends_are_written_in_words_beside_the_previous_period(as_user, submit):
    with time_machine.travel(timezone.now() - timedelta(days=10)):
        for __ in range(4):
            submit(category="roads", text="Koʻchadagi yoʻl chuqurlarga toʻla, taʼmirlang")
        submit(category="gas", text="Gaz bosimi past, plita yonmaydi")
    for __ in range(3):
        submit(category="water")
    submit(category="roads", text="Koʻchadagi yoʻl chuqurlarga toʻla, taʼmirlang")
    submit(category="gas", text="Gaz bosimi past, plita yonmaydi")
    body = page(as_user("official"))
    assert "Rising" in body and "Falling" in body and "Steady" in body
    assert "↑" in body and "↓" in body
    # Over 30 days the roads appeals all count as this period.
    month = page(as_user("official"), period="month")
    assert "Top problems of the last 30 days" in month and "Falling" not in month


def test_rows_link_to_the_open_appeals_of_the_category_in_the_queue(as_user, submit, world):
    submit(category="water")
    queue = reverse("appeals:queue")
    body = page(as_user("official"), mahalla=world["home"].code)
    assert f"{queue}?category=water&mahalla={world['home'].code}&status=open" in body
    body = page(as_user("official"))
    assert f"{queue}?category=water&status=open" in body


def test_similar_appeals_are_grouped_with_links_to_each(as_user, submit):
    same = [submit(text=text) for text in (
        "Koʻchada suv quvuri yorilgan, suv oqyapti",
        "Suv quvuri yorilib, koʻchaga suv oqyapti",
        "Koʻchadagi suv quvuri yorilib ketdi, suv oqyapti")]
    body = page(as_user("chairman"))
    assert "Clusters of similar appeals" in body and "3 appeals" in body
    for appeal in same:
        assert reverse("appeals:staff_detail", args=[appeal.number]) in body


def test_appeal_text_in_a_cluster_is_escaped(as_user, submit):
    # The service refuses tags; text stored by any other path is still only text here.
    text = "Suv quvuri yorilgan <b>yordam</b> bering, suv oqyapti"
    numbers = [submit(text="Suv quvuri yorilgan, yordam bering, suv oqyapti").number
               for __ in range(2)]
    Appeal.objects.filter(number__in=numbers).update(text=text)
    response = as_user("chairman").get(URL)
    assert b"<b>yordam</b>" not in response.content
    assert b"&lt;b&gt;yordam&lt;/b&gt;" in response.content


def test_the_forecast_table_has_weeks_and_a_backtest_error(as_user, submit):
    with time_machine.travel(timezone.now() - timedelta(weeks=6)):
        submit(category="water")
    with time_machine.travel(timezone.now() - timedelta(weeks=2)):
        submit(category="water")
    body = page(as_user("official"))
    assert "Forecast, next 4 weeks" in body
    assert "<caption" in body and 'scope="col"' in body and 'scope="rowgroup"' in body
    assert "Backtest error: MAE, appeals per week" in body
    assert body.count("Week of ") == 4
    assert "<svg" in body and "mean absolute error" in body


def test_empty_territory_explains_itself(as_user):
    body = page(as_user("chairman"))
    assert "No appeals in this period" in body
    assert "No groups of similar appeals" in body
    assert "nothing to forecast yet" in body


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_the_page_answers_in_every_language(as_user, submit, language):
    submit(category="water")
    client = as_user("official")
    response = client.get(LANGUAGE_PREFIXES[language] + "/staff/insights/")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<html lang="{HTML_LANG[language]}">' in body
    assert body.count("<main") == 1 and body.count("<h1") == 1


@pytest.mark.parametrize("params", [
    {"mahalla": "<script>alert(1)</script>", "period": "zzz"},
    {"district": "9" * 50, "mahalla": ["a", "b"], "period": ""},
    {"district": "\x00", "period": "month" * 100},
], ids=["script", "long", "nul"])
def test_garbage_filter_values_do_not_break_the_page(as_user, submit, params):
    submit(category="water")
    response = as_user("official").get(URL, params)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert" not in body
    assert "category=water" in body  # the bad filter is ignored, not applied


def test_filters_offer_only_the_territory_in_scope(as_user, submit, in_other, world):
    submit(category="water")
    in_other(category="gas", text="Koʻchada gaz hidi kelyapti, tekshirib bering")
    body = page(as_user("chairman"), mahalla=world["other"].code)
    options = re.search(r'<select name="mahalla".*?</select>', body, re.S).group()
    assert world["home"].code in options and world["other"].code not in options
    assert "category=gas" not in body and "category=water" in body
    assert 'id="id_mahalla_error"' in body  # the refused choice is said, then ignored


def test_bars_are_whole_pixels_scaled_to_the_row():
    assert bars([0.0, 1.5, 3.0, 0.1]) == [
        {"x": 0, "y": 24, "height": 0}, {"x": 14, "y": 12, "height": 12},
        {"x": 28, "y": 0, "height": 24}, {"x": 42, "y": 23, "height": 1}]
    assert [b["height"] for b in bars([0.0, 0.0])] == [0, 0]


def test_the_page_reads_in_a_few_queries(as_user, submit, in_other, django_assert_max_num_queries):
    for __ in range(3):
        submit(category="water")
        in_other(category="gas", text="Koʻchada gaz hidi kelyapti, tekshirib bering")
    client = as_user("official")
    client.get(URL)  # the model is loaded once per process
    with django_assert_max_num_queries(8):
        assert client.get(URL).status_code == 200
