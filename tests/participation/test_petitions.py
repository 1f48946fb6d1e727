"""Petitions: who may start and sign, one signature per person (also in parallel), the
threshold, the public answer and escalation when it is late."""

import datetime as dt
import threading
import time

import pytest
from django.db import IntegrityError, OperationalError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mahalla.core.exceptions import Conflict, DomainError, NotFound, PermissionDenied
from mahalla.core.models import DomainEvent, Role
from mahalla.notify.models import OutboxMessage
from mahalla.participation import petitions
from mahalla.participation.models import Petition, PetitionSignature
from tests.factories import UserFactory, verified_resident

pytestmark = pytest.mark.django_db
TEXT = "Mahallamizda bolalar bogʻchasi yoʻq, qurilishini soʻraymiz."


class TestStarting:
    def test_a_verified_resident_starts_a_petition_that_waits_for_moderation(self, town):
        petition = petitions.start_petition(author=town["resident"], level="district",
                                            title="Yoʻl taʼmiri", text=TEXT)

        assert petition.status == Petition.Status.PENDING
        assert (petition.district, petition.region, petition.mahalla) == (
            town["district"], town["district"].region, None)
        assert petition.threshold == 500  # the district default
        assert DomainEvent.objects.filter(type="petition.started").count() == 1

    def test_thresholds_come_from_settings(self, town, settings):
        settings.PETITION_THRESHOLDS = {"mahalla": 7}
        petition = petitions.start_petition(author=town["resident"], level="mahalla",
                                            title="Yoʻl taʼmiri", text=TEXT)
        assert petition.threshold == 7

    @pytest.mark.parametrize("who", ["unverified", "chairman"])
    def test_others_may_not_start_one(self, town, who):
        with pytest.raises(PermissionDenied):
            petitions.start_petition(author=town[who], level="mahalla", title="Yoʻl taʼmiri",
                                     text=TEXT)
        assert not Petition.objects.exists()

    @pytest.mark.parametrize("fields, field", [
        ({"title": "ab"}, "title"), ({"text": "qisqa"}, "text"), ({"level": "country"}, "level"),
        ({"text": "x" * 5001}, "text"),
    ])
    def test_bad_input_is_refused_on_its_field(self, town, fields, field):
        data = {"level": "mahalla", "title": "Yoʻl taʼmiri", "text": TEXT, **fields}
        with pytest.raises(DomainError) as refused:
            petitions.start_petition(author=town["resident"], **data)
        assert refused.value.field == field
        assert not Petition.objects.exists()


class TestModeration:
    def test_only_staff_of_the_addressed_territory_moderate(self, town):
        petition = petitions.start_petition(author=town["resident"], level="mahalla",
                                            title="Yoʻl taʼmiri", text=TEXT)
        for who in ("other_chairman", "far_official", "neighbour"):
            with pytest.raises(NotFound):
                petitions.moderate_petition(petition=petition, actor=town[who], publish=True)
        with pytest.raises(PermissionDenied):
            petitions.moderate_petition(petition=petition, actor=town["auditor"], publish=True)

        published = petitions.moderate_petition(petition=petition, actor=town["official"],
                                                publish=True)
        assert published.status == Petition.Status.OPEN

    def test_a_refusal_needs_a_reason_and_keeps_it_off_public_pages(self, town):
        petition = petitions.start_petition(author=town["resident"], level="mahalla",
                                            title="Yoʻl taʼmiri", text=TEXT)
        with pytest.raises(DomainError):
            petitions.moderate_petition(petition=petition, actor=town["chairman"],
                                        publish=False)
        petitions.moderate_petition(petition=petition, actor=town["chairman"], publish=False,
                                    reason="Mahalla vakolatiga kirmaydi")

        assert Client().get(reverse("participation:petition", args=[petition.pk])) \
            .status_code == 404
        with pytest.raises(NotFound):
            petitions.sign_petition(petition=petition, signer=town["neighbour"])


