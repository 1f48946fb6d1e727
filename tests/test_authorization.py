"""Authorization generated from the URL configuration.

Every route of `get_resolver()` (i18n patterns, includes, ninja's /api/v1 operations, the
admin site) must be listed in `tests.authorization_cases` as public, signed-in, staff-only or
admin. Then each non-public route is requested as an anonymous visitor, staff-only routes as
a resident, and object routes as people outside the object's scope: none may get a success.
"""

import json
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from ninja.operation import PathView

from mahalla.core.models import Role
from tests import authorization_cases as cases
from tests.factories import DistrictFactory, UserFactory

SUCCESS = {200, 201, 204}
REFUSED = {401, 403, 404}


@dataclass(frozen=True)
class Route:
    key: str  # the namespaced URL name, or the full pattern of an unnamed route
    name: str | None
    pattern: str
    params: tuple[str, ...]
    methods: tuple[str, ...]  # known for ninja operations; () = find out (GET, then POST)
    api_auth: str | None  # ninja only: "none", "optional" or "required"

    @property
    def is_admin(self) -> bool:
        return self.pattern.startswith(cases.ADMIN_PREFIX) and self.key not in cases.PUBLIC

    def __str__(self) -> str:
        return self.key


def _api_info(callback) -> tuple[tuple[str, ...], str | None]:
    view = next((cell.cell_contents for cell in (getattr(callback, "__closure__", None) or ())
                 if isinstance(cell.cell_contents, PathView)), None)
    if view is None:
        return (), None
    methods, kinds = [], set()
    for operation in view.operations:
        methods += operation.methods
        names = {type(method).__name__ for method in operation.auth_callbacks}
        kinds.add("none" if not names else "optional" if "Anonymous" in names else "required")
    kind = "none" if "none" in kinds else "optional" if "optional" in kinds else "required"
    return tuple(methods), kind


def _walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            pattern = prefix + str(entry.pattern)
            methods, api_auth = _api_info(entry.callback)
            params = tuple(entry.pattern.regex.groupindex)
            yield Route(name or pattern, name, pattern, params, methods, api_auth)


def all_routes() -> list[Route]:
    seen, routes = set(), []
    for route in _walk(get_resolver().url_patterns):
        if route.key not in seen:
            seen.add(route.key)
            routes.append(route)
    return routes


ROUTES = all_routes()
LISTED = {**cases.PUBLIC, **cases.SIGNED_IN, **cases.STAFF_ONLY}
NON_PUBLIC = [r for r in ROUTES if r.key in cases.SIGNED_IN or r.key in cases.STAFF_ONLY]
STAFF = [r for r in ROUTES if r.key in cases.STAFF_ONLY]
SCOPED = [r for r in ROUTES if r.key in cases.SCOPED_OBJECTS]
ADMIN = [r for r in ROUTES if r.is_admin]


def _param(route: Route, case=None):
    """pytest.param with a readable id, expected to fail when the gap is known."""
    marks = ()
    if route.key in cases.KNOWN_GAPS:
        marks = pytest.mark.xfail(reason=cases.KNOWN_GAPS[route.key], strict=True)
    return pytest.param(route, id=route.key, marks=marks)


# --- the lists against the URL configuration -------------------------------------------------

def test_every_route_is_classified():
    unlisted = [f"{r.key}  ({r.pattern})" for r in ROUTES if r.key not in LISTED
                and not r.is_admin]
    assert not unlisted, ("Routes nobody decided who may use; add each to "
                          "tests/authorization_cases.py:\n" + "\n".join(unlisted))


