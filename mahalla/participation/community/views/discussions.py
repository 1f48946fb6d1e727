"""Discussion pages: public reading (pseudonyms only), posting, reporting, moderation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mahalla.appeals.views.common import add_domain_error, staff_required
from mahalla.core.exceptions import DomainError
from mahalla.core.models import Mahalla
from mahalla.participation.community import forms as f
from mahalla.participation.community import permissions as perm
from mahalla.participation.community import selectors
from mahalla.participation.community.models import Comment, CommentReport, DiscussionBlock, Topic
from mahalla.participation.community.services import discussions as svc
from mahalla.participation.community.services.common import posting_limit, public_name


def index(request):
    """Where to start: the person's own mahalla, or a search over mahallas."""
    query = (request.GET.get("q") or "").strip()[:100]
    mahallas = Mahalla.objects.filter(is_active=True).select_related("district")
    found = list(mahallas.search(query)[:30]) if query else []
    home = getattr(request.user, "mahalla", None) if request.user.is_authenticated else None
    return render(request, "community/index.html",
                  {"query": query, "found": found, "home": home})


def rules(request):
    topic_limit, _window = posting_limit("topic")
    comment_limit, _window = posting_limit("comment")
    return render(request, "community/rules.html",
                  {"topic_limit": topic_limit, "comment_limit": comment_limit})


def topics(request, mahalla_id: int):
    mahalla = get_object_or_404(Mahalla.objects.select_related("district"), pk=mahalla_id,
                                is_active=True)
    moderator = perm.is_moderator(request.user, mahalla.pk)
    page = selectors.topic_page(mahalla.pk, request.GET.get("page"), include_hidden=moderator)
    return render(request, "community/topics.html", {
        "mahalla": mahalla, "page": page, "moderator": moderator,
        "may_start": svc.can_start_topic(request.user, mahalla.pk),
        "form": f.TopicForm()})


@login_required
def topic_new(request, mahalla_id: int):
    mahalla = get_object_or_404(Mahalla, pk=mahalla_id, is_active=True)
    if not svc.can_start_topic(request.user, mahalla.pk):
        raise HttpForbidden
    form = f.TopicForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                topic = svc.start_topic(mahalla=mahalla, author=request.user,
                                        title=form.cleaned_data["title"],
                                        body=form.cleaned_data["body"])
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status_code
            else:
                messages.success(request, _("The topic is published."))
                return redirect("community:topic", pk=topic.pk)
        else:
            status = 400
    return render(request, "community/topic_new.html", {"mahalla": mahalla, "form": form},
                  status=status)


def _visible_topic(request, pk: int) -> tuple[Topic, bool]:
    topic = get_object_or_404(Topic.objects.select_related("mahalla__district", "author"),
                              pk=pk)
    moderator = perm.is_moderator(request.user, topic.mahalla_id)
    if topic.status == Topic.Status.HIDDEN and not moderator:
        raise Http404
    return topic, moderator


def _topic_page(request, topic, moderator, *, comment_form=None, status=200):
    page, threads = selectors.thread_page(topic, request.GET.get("page"), moderator=moderator)
    return render(request, "community/topic.html", {
        "topic": topic, "author": public_name(topic.author, topic.author_role),
        "page": page, "threads": threads, "moderator": moderator,
        "may_comment": svc.can_comment(request.user, topic),
        "comment_form": comment_form or f.CommentForm(),
        "report_reasons": CommentReport.Reason.choices,
        "topic_form": f.TopicModerationForm(initial={"status": topic.status}),
    }, status=status)


def topic(request, pk: int):
    topic, moderator = _visible_topic(request, pk)
    return _topic_page(request, topic, moderator)


@login_required
@require_POST
def comment(request, pk: int):
    topic, moderator = _visible_topic(request, pk)
    form = f.CommentForm(request.POST)
    try:
        svc.require_commenter(topic=topic, author=request.user)
    except DomainError as error:
        add_domain_error(form, error)
        return _topic_page(request, topic, moderator, comment_form=form,
                           status=error.status_code)
    if not form.is_valid():
        return _topic_page(request, topic, moderator, comment_form=form, status=400)
    try:
        posted = svc.post_comment(topic=topic, author=request.user,
                                  body=form.cleaned_data["body"],
                                  parent_id=form.cleaned_data.get("parent"))
    except DomainError as error:
        add_domain_error(form, error)
        return _topic_page(request, topic, moderator, comment_form=form,
                           status=error.status_code)
    messages.success(request, _("Your comment is published."))
    return redirect(f"{request.path.rsplit('comment/', 1)[0]}#comment-{posted.pk}")


