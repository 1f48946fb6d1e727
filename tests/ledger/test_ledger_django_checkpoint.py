"""Signed checkpoints (C2SP tlog-checkpoint) and the log's signing key."""

import io
import stat
import threading

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from mahalla.core.periodic import PERIODIC_TASKS
from mahalla.ledger import keys, merkle, services
from mahalla.ledger.models import Checkpoint, LedgerNode, LogHead
from mahalla.ledger.note import generate_key, open_checkpoint, parse_vkey
from mahalla.ledger.tasks import publish_checkpoint_task
from tests.ledger.conftest import ORIGIN, append_events

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("ledger_key")
class TestPublishing:
    def test_it_signs_the_current_head(self, log_verifier):
        append_events(6)

        checkpoint = services.publish_checkpoint()

        opened = open_checkpoint(checkpoint.note_text.encode(), log_verifier)
        head = LogHead.objects.get()
        assert (opened.origin, opened.size, opened.root_hash) == (ORIGIN, 6, bytes(head.root))
        assert (checkpoint.size, bytes(checkpoint.root)) == (6, bytes(head.root))

    def test_it_does_not_sign_the_same_size_twice_and_keeps_every_checkpoint(self):
        append_events(2)
        first = services.publish_checkpoint()
        assert services.publish_checkpoint() == first
        append_events(1)
        second = services.publish_checkpoint()

        assert list(Checkpoint.objects.values_list("size", flat=True)) == [3, 2]
        assert services.latest_checkpoint() == second

    def test_it_refuses_to_sign_a_root_the_stored_nodes_do_not_give(self):
        append_events(3)
        LedgerNode.objects.filter(level=1, index=0).update(hash=b"\x00" * 32)

        with pytest.raises(services.LedgerIntegrityError):
            services.publish_checkpoint()
        assert not Checkpoint.objects.exists()

    def test_the_task_publishes_and_is_periodic(self, settings):
        append_events(4)

        result = publish_checkpoint_task.enqueue()

        assert result.return_value == 4
        assert Checkpoint.objects.get().size == 4
        assert ("mahalla.ledger.tasks.publish_checkpoint_task",
                settings.LEDGER_CHECKPOINT_SECONDS) in PERIODIC_TASKS

    def test_the_command_publishes_and_prints_the_checkpoint(self, log_verifier):
        append_events(2)
        out = io.StringIO()

        call_command("publish_checkpoint", stdout=out)

        assert open_checkpoint(out.getvalue().encode(), log_verifier).size == 2
        assert Checkpoint.objects.count() == 1

    def test_ledger_key_prints_the_verifier_key(self, ledger_key):
        out = io.StringIO()

        call_command("ledger_key", stdout=out)

        assert out.getvalue() == ledger_key + "\n"


class TestKeys:
    def test_a_configured_key_must_be_named_after_the_origin(self, settings):
        settings.LEDGER_ORIGIN = "mahalla.test/ledger"
        settings.LEDGER_SIGNING_KEY = generate_key("another.example/log")[0]

        with pytest.raises(ImproperlyConfigured, match="LEDGER_ORIGIN"):
            keys.signer()

    def test_a_malformed_key_is_refused(self, settings):
        settings.LEDGER_SIGNING_KEY = "PRIVATE+KEY+mahalla.test/ledger+00000000+AAAA"

        with pytest.raises(ImproperlyConfigured, match="not valid"):
            keys.signer()

    def test_without_a_key_and_debug_off_it_refuses_at_first_use(self, settings, tmp_path):
        settings.DEBUG = False
        settings.LEDGER_SIGNING_KEY = ""
        settings.LEDGER_KEY_FILE = tmp_path / "ledger-signing.key"

        with pytest.raises(ImproperlyConfigured, match="LEDGER_SIGNING_KEY"):
            services.publish_checkpoint()
        assert not settings.LEDGER_KEY_FILE.exists()

    def test_with_debug_on_a_development_key_is_generated_once(self, settings, tmp_path):
        settings.DEBUG = True
        settings.LEDGER_SIGNING_KEY = ""
        settings.LEDGER_ORIGIN = "dev.example/ledger"
        settings.LEDGER_KEY_FILE = tmp_path / "var" / "ledger-signing.key"

        first = keys.verifier_key()

        assert keys.verifier_key() == first
        assert parse_vkey(first).name == "dev.example/ledger"
        assert stat.S_IMODE(settings.LEDGER_KEY_FILE.stat().st_mode) == 0o600
        assert settings.LEDGER_KEY_FILE.read_text().startswith("PRIVATE+KEY+dev.example/ledger+")
        assert sorted(p.name for p in settings.LEDGER_KEY_FILE.parent.iterdir()) == [
            "ledger-signing.key"]

    def test_concurrent_processes_agree_on_the_development_key(self, tmp_path):
        path = tmp_path / "ledger-signing.key"
        barrier, found = threading.Barrier(8), []

        def generate():
            barrier.wait()
            found.append(keys.development_key(path, "dev.example/ledger"))

        threads = [threading.Thread(target=generate) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert len(found) == 8 and len(set(found)) == 1
        assert found[0] == path.read_text().strip()

    def test_the_signed_checkpoint_opens_with_the_served_key(self, settings, client):
        skey, vkey = generate_key(settings.LEDGER_ORIGIN)
        settings.LEDGER_SIGNING_KEY = skey
        append_events(1)

        served = client.get("/api/v1/ledger/key").content.decode()
        note = client.get("/api/v1/ledger/checkpoint").content

        assert served == vkey
        assert open_checkpoint(note, parse_vkey(served)).root_hash == merkle.root_from_leaf_hashes(
            [bytes(LedgerNode.objects.get(level=0, index=0).hash)])