def test_lists_do_not_overlap_or_go_stale():
    assert not set(cases.PUBLIC) & set(cases.SIGNED_IN)
    assert not set(cases.PUBLIC) & set(cases.STAFF_ONLY)
    assert not set(cases.SIGNED_IN) & set(cases.STAFF_ONLY)
    assert set(cases.SCOPED_OBJECTS) <= set(cases.SIGNED_IN) | set(cases.STAFF_ONLY)
    keys = {r.key for r in ROUTES}
    optional = {"oidc_authentication_init", "oidc_authentication_callback", "oidc_logout",
                "^media/(?P<path>.*)$"}
    stale = set(LISTED) - keys - optional
    assert not stale, f"Listed routes that no longer exist: {sorted(stale)}"


def test_api_operations_without_required_auth_are_listed_public():
    """/api/v1 operations with auth None or OPTIONAL answer anonymous callers: public only."""
    api_routes = [r for r in ROUTES if r.api_auth is not None]
    assert len(api_routes) > 30
    open_ops = {r.key for r in api_routes if r.api_auth in {"none", "optional"}}
    wrong = sorted(open_ops - set(cases.PUBLIC))
    assert not wrong, f"/api/v1 operations open to anonymous callers but not public: {wrong}"


# --- fixtures -------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def _fast_passwords(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


class Objects:
    """The objects a route's path needs, made on first use: an appeal of the home mahalla
    (routed to the water utility), a resident's application, a letter from the utility."""

    def __init__(self, world, submit):
        self.world, self.submit, self._made = world, submit, {}

    def __getitem__(self, name: str):
        if name not in self._made:
            self._made[name] = getattr(self, f"_make_{name}")()
        return self._made[name]

    def _make_appeal(self):
        return self.submit()

    def _make_second_appeal(self):
        return self.submit(category="gas", text="Gaz hidi kelmoqda, quvur eskirgan")

    def _make_application(self):
        from mahalla.documents import services as documents
        from mahalla.documents.models import EService
        from tests.documents.edocs import RESIDENCE_ANSWERS

        return documents.submit_application(
            service=EService.objects.get(code="residence_certificate"),
            applicant=self.world["resident"], data=RESIDENCE_ANSWERS)

    def _make_letter(self):
        from mahalla.documents.exchange.bodies import body_of
        from mahalla.documents.exchange.services import send_letter

        return send_letter(sender_user=self.world["dispatcher"],
                           recipients=[body_of(self.world["gas_dispatcher"]),
                                       body_of(self.world["chairman"])],
                           subject="Suv quvuri", text="Quvur almashtiriladi.", files=[])

    # Participation and community objects of the home mahalla (made through the services).
    def _verified_resident(self, method: str):
        from mahalla.core.models import Verification

        person = UserFactory(mahalla=self.world["home"],
                             birth_date=timezone.localdate() - timedelta(days=40 * 365))
        Verification.objects.create(user=person, method=method)
        return person

    def _make_home_mahalla(self):
        return self.world["home"]

    def _make_petition(self):
        from mahalla.participation import petitions

        petition = petitions.start_petition(
            author=self._verified_resident("in_person"), level="mahalla",
            title="Bolalar maydonchasi", text="Maydonchani taʼmirlashni soʻraymiz, u eskirgan.")
        return petitions.moderate_petition(petition=petition, actor=self.world["chairman"],
                                           publish=True)

    def _make_survey(self):
        from mahalla.participation import surveys

        survey = surveys.create_survey(
            actor=self.world["chairman"], target=f"m:{self.world['home'].pk}", title="Obodonlik",
            description="", closes_at=timezone.now() + timedelta(days=7),
            questions=[{"id": "q1", "type": "text", "text": "Taklifingiz?"}])
        return surveys.open_survey(survey=survey, actor=self.world["chairman"])

    def _make_election(self):
        from mahalla.participation import voting

        self._verified_resident("in_person")  # someone on the roll
        now = timezone.now()
        election = voting.create_election(
            actor=self.world["chairman"], target=f"m:{self.world['home'].pk}",
            title="Choyxona qurilsinmi?", description="", options=["Ha", "Yoʻq"],
            roll_date=timezone.localdate(now - timedelta(minutes=1)),
            opens_at=now - timedelta(minutes=1), closes_at=now + timedelta(days=7))
        return voting.open_election(election=election, actor=self.world["chairman"])

    def _make_topic(self):
        from mahalla.participation.community.services import discussions

        return discussions.start_topic(mahalla=self.world["home"], title="Bahorgi hashar",
                                       body="Qaysi koʻchalardan boshlaymiz?",
                                       author=self.world["chairman"])

    def _make_comment(self):
        from mahalla.participation.community.services import discussions

        return discussions.post_comment(topic=self["topic"], body="Navoiy koʻchasidan.",
                                        author=self._verified_resident("phone"))

    def _make_block(self):
        from mahalla.participation.community.services import discussions

        return discussions.block_user(mahalla=self.world["home"],
                                      user=self._verified_resident("phone"),
                                      actor=self.world["chairman"], days=7, reason="Haqorat")

    def _make_slot(self):
        from mahalla.participation.community.services import reception

        start = timezone.now() + timedelta(days=2)
        return reception.publish_slot(host=self.world["chairman"], kind="in_person",
                                      starts_at=start, ends_at=start + timedelta(minutes=30),
                                      place="Mahalla binosi")

    def _make_booking(self):
        from mahalla.participation.community.services import reception

        return reception.book_slot(slot=self["slot"], resident=self._verified_resident("phone"),
                                   matter="Koʻcha chirogʻi ishlamayapti.", consent=True)

    def body(self, route: "Route") -> dict:
        """One body that every /api/v1 write accepts (unknown fields are ignored), so a
        request gets past input validation to the permission check instead of a 400."""
        number = self["appeal"].number if "number" in route.params else "MAH-2000-000001"
        into = self["second_appeal"].number if route.key.endswith("merge") else number
        return {"text": "Tekshirildi, quvur almashtirildi.", "reason": "Tekshiruv uchun",
                "executor_id": self.world["executor"].pk,
                "organization_id": self.world["gas"].pk, "into_number": into, "days": 10,
                "priority": "high", "category": "gas", "publish": True, "numbers": [number],
                "texts": ["Suv quvuri yorildi"], "rating": 5, "option": 1, "answers": {}}


