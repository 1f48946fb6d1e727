"""Public verification of issued documents, the holder's download, the staff page and revocation.

The public pages show what identifies the paper (number, kind, issuer, date, status) and the
ledger proof, never the holder: a number or a file is all it takes to ask.
"""

import shlex

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from mahalla.core.exceptions import DomainError
from mahalla.documents.issuing import permissions, services
from mahalla.documents.issuing.forms import (
    MAX_UPLOAD_BYTES,
    RevokeForm,
    VerifyFileForm,
    VerifyNumberForm,
)
from mahalla.ledger import keys
from mahalla.ledger import verify as ledger_verify

# Room for the multipart envelope around a file of the largest size accepted: a request
# declaring more is refused without reading its body.
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 64 * 1024


def _lookup_rate(group, request) -> str:
    return getattr(settings, "DOCUMENT_VERIFY_RATE", "300/h")


def _upload_rate(group, request) -> str:
    return getattr(settings, "DOCUMENT_UPLOAD_RATE", "60/h")


def _ledger_links(verification) -> list[dict]:
    """For each proven leaf: the public API addresses and the offline verifier's command."""
    links = []
    for proof in verification.ledger:
        command = shlex.join(["python", "-m", "mahalla.ledger.verify", "--url",
                              settings.SITE_URL, "--key", keys.verifier_key(),
                              "--entry", str(proof.index)])
        links.append({
            "proof": proof,
            "entry_url": ledger_verify.ENTRY_PATH.format(index=proof.index),
            "inclusion_url": (f"{ledger_verify.INCLUSION_PATH}?index={proof.index}"
                              f"&tree_size={proof.tree_size}"),
            "checkpoint_url": ledger_verify.CHECKPOINT_PATH,
            "command": command,
        })
    return links


def _result_page(request, context: dict, status: int = 200):
    verification = context.get("verification")
    if verification is not None:
        context["ledger_links"] = _ledger_links(verification)
    response = render(request, "issuing/verify.html", context, status=status)
    # The answer changes when a document is revoked; the QR address holds a private code.
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
@ratelimit(key="ip", rate=_lookup_rate, method="GET", block=True)
def verify_by_code(request, number: str, code: str):
    """The QR code's target: the document's status, public, no login."""
    verification = services.verify(number=number, code=code)
    return _result_page(request, {"verification": verification, "via_qr": True})


class _UploadLimit(FileUploadHandler):
    """Stops reading an upload as soon as it passes the limit, before it fills memory or disk."""

    exceeded = False

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > MAX_UPLOAD_BYTES:
            self.exceeded = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


# The CSRF check reads the body, so it runs only after the upload limit is in place (the
# pattern Django documents for changing upload handlers in a view).
@csrf_exempt
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=_lookup_rate, method="GET", block=True)
@ratelimit(key="ip", rate=_upload_rate, method="POST", block=True)
def verify_page(request):
    """Check a document by its number (GET ?number=) or by its PDF file (POST)."""
    limit = None
    if request.method == "POST":
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_REQUEST_BYTES:
            return _too_large(request)
        limit = _UploadLimit(request)
        request.upload_handlers.insert(0, limit)
    return _verify_page(request, limit)


def _too_large(request):
    context = {"number_form": VerifyNumberForm(), "file_form": VerifyFileForm(),
               "upload_error": _("The file is larger than 10 MB.")}
    return _result_page(request, context, status=413)


@csrf_protect
def _verify_page(request, limit):
    number_form, file_form = VerifyNumberForm(), VerifyFileForm()
    context: dict = {"number_form": number_form, "file_form": file_form}
    status = 200
    if request.method == "POST":
        file_form = VerifyFileForm(request.POST, request.FILES)
        if limit is not None and limit.exceeded:
            return _too_large(request)
        context["file_form"] = file_form
        if file_form.is_valid():
            upload = file_form.cleaned_data["file"]
            context["verification"] = services.verify(pdf_bytes=upload.read())
            context["via_file"] = True
        else:
            status = 400
    elif "number" in request.GET:
        number_form = VerifyNumberForm(request.GET)
        context["number_form"] = number_form
        if number_form.is_valid():
            context["verification"] = services.verify(number=number_form.cleaned_data["number"])
        else:
            status = 400
    return _result_page(request, context, status=status)


def _viewable(request, number: str):
    number = services.normalize_number(number)
    document = (permissions.viewable_documents(request.user)
                .select_related("issuer_organization", "issuer_mahalla", "revoked_by")
                .filter(number=number).first())
    if document is None:
        raise Http404
    return document


@login_required
@require_GET
def download(request, number: str):
    """The signed PDF, to its holder and to staff whose scope covers the issuer; others 404."""
    document = _viewable(request, number)
    try:
        handle = document.pdf.open("rb")
    except (OSError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=f"{document.number}.pdf",
                            content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response


def _detail_page(request, document, form=None, status: int = 200):
    may_revoke = permissions.can_revoke(request.user, document) and not document.is_revoked
    context = {
        "document": document,
        "is_holder": document.holder_id == request.user.pk,
        "may_revoke": may_revoke,
        "form": form if form is not None else (RevokeForm() if may_revoke else None),
    }
    response = render(request, "issuing/detail.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def detail(request, number: str):
    """The document's facts for its holder and for staff; the revoke form for its issuer."""
    return _detail_page(request, _viewable(request, number))


@login_required
@require_POST
def revoke(request, number: str):
    document = _viewable(request, number)
    if not permissions.can_revoke(request.user, document):
        raise PermissionDenied
    form = RevokeForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, document, form, status=400)
    try:
        services.revoke_document(document=document, reason=form.cleaned_data["reason"],
                                 actor=request.user)
    except DomainError as error:
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.message)
        return _detail_page(request, document, form, status=error.status_code)
    messages.success(request, _("The document %(number)s is revoked.")
                     % {"number": document.number})
    return redirect("issuing:detail", number=document.number)