@login_required
@require_POST
def report(request, pk: int):
    comment = get_object_or_404(Comment.objects.select_related("topic"), pk=pk)
    form = f.ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose why you report this comment."))
    else:
        try:
            svc.report_comment(comment=comment, reporter=request.user,
                               reason=form.cleaned_data["reason"],
                               note=form.cleaned_data["note"])
        except DomainError as error:
            if error.status_code == 404:
                raise Http404 from error
            messages.error(request, error.message)
        else:
            messages.success(request, _("Thank you. The moderators will look at it."))
    return redirect("community:topic", pk=comment.topic_id)


@staff_required
@require_POST
def moderate_comment(request, pk: int):
    comment = get_object_or_404(Comment.objects.select_related("topic"), pk=pk)
    if not perm.is_moderator(request.user, comment.topic.mahalla_id):
        raise Http404
    form = f.ModerateForm(request.POST)
    hide = request.POST.get("action") != "show"
    if not form.is_valid():
        messages.error(request, _("Write the reason."))
    else:
        try:
            svc.moderate_comment(comment=comment, actor=request.user, hide=hide,
                                 reason=form.cleaned_data["reason"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The comment is hidden.") if hide
                             else _("The comment is shown again."))
    if request.POST.get("back") == "queue":
        return redirect("community:moderation")
    return redirect("community:topic", pk=comment.topic_id)


@staff_required
@require_POST
def moderate_topic(request, pk: int):
    topic = get_object_or_404(Topic, pk=pk)
    if not perm.is_moderator(request.user, topic.mahalla_id):
        raise Http404
    form = f.TopicModerationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the reason."))
    else:
        try:
            svc.moderate_topic(topic=topic, actor=request.user,
                               status=form.cleaned_data["status"],
                               reason=form.cleaned_data["reason"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The topic is updated."))
    return redirect("community:topic", pk=topic.pk)


@staff_required
def moderation(request):
    """Reported comments and blocks of the mahallas the moderator looks after."""
    mahallas = perm.moderated_mahallas(request.user)
    if not mahallas.exists():
        raise HttpForbidden
    reported = (Comment.objects.filter(topic__mahalla__in=mahallas, reports_count__gt=0,
                                       reports__resolved_at__isnull=True)
                .select_related("topic", "author").distinct().order_by("-reports_count")[:100])
    rows = [{"comment": c, "author": public_name(c.author, c.author_role)} for c in reported]
    blocks = (DiscussionBlock.objects.active().filter(mahalla__in=mahallas)
              .select_related("user", "mahalla")[:100])
    block_rows = [{"block": b, "who": public_name(b.user)} for b in blocks]
    form = f.BlockForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                target = Comment.objects.select_related("topic__mahalla").filter(
                    pk=form.cleaned_data["comment"], topic__mahalla__in=mahallas).first()
                if target is None:
                    raise DomainError(_("No such comment in your mahalla."), field="comment")
                user = svc.author_of_comment(comment=target, actor=request.user)
                svc.block_user(mahalla=target.topic.mahalla, user=user, actor=request.user,
                               days=form.cleaned_data["days"],
                               reason=form.cleaned_data["reason"])
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status_code
            else:
                messages.success(request, _("The author is blocked from discussions."))
                return redirect("community:moderation")
        else:
            status = 400
    return render(request, "community/moderation.html",
                  {"rows": rows, "blocks": block_rows, "form": form}, status=status)


@staff_required
@require_POST
def lift_block(request, pk: int):
    block = get_object_or_404(DiscussionBlock, pk=pk)
    if not perm.is_moderator(request.user, block.mahalla_id):
        raise Http404
    try:
        svc.lift_block(block=block, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The block is lifted."))
    return redirect("community:moderation")