@pytest.fixture
def objects(world, submit):
    return Objects(world, submit)


@pytest.fixture
def outsiders(world):
    """Another resident, the other mahalla's chairman, an official of another district."""
    far = DistrictFactory()
    return {"neighbour": world["neighbour"], "other_chairman": world["other_chairman"],
            "far_official": UserFactory(role=Role.DISTRICT_OFFICIAL, district=far)}


PARTICIPATION_OBJECTS = {"petition", "survey", "election", "home_mahalla", "topic", "comment",
                         "block", "slot", "booking"}
OBJECT_ID_PARAMS = {"pk", "petition_id", "survey_id", "election_id", "mahalla_id"}


def path_of(route: Route, objects: Objects | None) -> str:
    from mahalla.appeals.views.staff import ACTIONS as APPEAL_ACTIONS
    from mahalla.documents.views import ACTIONS as APPLICATION_ACTIONS

    namespace = (route.name or "").split(":")[0]
    values = {"object_id": "1", "content_type_id": "1", "id": "1", "app_label": "core",
              "url": "nothing-here/", "variant": "full", "index": "0", "attachment_id": "1",
              "code": "residence_certificate", "token": "no-such-token"}
    if objects is not None and "pk" in route.params:
        values["pk"] = str(objects["letter"].pk)
    if objects is not None and "number" in route.params:
        values["number"] = (objects["application"].number if namespace == "documents"
                            else objects["appeal"].number)
    if namespace == "issuing":
        values["number"] = "NO-SUCH-DOCUMENT"  # issuing needs signing keys: 404 only
    values["action"] = (next(iter(APPLICATION_ACTIONS)) if namespace == "documents"
                        else next(iter(APPEAL_ACTIONS)))
    scoped = cases.SCOPED_OBJECTS.get(route.key, "")
    if objects is not None and scoped in PARTICIPATION_OBJECTS:
        for name in set(route.params) & OBJECT_ID_PARAMS:
            values[name] = str(objects[scoped].pk)
        values["fmt"] = "csv"
    kwargs = {name: values.get(name, "1") for name in route.params}
    return reverse(route.name, kwargs=kwargs) if route.name else "/" + route.pattern