class TestSigning:
    def test_residents_of_the_territory_sign_once_and_the_threshold_starts_the_answer_term(
            self, town, open_petition):
        petition = open_petition(threshold=2)
        petitions.sign_petition(petition=petition, signer=town["resident"])
        with pytest.raises(Conflict):
            petitions.sign_petition(petition=petition, signer=town["resident"])

        now = timezone.now()
        signed = petitions.sign_petition(petition=petition, signer=town["neighbour"], now=now)

        assert signed.signature_count == 2 == PetitionSignature.objects.count()
        assert signed.status == Petition.Status.ANSWER_DUE
        assert signed.answer_due_at == now + dt.timedelta(days=30)
        assert DomainEvent.objects.filter(type="petition.threshold_reached").count() == 1

    def test_the_database_refuses_a_second_signature(self, town, open_petition):
        petition = open_petition()
        PetitionSignature.objects.create(petition=petition, signer=town["resident"])
        with pytest.raises(IntegrityError), transaction.atomic():
            PetitionSignature.objects.create(petition=petition, signer=town["resident"])

    @pytest.mark.parametrize("who, error", [
        ("other_resident", DomainError), ("far_resident", DomainError),
        ("unverified", PermissionDenied), ("chairman", PermissionDenied),
    ])
    def test_outsiders_and_unverified_people_cannot_sign(self, town, open_petition, who, error):
        petition = open_petition()
        with pytest.raises(error):
            petitions.sign_petition(petition=petition, signer=town[who])
        petition.refresh_from_db()
        assert petition.signature_count == 0

    def test_a_district_petition_takes_signatures_from_every_mahalla_of_the_district(
            self, town, open_petition):
        petition = open_petition(level="district", threshold=10)
        petitions.sign_petition(petition=petition, signer=town["other_resident"])
        with pytest.raises(DomainError):
            petitions.sign_petition(petition=petition, signer=town["far_resident"])
        petition.refresh_from_db()
        assert petition.signature_count == 1

    def test_signing_ends_at_the_deadline_and_unfinished_petitions_expire(self, town,
                                                                        open_petition):
        petition = open_petition()
        late = petition.sign_until + dt.timedelta(minutes=1)
        with pytest.raises(Conflict):
            petitions.sign_petition(petition=petition, signer=town["resident"], now=late)

        assert petitions.expire_petitions(now=late) == 1
        petition.refresh_from_db()
        assert petition.status == Petition.Status.EXPIRED
        assert petitions.expire_petitions(now=late) == 0


