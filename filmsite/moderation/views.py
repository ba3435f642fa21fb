"""A member's own moderation pages: the notices moderators' actions sent them, and what
became of the reports they made."""

from typing import Any, NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import ListView

from filmsite.library.models import ListReport
from filmsite.members import MemberRequest
from reviews.models import Appeal, Report

from . import services
from .models import Notice

# The most recent reports of each kind a member's reports page lists.
REPORTS_SHOWN = 100


class NoticeListView(LoginRequiredMixin, ListView):
    """The member's notices, newest first, the unread marked."""

    template_name = "moderation/notices.html"
    context_object_name = "notices"
    paginate_by = 20

    def get_queryset(self) -> QuerySet[Notice]:
        return Notice.objects.filter(member=self.request.user.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        unread = Notice.objects.filter(member=self.request.user.pk).unread().count()
        return super().get_context_data(unread=unread, **kwargs)


@login_required
@require_POST
def mark_notices_read(request: MemberRequest) -> HttpResponse:
    services.mark_read(Notice.objects.filter(member=request.user))
    messages.success(request, "Your notices are marked as read.")
    return redirect("moderation:notices")


class ReportLine(NamedTuple):
    """A line of "Your reports": what was reported, its link (None where the reporter may
    no longer see it), the report, and what became of it."""

    what: str
    url: str | None
    report: Report | ListReport
    outcome: str


def review_report_outcome(report: Report) -> str:
    """What became of a review report, as its reporter reads it."""
    if report.status == Report.Status.OPEN:
        return "Open: a moderator will look at it."
    if report.status == Report.Status.DISMISSED:
        return "Dismissed: the review stays."
    if report.review.is_hidden:
        return "Upheld: the review is hidden."
    appeal = getattr(report.review, "appeal", None)
    if appeal is not None and appeal.status == Appeal.Status.UPHELD:
        return "Upheld, then the review was reinstated on its author's appeal."
    return "Upheld, then a moderator reinstated the review."


def list_report_outcome(report: ListReport) -> str:
    if report.status == ListReport.Status.OPEN:
        return "Open: a moderator will look at it."
    if report.status == ListReport.Status.DISMISSED:
        return "Dismissed: the list stays."
    if report.film_list.is_hidden:
        return "Upheld: the list is hidden."
    return "Upheld, then a moderator reinstated the list."


@login_required
@require_GET
def member_reports(request: MemberRequest) -> HttpResponse:
    """The reports the member made, newest first, each with its outcome: one query a kind."""
    review_reports = (
        Report.objects.filter(reporter=request.user)
        .select_related("review__film", "review__author", "review__appeal")
        .order_by("-created", "-pk")[:REPORTS_SHOWN]
    )
    list_reports = (
        ListReport.objects.filter(reporter=request.user)
        .select_related("film_list")
        .order_by("-created", "-pk")[:REPORTS_SHOWN]
    )
    context = {
        "review_reports": [
            ReportLine(
                f"The review of {report.review.film} by {report.review.author_name}",
                None if report.review.is_hidden else report.review.get_absolute_url(),
                report,
                review_report_outcome(report),
            )
            for report in review_reports
        ],
        "list_reports": [
            ReportLine(
                f"The list “{report.film_list.title}”",
                report.film_list.get_absolute_url()
                if report.film_list.is_public and not report.film_list.is_hidden
                else None,
                report,
                list_report_outcome(report),
            )
            for report in list_reports
        ],
        "shown": REPORTS_SHOWN,
    }
    return render(request, "moderation/member_reports.html", context)
