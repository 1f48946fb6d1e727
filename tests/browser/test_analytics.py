"""Statistics in a real browser: the public transparency page (no scripts needed, no personal
data) and the official dashboard with a drill-down to the appeals behind a figure."""

import re

import pytest

from mahalla.analytics import rollups, synthetic
from mahalla.appeals.models import Appeal
from tests.browser.test_appeal_flow import assert_accessible, log_in


def _csp_watch(page):
    violations = []
    page.on("console", lambda m: violations.append(m.text)
            if "Content Security" in m.text else None)
    return violations


@pytest.mark.django_db(transaction=True)
def test_public_transparency_page(page, live_server, world):
    synthetic.generate(count=120, seed=3, batch=120, years=0.8)
    rollups.rebuild_all()
    violations = _csp_watch(page)
    page.goto(f"{live_server.url}/en/")
    page.get_by_role("link", name="Statistics", exact=True).click()
    page.wait_for_url(re.compile(r"/en/statistics/$"))
    assert_accessible(page)
    districts = page.get_by_role("table", name="Figures by district")
    assert districts.get_by_role("rowheader", name=world["district"].name_en or
                                 world["district"].name_uz).count() == 1
    received = page.locator("[data-kpi=received]").inner_text().replace(",", "").strip()
    assert int(received) == Appeal.objects.count()
    # The trend chart is an accessible SVG drawn by the server.
    assert page.get_by_role("img", name="Appeals received and resolved by month").count() == 1
    assert page.get_by_role("table", name=re.compile("squares? with reports")).count() == 1
    assert "+998" not in page.content()
    assert violations == []


@pytest.mark.django_db(transaction=True)
def test_official_dashboard_and_drill_down(page, live_server, world):
    synthetic.generate(count=150, seed=5, batch=150, years=0.8)
    rollups.rebuild_all()
    in_district = Appeal.objects.filter(district=world["district"]).count()
    violations = _csp_watch(page)
    log_in(page, live_server.url, world["official"].phone)
    page.goto(f"{live_server.url}/en/staff/statistics/")
    assert_accessible(page)
    assert page.get_by_role("table", name="Figures by organization").count() == 1
    link = page.locator("a[data-kpi=received]")
    assert int(link.inner_text().replace(",", "")) == in_district
    link.click()
    page.wait_for_url(re.compile(r"/en/staff/statistics/appeals/\?"))
    assert_accessible(page)
    rows = page.get_by_role("table", name="Appeals behind a figure").locator("tbody tr")
    assert rows.count() == min(in_district, 50)
    # Back on the dashboard, the filter narrows it to one mahalla.
    page.get_by_role("link", name="Back to statistics").click()
    page.get_by_label("Mahalla", exact=True).select_option(str(world["home"].pk))
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(rf"mahalla={world['home'].pk}"))
    in_home = Appeal.objects.filter(mahalla=world["home"]).count()
    assert int(page.locator("a[data-kpi=received]").inner_text().replace(",", "")) == in_home
    assert violations == []
