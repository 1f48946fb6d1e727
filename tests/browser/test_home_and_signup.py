import re

import pytest

from mahalla.core.models import User
from mahalla.notify.models import OutboxMessage

HOME = {
    "": ("uz-Latn", "Mahallangiz"),
    "/uz-cyrl": ("uz-Cyrl", "Маҳаллангиз"),
    "/ru": ("ru", "махалля"),
    "/en": ("en", "Your mahalla"),
}


@pytest.mark.django_db(transaction=True)
def test_home_page_opens_in_all_four_languages(page, live_server):
    for prefix, (lang, heading) in HOME.items():
        response = page.goto(f"{live_server.url}{prefix}/")
        assert response.status == 200
        assert page.locator("html").get_attribute("lang") == lang
        assert heading in page.locator("h1").inner_text()
        assert page.locator("main").count() == 1
        assert page.locator("a.skip-link").count() == 1


@pytest.mark.django_db(transaction=True)
def test_language_switcher_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Русский").click()
    assert page.locator("html").get_attribute("lang") == "ru"
    context.close()


@pytest.mark.django_db(transaction=True)
def test_resident_signs_up_and_confirms_phone(page, live_server):
    page.goto(f"{live_server.url}/en/")
    page.get_by_role("link", name="Sign up with your phone").click()
    page.get_by_label("Full name").fill("Gulnora Saidova")
    page.get_by_label("Phone number").fill("90 765 43 21")
    page.get_by_label("Password", exact=True).fill("qiyin-parol-77")
    page.get_by_label("Password again").fill("qiyin-parol-77")
    page.get_by_label(re.compile("I agree")).check()
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(re.compile(r"/en/confirm-phone/$"))
    user = User.objects.get(phone="+998907654321")
    code = re.search(r"\d{6}", OutboxMessage.objects.get(recipient=user).body).group()
    page.get_by_label("Code from the SMS").fill(code)
    page.get_by_role("button", name="Confirm", exact=True).click()
    page.wait_for_url(re.compile(r"/en/profile/$"))
    assert "confirmed" in page.locator("main").inner_text()
    user.refresh_from_db()
    assert user.phone_verified
