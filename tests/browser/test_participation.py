"""Participation in a real browser: a resident signs a petition (once), and a voter casts a
vote, keeps the receipt code and finds the ballot in the published list after close."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from mahalla.core.models import Role
from mahalla.participation import petitions, voting
from mahalla.participation.models import Ballot, PetitionSignature, VoteCast
from tests.browser.test_appeal_flow import assert_accessible, log_in, log_out
from tests.factories import DistrictFactory, MahallaFactory, UserFactory, verified_resident


@pytest.fixture
def place(db):
    mahalla = MahallaFactory(district=DistrictFactory(), name_en="Navruz")
    return {
        "mahalla": mahalla,
        "author": verified_resident(mahalla=mahalla, full_name="Aziza Karimova"),
        "signer": verified_resident(mahalla=mahalla, full_name="Sardor Aliyev"),
        "chairman": UserFactory(role=Role.MAHALLA_CHAIRMAN, mahalla=mahalla,
                                full_name="Bahodir Usmonov"),
    }


@pytest.mark.django_db(transaction=True)
def test_resident_signs_a_petition_once(page, live_server, place):
    petition = petitions.start_petition(
        author=place["author"], level="mahalla", title="Bolalar maydonchasi",
        text="Mahallamizda bolalar oʻynaydigan maydoncha yoʻq, qurishni soʻraymiz.")
    petitions.moderate_petition(petition=petition, actor=place["chairman"], publish=True)
    base = live_server.url

    log_in(page, base, place["signer"].phone)
    page.goto(f"{base}/en/participation/")
    assert_accessible(page)
    page.get_by_role("link", name="Bolalar maydonchasi").first.click()
    page.wait_for_url(re.compile(rf"/en/participation/petitions/{petition.pk}/$"))
    assert_accessible(page)
    assert "0 of 50 signatures" in page.locator("main").inner_text()
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    page.get_by_role("button", name="Sign the petition").click()
    page.wait_for_url(re.compile(rf"/en/participation/petitions/{petition.pk}/$"))
    assert page.locator("#signed-note").is_visible()
    assert "1 of 50 signatures" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Sign the petition").count() == 0
    assert_accessible(page)
    # Signer names are not on the public page.
    assert "Sardor" not in page.locator("main").inner_text()

    # The same form sent again (a stale tab, a double click) is refused: 409, one signature.
    again = page.request.post(f"{base}/en/participation/petitions/{petition.pk}/sign/",
                              form={"csrfmiddlewaretoken": token},
                              headers={"Referer": page.url})
    assert again.status == 409
    assert PetitionSignature.objects.filter(petition=petition).count() == 1
    log_out(page)


@pytest.mark.django_db(transaction=True)
def test_voter_casts_a_vote_and_checks_the_receipt(page, live_server, place):
    now = timezone.now()
    election = voting.create_election(
        actor=place["chairman"], target=f"m:{place['mahalla'].pk}",
        title="Choyxona qurilsinmi?", description="", options=["Ha", "Yoʻq"],
        roll_date=timezone.localdate(now - dt.timedelta(minutes=1)),
        opens_at=now - dt.timedelta(minutes=1), closes_at=now + dt.timedelta(hours=2))
    voting.open_election(election=election, actor=place["chairman"])
    base = live_server.url

    log_in(page, base, place["signer"].phone)
    page.goto(f"{base}/en/participation/votes/{election.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Vote", exact=True).click()
    page.wait_for_url(re.compile(rf"/en/participation/votes/{election.pk}/vote/$"))
    assert_accessible(page)
    page.get_by_label("Yoʻq").check()
    page.get_by_role("button", name="Cast my vote").click()
    code = page.locator("#receipt-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){3}", code)
    assert_accessible(page)
    assert VoteCast.objects.filter(election=election).count() == 1
    assert Ballot.objects.filter(election=election).count() == 1

    # Back on the vote's page the voter cannot vote again.
    page.goto(f"{base}/en/participation/votes/{election.pk}/")
    assert page.locator("#voted-note").is_visible()
    assert page.get_by_role("link", name="Vote", exact=True).count() == 0
    log_out(page)

    # The vote closes; anyone finds the ballot by the receipt code.
    voting.close_election(election=election, now=election.closes_at)
    page.goto(f"{base}/en/participation/votes/{election.pk}/")
    assert_accessible(page)
    assert page.locator("svg.chart[role=img]").count() == 1
    page.get_by_role("link", name="Check my receipt code").click()
    page.get_by_label("Receipt code").fill(code.lower())
    page.get_by_role("button", name="Check").click()
    assert page.locator("#receipt-found").is_visible()
    assert "Yoʻq" in page.locator("#receipt-found").inner_text()
    assert_accessible(page)
