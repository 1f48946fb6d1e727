"""The users of the load benchmark (run by bench/load_bench.py; see docs/LOAD.md).

LOAD_MODE=mixed: public pages and API 70 %, the staff work queue 20 % (signed-in district
officials and dispatchers), submissions 10 % (signed-in residents, API with an
Idempotency-Key). LOAD_MODE=health: /api/v1/health only, the framework's ceiling.

Every request is named "<class>: <what>"; each response time is kept per class and written
to LOAD_RESULTS (JSON) when locust stops, so the bench reports p50/p95/p99 per class, not
per URL. LOAD_THINK is the mean pause between a user's requests (0: none, closed loop).
Sessions (signed in beforehand, no login traffic) come from LOAD_SESSIONS.
"""

import json
import os
import random
import time
import uuid
from collections import defaultdict
from pathlib import Path

from locust import FastHttpUser, constant, events, task
from locust.exception import StopUser

MODE = os.environ.get("LOAD_MODE", "mixed")
THINK = float(os.environ.get("LOAD_THINK", "0"))
SESSIONS = (json.loads(Path(os.environ["LOAD_SESSIONS"]).read_text())
            if os.environ.get("LOAD_SESSIONS")
            else {"staff": [], "residents": [], "csrf": "", "categories": []})
CATEGORIES = SESSIONS.get("categories") or ["water", "roads", "lighting", "waste"]
TEXTS = ["Koʻchada suv quvuri yorilib, suv oqmoqda", "Chiroqlar yonmayapti, koʻcha qorongʻi",
         "Axlat uch kundan beri olib ketilmadi", "Yoʻlda katta chuqur paydo boʻldi",
         "Issiq suv berilmayapti, uyda sovuq"]
# A point inside the demo district (Yunusobod, Tashkent).
POINT = (41.3650, 69.2850)

_samples: dict[str, list[float]] = defaultdict(list)
_failures: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
_window = {"first": None, "last": None}


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None,
            response=None, **kwargs):
    klass = name.split(":", 1)[0]
    _samples[klass].append(response_time)
    now = time.time()
    _window["first"] = _window["first"] or now
    _window["last"] = now
    if exception is not None:
        status = getattr(response, "status_code", None) or type(exception).__name__
        _failures[klass][f"{name} → {status}"] += 1


@events.quitting.add_listener
def _write(environment, **kwargs):
    path = os.environ.get("LOAD_RESULTS")
    if not path:
        return
    result = {"mode": MODE, "think": THINK, "window": _window,
              "samples": {k: v for k, v in _samples.items()},
              "failures": {k: dict(v) for k, v in _failures.items()}}
    with open(path, "w") as out:
        json.dump(result, out)


def _think():
    return random.uniform(0.5 * THINK, 1.5 * THINK) if THINK else 0


class Visitor(FastHttpUser):
    """One of the 100 concurrent users; what it does follows the mode's mix."""

    wait_time = _think if THINK else constant(0)

    def on_start(self):
        self.session = None
        self.role = None

    # --- the ceiling --------------------------------------------------------------------------

    @task(1)
    def mixed_or_health(self):
        if MODE == "health":
            self.client.get("/api/v1/health", name="health: /api/v1/health")
            return
        roll = random.random()
        if roll < 0.70:
            self.public()
        elif roll < 0.90:
            self.staff_queue()
        else:
            self.submit()

    # --- public pages and API (70 %) --------------------------------------------------------------

    def public(self):
        choice = random.random()
        category = random.choice(CATEGORIES)
        if choice < 0.20:
            self.client.get("/", name="public: home page")
        elif choice < 0.45:
            self.client.get(f"/api/v1/public/reports?limit=20&category={category}",
                            name="public: /api/v1/public/reports")
        elif choice < 0.60:
            self.client.get("/api/v1/categories", name="public: /api/v1/categories")
        elif choice < 0.75:
            self.client.get("/open311/v2/services.json", name="public: open311 services")
        elif choice < 0.90:
            self.client.get(f"/open311/v2/requests.json?service_code={category}",
                            name="public: open311 requests")
        else:
            self.client.get(f"/map/?category={category}", name="public: map list page")

    # --- the staff work queue (20 %) ------------------------------------------------------------

    def _cookies(self, pool: str) -> dict:
        """A staff member keeps one session; a submission comes from any resident (each
        resident stays under the per-person submission rate)."""
        people = SESSIONS.get(pool) or []
        if not people:
            raise StopUser()
        key = people[id(self) % len(people)] if pool == "staff" else random.choice(people)
        return {"Cookie": f"sessionid={key}; csrftoken={SESSIONS['csrf']}",
                "X-CSRFToken": SESSIONS["csrf"]}

    def staff_queue(self):
        headers = self._cookies("staff")
        choice = random.random()
        if choice < 0.5:
            self.client.get("/api/v1/appeals/queue?limit=20", headers=headers,
                            name="staff: /api/v1/appeals/queue")
        elif choice < 0.7:
            status = random.choice(["registered", "in_progress", "open"])
            self.client.get(f"/api/v1/appeals/queue?limit=20&status={status}&sort=priority",
                            headers=headers, name="staff: queue by status")
        elif choice < 0.8:
            self.client.get("/api/v1/appeals/queue?limit=20&overdue=true", headers=headers,
                            name="staff: overdue queue")
        else:
            self.client.get("/staff/appeals/", headers=headers, name="staff: queue page")

    # --- submissions (10 %) -----------------------------------------------------------------------

    def submit(self):
        headers = self._cookies("residents")
        headers["Idempotency-Key"] = str(uuid.uuid4())
        lat = POINT[0] + random.uniform(-0.01, 0.01)
        lon = POINT[1] + random.uniform(-0.01, 0.01)
        body = {"kind": "problem_report", "category": random.choice(CATEGORIES),
                "text": f"{random.choice(TEXTS)} ({uuid.uuid4().hex[:6]})",
                "latitude": f"{lat:.6f}", "longitude": f"{lon:.6f}", "consent": "true"}
        self.client.post("/api/v1/appeals", data=body, headers=headers,
                         name="submit: /api/v1/appeals")
