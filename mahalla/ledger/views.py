"""Public pages: the log's latest checkpoint and key, and "verify a record"."""

import shlex

from django.conf import settings
from django.shortcuts import render

from mahalla.ledger import keys, services, verify

MAX_QUERY_LENGTH = 40
KEY_PATH = "/api/v1/ledger/key"


def _verifier_command(*extra: str) -> str:
    """The offline verifier's command line for this site, as a reader would type it."""
    return shlex.join(["python", "-m", "mahalla.ledger.verify", "--url", settings.SITE_URL,
                       "--key", keys.verifier_key(), *extra])


def index(request):
    context = {
        "checkpoint": services.latest_checkpoint(),
        "verifier_key": keys.verifier_key(),
        "command": _verifier_command("--state", "mahalla-ledger.json"),
        "api_paths": {
            "checkpoint": verify.CHECKPOINT_PATH,
            "key": KEY_PATH,
            "entry": verify.ENTRY_PATH.format(index=0),
            "inclusion": f"{verify.INCLUSION_PATH}?index=0&tree_size=1",
            "consistency": f"{verify.CONSISTENCY_PATH}?first=1&second=2",
        },
    }
    return render(request, "ledger/index.html", context)


def verify_record(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    context: dict = {"query": query, "record": None, "rows": []}
    if query and (record := services.find_record(query)) is not None:
        checkpoint = services.latest_checkpoint()
        checks = services.check_inclusion(record.entries, checkpoint)
        context.update(record=record, checkpoint=checkpoint, rows=[
            (check, _verifier_command("--entry", str(check.entry.index))) for check in checks
        ])
    return render(request, "ledger/verify.html", context)
