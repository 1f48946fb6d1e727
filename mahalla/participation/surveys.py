"""Polls and surveys: create (staff, within scope), open, respond (one per resident), close,
results and exports. Results and exports never carry who answered."""

import csv
import io
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from mahalla.core.events import record_event
from mahalla.core.exceptions import Conflict, DomainError, NotFound, PermissionDenied
from mahalla.core.models import User
from mahalla.core.text import clean_multiline, clean_text
from mahalla.participation import rules
from mahalla.participation.models import Survey, SurveyResponse
from mahalla.participation.questions import validate_answers, validate_questions
from mahalla.participation.territory import (
    require_staff_for,
    require_verified_resident,
    resolve_target,
)

S = Survey.Status


def _event(survey: Survey, action: str, actor=None, **extra) -> None:
    record_event(type=f"survey.{action}", obj=survey, actor=actor,
                 payload={"survey": survey.pk, "status": survey.status, **extra})


def create_survey(*, actor: User, target: str, title: str, description: str, questions,
                  closes_at: datetime, now=None) -> Survey:
    """A draft questionnaire addressed to a territory the staff member works for."""
    now = now or timezone.now()
    fields = resolve_target(actor, target)
    title = clean_text(title or "")
    if not 3 <= len(title) <= 200:
        raise DomainError(_("Write a title of 3 to 200 characters."), field="title")
    description = clean_multiline(description or "")[:3000]
    questions = validate_questions(questions)
    if closes_at is None or closes_at <= now:
        raise DomainError(_("The closing time must be in the future."), field="closes_at")
    with transaction.atomic():
        survey = Survey.objects.create(title=title, description=description,
                                       questions=questions, closes_at=closes_at,
                                       created_by=actor, created_at=now, **fields)
        _event(survey, "created", actor, questions=len(questions))
    return survey


def open_survey(*, survey: Survey, actor: User, now=None) -> Survey:
    now = now or timezone.now()
    require_staff_for(actor, survey)
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.status != S.DRAFT:
            raise Conflict(_("Only a draft can be opened."))
        if survey.closes_at <= now:
            raise DomainError(_("The closing time must be in the future."), field="closes_at")
        survey.status, survey.opened_at = S.OPEN, now
        survey.save(update_fields=["status", "opened_at", "updated_at"])
        _event(survey, "opened", actor)
    return survey


def close_survey(*, survey: Survey, actor: User | None = None, now=None) -> Survey:
    """Close now (staff in scope), or on schedule (the periodic task, actor None)."""
    now = now or timezone.now()
    if actor is not None:
        require_staff_for(actor, survey)
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.status != S.OPEN:
            raise Conflict(_("Only an open survey can be closed."))
        survey.status, survey.closed_at = S.CLOSED, now
        survey.save(update_fields=["status", "closed_at", "updated_at"])
        _event(survey, "closed", actor, responses=survey.response_count)
    return survey


def require_respondent(*, survey: Survey, respondent: User, now=None) -> None:
    """Refuse someone who may not answer `survey` now (checked before reading the answers)."""
    now = now or timezone.now()
    mahalla = require_verified_resident(respondent, rules.RESPOND_SURVEY_LEVEL)
    if survey.status == S.DRAFT:
        raise NotFound(_("Not found."))
    if survey.status != S.OPEN or now >= survey.closes_at:
        raise Conflict(_("This survey is closed."))
    if not survey.covers_mahalla(mahalla):
        raise PermissionDenied(_("This survey is for residents of another territory."))


def respond(*, survey: Survey, respondent: User, answers, now=None) -> SurveyResponse:
    """A resident of the audience answers once; the unique constraint refuses a second time."""
    now = now or timezone.now()
    require_respondent(survey=survey, respondent=respondent, now=now)
    clean = validate_answers(survey.questions, answers)
    with transaction.atomic():
        try:
            with transaction.atomic():
                response = SurveyResponse.objects.create(survey=survey, respondent=respondent,
                                                         answers=clean, created_at=now)
        except IntegrityError:
            raise Conflict(_("You have already answered this survey.")) from None
        Survey.objects.filter(pk=survey.pk).update(response_count=F("response_count") + 1)
        _event(survey, "answered", respondent)
    return response


def has_responded(survey: Survey, user: User) -> bool:
    return user.is_authenticated and SurveyResponse.objects.filter(
        survey=survey, respondent=user).exists()


def close_due_surveys(*, now=None) -> int:
    now = now or timezone.now()
    count = 0
    for survey in Survey.objects.due_to_close(now):
        try:
            close_survey(survey=survey, now=now)
            count += 1
        except Conflict:
            continue
    return count


# --- results --------------------------------------------------------------------------------


def results(survey: Survey) -> list[dict]:
    """Per question: counts per option (choice), per value (scale) or the text answers."""
    rows = list(survey.responses.values_list("answers", flat=True))
    total = len(rows)
    out = []
    for question in survey.questions:
        qid, kind = question["id"], question["type"]
        given = [r[qid] for r in rows if qid in r]
        item = {"question": question, "answered": len(given), "total": total}
        if kind in ("single", "multiple"):
            counts = {o["id"]: 0 for o in question["options"]}
            for value in given:
                for choice in (value if isinstance(value, list) else [value]):
                    if choice in counts:
                        counts[choice] += 1
            item["bars"] = [{"label": o["label"], "count": counts[o["id"]]}
                            for o in question["options"]]
        elif kind == "scale":
            counts = {n: 0 for n in range(question["min"], question["max"] + 1)}
            for value in given:
                if value in counts:
                    counts[value] += 1
            item["bars"] = [{"label": str(n), "count": c} for n, c in counts.items()]
            item["average"] = round(sum(given) / len(given), 2) if given else None
        else:
            item["texts"] = sorted(given)
        out.append(item)
    return out


def _export_rows(survey: Survey) -> tuple[list[str], list[list]]:
    questions = survey.questions
    header = [_("Response")] + [q["text"] for q in questions]
    labels = {q["id"]: {o["id"]: o["label"] for o in q.get("options", [])} for q in questions}
    body = []
    # Numbered in a fixed order that is not the order of answering.
    answers = sorted(survey.responses.values_list("answers", flat=True),
                     key=lambda a: repr(sorted(a.items())))
    for number, row in enumerate(answers, start=1):
        cells = [number]
        for q in questions:
            value = row.get(q["id"], "")
            if isinstance(value, list):
                value = "; ".join(labels[q["id"]].get(v, v) for v in value)
            elif q["type"] == "single":
                value = labels[q["id"]].get(value, value)
            cells.append(value)
        body.append(cells)
    return header, body


def _safe_cell(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def export_csv(*, survey: Survey, actor: User) -> str:
    _require_reader(actor, survey)
    header, body = _export_rows(survey)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_safe_cell(c) for c in header])
    for row in body:
        writer.writerow([_safe_cell(c) for c in row])
    return buffer.getvalue()


def export_xlsx(*, survey: Survey, actor: User) -> bytes:
    from openpyxl import Workbook

    _require_reader(actor, survey)
    header, body = _export_rows(survey)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_("Answers")[:31])
    sheet.append([_safe_cell(c) for c in header])
    for row in body:
        sheet.append([_safe_cell(c) for c in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _require_reader(actor: User, survey: Survey) -> None:
    """Staff in scope, auditors included (exports only read)."""
    from mahalla.core.scope import is_staff_role
    from mahalla.participation.territory import in_scope

    if not is_staff_role(actor) or not in_scope(actor, survey):
        raise NotFound(_("Not found."))
