"""pip-audit in CI: fails on a known vulnerability, warns (and passes) when the service is away.

The vulnerability service is a small OSV-compatible server on loopback (pip-audit's
--osv-url), so the real pip-audit runs end to end without the internet.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from mahalla.ops.dependency_audit import FAILED, OK, VULNERABLE, judge, main

ADVISORY = {
    "id": "GHSA-test-0001", "aliases": ["CVE-2099-0001"], "summary": "SQL injection",
    "affected": [{"package": {"name": "django", "ecosystem": "PyPI"},
                  "ranges": [{"type": "ECOSYSTEM",
                              "events": [{"introduced": "0"}, {"fixed": "3.2.1"}]}]}],
}


class FakeOsv(BaseHTTPRequestHandler):
    status = 200

    def do_POST(self):  # noqa: N802 - the http.server API
        query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        vulnerable = query["package"]["name"] == "django" and query["version"] == "3.2.0"
        body = json.dumps({"vulns": [ADVISORY]} if vulnerable else {}).encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def osv():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOsv)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1/query", FakeOsv
    server.shutdown()
    FakeOsv.status = 200


def audit(tmp_path, pins: str, url: str) -> int:
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(pins)
    return main(["--requirement", str(requirements), "--osv-url", url, "--timeout", "5",
                 "--cache-dir", str(tmp_path / "cache")])


def test_a_known_vulnerability_fails_the_audit(tmp_path, osv, capsys):
    url, _handler = osv
    assert audit(tmp_path, "django==3.2.0\nrequests==2.34.2\n", url) == VULNERABLE
    out = capsys.readouterr().out
    assert "VULNERABLE django 3.2.0: " in out and "GHSA-test-0001" in out
    assert "CVE-2099-0001" in out and "(fixed in: 3.2.1)" in out
    assert "requests" not in out


def test_clean_pins_pass(tmp_path, osv, capsys):
    url, _handler = osv
    assert audit(tmp_path, "django==5.2.19\n", url) == OK
    assert "no known vulnerabilities in 1 packages" in capsys.readouterr().out


def test_a_service_that_fails_warns_and_passes(tmp_path, osv, capsys):
    url, handler = osv
    handler.status = 503
    assert audit(tmp_path, "django==3.2.0\n", url) == OK
    assert "WARNING: dependency audit NOT done" in capsys.readouterr().err


def test_an_unreachable_service_warns_and_passes(tmp_path, capsys):
    # Nothing listens on port 9 of loopback: the connection is refused.
    assert audit(tmp_path, "django==3.2.0\n", "http://127.0.0.1:9/v1/query") == OK
    assert "could not be reached" in capsys.readouterr().err


def test_other_failures_of_pip_audit_fail():
    assert judge(2, None, "error: unrecognized arguments: --bogus").status == FAILED
    assert judge(1, {"dependencies": [{"name": "x", "skip_reason": "not found"}]},
                 "").message == "the vulnerability service answered for no package"
