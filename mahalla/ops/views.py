"""The dead-letter page for administrators: failed background tasks, and running one again."""

import uuid
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mahalla.core.exceptions import DomainError
from mahalla.ops import deadletter

PAGE_SIZE = 50


def administrator_required(view):
    """Logged in as an administrator; everyone else signed in gets 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not deadletter.can_manage_tasks(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@administrator_required
def failed_tasks(request):
    page = Paginator(deadletter.failed_tasks(), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [deadletter.dead_letter(row) for row in page.object_list]
    return render(request, "ops/failed_tasks.html", {"page": page, "rows": rows})


@administrator_required
@require_POST
def rerun_task(request, result_id):
    try:
        result_id = uuid.UUID(result_id)
    except ValueError:
        raise Http404 from None
    try:
        row = deadletter.rerun_failed_task(result_id=result_id, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The task %(name)s is queued to run again.")
                         % {"name": row.task_path.rsplit(".", 1)[-1]})
    return redirect("ops:failed_tasks")
