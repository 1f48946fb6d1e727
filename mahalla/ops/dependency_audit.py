"""Known vulnerabilities in our pinned dependencies: pip-audit, as CI runs it.

    python -m mahalla.ops.dependency_audit [--requirement FILE] [--osv-url URL]

Audits the installed environment (what ``pip install -e '.[dev]'`` put there from the pins in
pyproject.toml; our own editable package is skipped) against the OSV database, or the pins of
a requirements file. Exit status:

- 0: no known vulnerability; or the vulnerability service could not be reached (or answered
  for no package at all) — then a clear WARNING says the audit did not happen, so an
  offline CI run is not failed by someone else's outage;
- 1: at least one known vulnerability: each is listed with its fixed versions;
- 2: pip-audit itself failed for another reason (its output is shown).

No Django here: CI runs it before anything else needs the database.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

# What a failure to reach the service looks like in pip-audit's output.
UNREACHABLE_SIGNS = ("ConnectionError", "ConnectTimeout", "ReadTimeout", "Read timed out",
                     "NameResolutionError", "Max retries exceeded", "ServiceError",
                     "Temporary failure in name resolution", "Connection refused",
                     "Could not connect")
OK, VULNERABLE, FAILED = 0, 1, 2


@dataclass(frozen=True)
class Finding:
    name: str
    version: str
    ids: tuple[str, ...]
    fixed: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    status: int
    findings: tuple[Finding, ...] = ()
    audited: int = 0
    skipped: tuple[str, ...] = ()
    message: str = ""


def read_report(report: dict) -> tuple[list[Finding], int, list[str]]:
    """pip-audit's JSON: the vulnerable packages, how many were audited, which were skipped."""
    findings, audited, skipped = [], 0, []
    for dependency in report.get("dependencies", []):
        if dependency.get("skip_reason"):
            skipped.append(f"{dependency.get('name')}: {dependency['skip_reason']}")
            continue
        audited += 1
        for vuln in dependency.get("vulns") or []:
            findings.append(Finding(
                name=dependency["name"], version=dependency.get("version", "?"),
                ids=(vuln["id"], *vuln.get("aliases", [])),
                fixed=tuple(vuln.get("fix_versions") or ())))
    return findings, audited, skipped


def judge(returncode: int, report: dict | None, output: str) -> Outcome:
    """Turn one pip-audit run into our exit status."""
    if report is None:
        if any(sign in output for sign in UNREACHABLE_SIGNS):
            return Outcome(OK, message="the vulnerability service could not be reached")
        return Outcome(FAILED, message=f"pip-audit failed (exit {returncode})")
    findings, audited, skipped = read_report(report)
    if findings:
        return Outcome(VULNERABLE, tuple(findings), audited, tuple(skipped))
    if not audited and skipped:
        return Outcome(OK, (), 0, tuple(skipped),
                       message="the vulnerability service answered for no package")
    return Outcome(OK, (), audited, tuple(skipped))


def run_pip_audit(*, requirement: str | None, osv_url: str | None, timeout: int,
                  cache_dir: str | None) -> tuple[int, dict | None, str]:
    with tempfile.TemporaryDirectory() as scratch:
        report_path = Path(scratch) / "report.json"
        command = [sys.executable, "-m", "pip_audit", "--format", "json", "--output",
                   str(report_path), "--progress-spinner", "off", "--timeout", str(timeout),
                   "--vulnerability-service", "osv"]
        if osv_url:
            command += ["--osv-url", osv_url]
        if cache_dir:
            command += ["--cache-dir", cache_dir]
        if requirement:
            command += ["--requirement", requirement, "--no-deps", "--disable-pip"]
        else:
            command += ["--local", "--skip-editable"]
        # Our own interpreter and arguments: nothing from outside reaches the command.
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        report = None
        if report_path.exists():
            try:
                report = json.loads(report_path.read_text() or "null")
            except ValueError:
                report = None
        return done.returncode, report, done.stdout + done.stderr


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requirement", "-r", help="audit these pins instead of the venv")
    parser.add_argument("--osv-url", help="another OSV-compatible query endpoint")
    parser.add_argument("--timeout", type=int, default=20)
    parser.add_argument("--cache-dir")
    args = parser.parse_args(argv)
    returncode, report, output = run_pip_audit(requirement=args.requirement,
                                               osv_url=args.osv_url, timeout=args.timeout,
                                               cache_dir=args.cache_dir)
    outcome = judge(returncode, report, output)
    if outcome.status == FAILED:
        print(output[-4000:], file=sys.stderr)
        print(f"dependency audit: {outcome.message}", file=sys.stderr)
    elif outcome.message:
        print(f"WARNING: dependency audit NOT done: {outcome.message}. Known vulnerabilities "
              "were not checked; run `python -m mahalla.ops.dependency_audit` again when the "
              "network is back.", file=sys.stderr)
    for finding in outcome.findings:
        fixed = ", ".join(finding.fixed) or "no fixed release yet"
        print(f"VULNERABLE {finding.name} {finding.version}: {', '.join(finding.ids)} "
              f"(fixed in: {fixed})")
    if outcome.status == VULNERABLE:
        print(f"dependency audit: {len(outcome.findings)} known vulnerabilities in "
              f"{len({f.name for f in outcome.findings})} packages; upgrade the pins in "
              "pyproject.toml.", file=sys.stderr)
    elif outcome.status == OK and not outcome.message:
        print(f"dependency audit: no known vulnerabilities in {outcome.audited} packages"
              + (f" ({len(outcome.skipped)} not auditable)" if outcome.skipped else ""))
    return outcome.status


if __name__ == "__main__":
    sys.exit(main())