def request(client: Client, route: Route, path: str, objects: Objects | None = None):
    """GET (or the operation's methods); a 405 on GET is retried as POST. Last answer wins
    unless an earlier one succeeded."""
    methods = route.methods or ("GET",)
    body = objects.body(route) if objects is not None and route.api_auth else {}
    answers = []
    for method in methods:
        response = _send(client, method, path, body)
        if response.status_code == 405 and not route.methods:
            response = _send(client, "POST", path, body)
        answers.append(response)
    return next((a for a in answers if a.status_code in SUCCESS), answers[-1])


def _send(client: Client, method: str, path: str, body: dict):
    if method == "GET":
        return client.get(path)
    if route_is_api(path) and not path.endswith("/with-photos"):
        return client.generic(method, path, data=json.dumps(body),
                              content_type="application/json")
    return client.post(path, data={k: v for k, v in body.items() if not isinstance(v, list)})


def route_is_api(path: str) -> bool:
    return path.startswith("/api/")


def assert_refused(response, *, login_redirect_ok: bool, who: str):
    status = response.status_code
    location = urlsplit(response.headers.get("Location", "")).path
    logins = {resolve_url(settings.LOGIN_URL), reverse("admin:login")}
    if status == 302 and login_redirect_ok and location in logins:
        return
    assert status in REFUSED, (f"{who}: got {status} {location or ''} "
                               f"{response.content[:200]!r}")


# --- the requests ---------------------------------------------------------------------------

@pytest.mark.parametrize("route", [_param(r) for r in NON_PUBLIC])
def test_anonymous_is_refused(route, objects):
    response = request(Client(enforce_csrf_checks=False), route, path_of(route, objects), objects)
    assert_refused(response, login_redirect_ok=True, who="anonymous")


@pytest.mark.parametrize("route", [_param(r) for r in STAFF])
def test_resident_is_refused_staff_routes(route, world, objects):
    client = Client(enforce_csrf_checks=False)
    client.force_login(world["resident"])
    response = request(client, route, path_of(route, objects), objects)
    assert_refused(response, login_redirect_ok=False, who="resident")


@pytest.mark.parametrize("route", [_param(r) for r in SCOPED])
def test_outsiders_are_refused_objects_of_another_scope(route, objects, outsiders):
    path = path_of(route, objects)
    for who, user in outsiders.items():
        if route.key in cases.STAFF_ONLY and who == "neighbour":
            continue  # residents are covered by the test above
        client = Client(enforce_csrf_checks=False)
        client.force_login(user)
        assert_refused(request(client, route, path, objects), login_redirect_ok=False,
                       who=who)


@pytest.mark.parametrize("route", [_param(r) for r in ADMIN])
def test_admin_refuses_anonymous_and_residents(route, resident):
    path = path_of(route, None)
    anonymous = Client(enforce_csrf_checks=False)
    assert_refused(request(anonymous, route, path), login_redirect_ok=True, who="anonymous")
    client = Client(enforce_csrf_checks=False)
    client.force_login(resident)
    assert_refused(request(client, route, path), login_redirect_ok=True, who="resident")


def test_every_route_was_exercised():
    """Public routes aside, each listed route feeds at least one of the tests above."""
    covered = {r.key for r in NON_PUBLIC} | {r.key for r in ADMIN}
    expected = {r.key for r in ROUTES if r.key not in cases.PUBLIC}
    assert expected == covered
