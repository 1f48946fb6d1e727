"""Signed-in sessions for the load benchmark: run inside `manage.py shell` (see load_bench.py).

Staff: the demo district official and dispatcher, and a chairman for each demo mahalla;
residents: LOAD_RESIDENTS accounts of the demo mahallas. Each gets a database session made
here, so the benchmark sends no login traffic (the login form is rate-limited per address).
Writes {"staff": [...], "residents": [...], "csrf": ..., "categories": [...]} to
LOAD_SESSIONS_OUT.
"""

import json
import os

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils.crypto import get_random_string

from mahalla.core.categories import Category
from mahalla.core.models import Mahalla, Organization, Role, User

RESIDENTS = int(os.environ.get("LOAD_RESIDENTS", "300"))
BACKEND = settings.AUTHENTICATION_BACKENDS[0]


def session_for(user: User) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def account(phone: str, **fields) -> User:
    user = User.objects.filter(phone=phone).first()
    if user is None:
        user = User.objects.create_user(phone, None, **fields)  # no password: a session only
    return user


mahallas = list(Mahalla.objects.order_by("pk")[:40])
staff = [u for u in User.objects.filter(role__in=[Role.DISTRICT_OFFICIAL, Role.ORG_DISPATCHER])]
for index, mahalla in enumerate(mahallas):
    staff.append(account(f"+99893{index:07d}", role=Role.MAHALLA_CHAIRMAN, mahalla=mahalla,
                         full_name=f"Rais {index}"))
if not Organization.objects.exists() or not staff:
    raise SystemExit("run seed_demo first: the benchmark needs the demo territory")
residents = [account(f"+99894{index:07d}", role=Role.RESIDENT,
                     mahalla=mahallas[index % len(mahallas)], full_name=f"Aholi {index}")
             for index in range(RESIDENTS)]
result = {"staff": [session_for(u) for u in staff],
          "residents": [session_for(u) for u in residents],
          "csrf": get_random_string(32),
          "categories": [c.value for c in Category][:8]}
with open(os.environ["LOAD_SESSIONS_OUT"], "w") as out:
    json.dump(result, out)
print(f"sessions: {len(result['staff'])} staff, {len(result['residents'])} residents")