def _sign_in_parallel(petition_id, signer_id, barrier, results):
    from mahalla.core.models import User

    try:
        petition = Petition.objects.get(pk=petition_id)
        signer = User.objects.get(pk=signer_id)
        barrier.wait()
        while True:
            try:
                petitions.sign_petition(petition=petition, signer=signer)
                results.append("ok")
                break
            except OperationalError as exc:
                if "locked" not in str(exc):  # SQLite's shared in-memory test database
                    raise
                time.sleep(0.002)
    except Conflict:
        results.append("conflict")
    except Exception as exc:  # noqa: BLE001 - reported by the test
        results.append(repr(exc))
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_parallel_signatures_count_exactly_once_per_person(town, open_petition):
    petition = open_petition(threshold=3)
    others = [verified_resident(mahalla=town["home"]) for _ in range(3)]
    signers = [town["resident"]] * 4 + others  # one person four times, three others once
    barrier, results = threading.Barrier(len(signers)), []
    threads = [threading.Thread(target=_sign_in_parallel,
                                args=(petition.pk, s.pk, barrier, results)) for s in signers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(results) == ["conflict"] * 3 + ["ok"] * 4, results
    petition.refresh_from_db()
    assert petition.signature_count == 4 == PetitionSignature.objects.count()
    assert petition.status == Petition.Status.ANSWER_DUE
    assert DomainEvent.objects.filter(type="petition.threshold_reached").count() == 1


class TestAnswer:
    def test_the_body_answers_publicly(self, town, open_petition):
        petition = open_petition(threshold=1)
        petitions.sign_petition(petition=petition, signer=town["neighbour"])
        with pytest.raises(NotFound):
            petitions.answer_petition(petition=petition, actor=town["other_chairman"],
                                      text="Javob matni yetarlicha uzun.")
        answered = petitions.answer_petition(petition=petition, actor=town["chairman"],
                                             text="Bogʻcha 2027-yil rejasiga kiritildi.")

        assert answered.status == Petition.Status.ANSWERED
        page = Client().get(reverse("participation:petition", args=[petition.pk]))
        assert "Bogʻcha 2027-yil rejasiga kiritildi." in page.content.decode()

    def test_a_late_answer_is_escalated_once_to_the_district(self, town, open_petition):
        petition = open_petition(threshold=1)
        petition = petitions.sign_petition(petition=petition, signer=town["neighbour"])
        late = petition.answer_due_at + dt.timedelta(hours=1)

        assert petitions.escalate_late_answers(now=petition.answer_due_at) == 0
        assert petitions.escalate_late_answers(now=late) == 1
        assert petitions.escalate_late_answers(now=late) == 0

        assert DomainEvent.objects.filter(type="petition.answer_overdue").count() == 1
        message = OutboxMessage.objects.get(kind="petition.answer_overdue")
        assert message.recipient == town["official"]
        answered = petitions.answer_petition(petition=petition, actor=town["chairman"],
                                             text="Kechikkan javob, uzr soʻraymiz.", now=late)
        assert DomainEvent.objects.filter(type="petition.answered").last().payload["late"]
        assert answered.status == Petition.Status.ANSWERED

    def test_the_periodic_task_is_registered_and_runs(self, town, open_petition):
        from mahalla.core.periodic import PERIODIC_TASKS
        from mahalla.participation.tasks import petitions_watch_task

        assert any(path.endswith("petitions_watch_task") for path, _ in PERIODIC_TASKS)
        result = petitions_watch_task.enqueue()
        assert result.return_value == {"expired": 0, "escalated": 0}


class TestPublicPages:
    def test_lists_show_counts_and_never_signers(self, town, open_petition):
        petition = open_petition(threshold=5)
        signer = UserFactory(role=Role.RESIDENT, mahalla=town["home"], full_name="Zilola Qodirova")
        verified_resident(mahalla=town["home"])
        from mahalla.core.models import Verification

        Verification.objects.create(user=signer, method="in_person")
        petitions.sign_petition(petition=petition, signer=signer)

        for url in (reverse("participation:petitions"),
                    reverse("participation:petition", args=[petition.pk]),
                    reverse("participation:index"),
                    reverse("api-v1:participation_petition", args=[petition.pk]),
                    reverse("api-v1:participation_petitions")):
            response = Client().get(url)
            assert response.status_code == 200, url
            body = response.content.decode()
            assert "Zilola" not in body and signer.phone not in body
            assert town["resident"].full_name not in body  # the author is not shown either
        assert Client().get(reverse("api-v1:participation_petition", args=[petition.pk])) \
            .json()["signatures"] == 1

    def test_a_pending_petition_is_seen_by_its_author_and_staff_in_scope_only(self, town):
        petition = petitions.start_petition(author=town["resident"], level="mahalla",
                                            title="Yoʻl taʼmiri", text=TEXT)
        url = reverse("participation:petition", args=[petition.pk])
        assert Client().get(url).status_code == 404
        for who, status in (("resident", 200), ("neighbour", 404), ("chairman", 200),
                            ("other_chairman", 404)):
            client = Client()
            client.force_login(town[who])
            assert client.get(url).status_code == status, who

    def test_signing_through_the_page(self, town, open_petition):
        petition = open_petition()
        client = Client()
        client.force_login(town["neighbour"])
        page = client.get(reverse("participation:petition", args=[petition.pk]))
        assert reverse("participation:petition_sign", args=[petition.pk]) in page.content.decode()

        response = client.post(reverse("participation:petition_sign", args=[petition.pk]))
        assert response.status_code == 302
        again = client.post(reverse("participation:petition_sign", args=[petition.pk]))
        assert again.status_code == 409
        petition.refresh_from_db()
        assert petition.signature_count == 1

    def test_starting_through_the_page_refuses_bad_input(self, town):
        client = Client()
        client.force_login(town["resident"])
        url = reverse("participation:petition_new")
        response = client.post(url, {"level": "mahalla", "title": "ab", "text": TEXT})
        assert response.status_code == 400
        assert "title" in response.context["form"].errors
        response = client.post(url, {"level": "mahalla", "title": "Yoʻl taʼmiri", "text": TEXT})
        assert response.status_code == 302
        assert Petition.objects.get().author == town["resident"]


def test_public_lists_take_the_same_queries_for_one_petition_or_many(town, open_petition):
    open_petition()
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as one:
            Client().get(reverse("participation:petitions"))
            Client().get(reverse("api-v1:participation_petitions"))
        counts.append(len(one))
        for _ in range(4):
            open_petition()
    assert counts[0] == counts[1]
