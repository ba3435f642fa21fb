"""Moderation in the admin: reported reviews, hiding and reinstating them, dismissing reports,
and deciding their authors' appeals."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

from filmsite.lists.changelists import GuardedChangeListMixin
from filmsite.moderation import moderated

from . import services
from .models import Appeal, Report, Review

# What a report's row shows (its reporter, and what was reported), in the inline and the
# change list alike: joined in their one query.
REPORT_ROW = ("reporter", "review__film", "review__author")


class ReportInline(moderated.ReportInline):
    model = Report
    joined = REPORT_ROW


@admin.register(Review)
class ReviewAdmin(moderated.ModeratedAdmin):
    services = services
    moderate_permission = "reviews.moderate_review"
    list_display = [
        "film",
        "author",
        "rating",
        "contains_spoilers",
        "is_hidden",
        "is_held",
        "open_reports",
    ]
    list_filter = [moderated.OpenReportsFilter, "is_hidden", "is_held", "contains_spoilers"]
    list_select_related = ["film", "author"]
    # Newest first, on review_created_idx; no date hierarchy, whose year list read every row.
    ordering = ["-created", "-id"]
    # The headline is trigram-indexed; bodies are found through reports and the film.
    search_fields = ["headline", "author__username__iexact", "film__title"]
    # Only authors change a review's words and rating (on the site); here it is moderated.
    readonly_fields = ["film", "author", "rating", "headline", "body", "created", "updated"]
    inlines = [ReportInline]

    def delete_model(self, request: HttpRequest, obj: Review) -> None:
        services.delete_review(obj, by=moderated.moderator_of(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Review]) -> None:
        for review in queryset.select_related("film", "author"):
            services.delete_review(review, by=moderated.moderator_of(request))


@admin.register(Report)
class ReportAdmin(moderated.ReportAdmin):
    services = services
    list_display = ["review", "reason", "status", "reporter", "created"]
    list_select_related = REPORT_ROW
    search_fields = ["note", "review__headline", "review__author__username__iexact"]
    readonly_fields = ["review", "reporter", "reason", "note", "created"]


APPEAL_FIELDS = (
    "review",
    "author",
    "review_text",
    "text",
    "status",
    "created",
    "decided",
    "decided_by",
    "note",
)


@admin.register(Appeal)
class AppealAdmin(GuardedChangeListMixin, admin.ModelAdmin):
    """Authors' appeals against hidden reviews: a queue, open ones first, oldest first.

    Decided only through the actions, which log the decision, reinstate the review when the
    appeal is upheld, and tell the author; nothing is added, changed by hand or deleted (a
    deleted appeal would let its author appeal again).
    """

    list_display = ["review", "author", "status", "created", "decided"]
    list_filter = ["status"]
    list_select_related = ["review__film", "review__author"]
    search_fields = ["review__author__username__iexact", "review__headline"]
    # Open first ("open" sorts before "rejected" and "upheld"), oldest first: appeal_queue_idx.
    ordering = ["status", "created", "id"]
    fields = APPEAL_FIELDS
    readonly_fields = APPEAL_FIELDS
    actions = ["uphold", "reject"]

    @admin.display(description="author")
    def author(self, appeal: Appeal) -> str:
        return appeal.review.author_name

    @admin.display(description="the hidden review's words")
    def review_text(self, appeal: Appeal) -> str:
        review = appeal.review
        return f"{review.headline}\n\n{review.body}" if review.headline else review.body

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Appeal | None = None) -> bool:
        return False

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("reviews.moderate_review")

    def _decide(
        self, request: HttpRequest, queryset: QuerySet[Appeal], *, uphold: bool
    ) -> TemplateResponse | None:
        note, page = moderated.ask_reason(
            self,
            request,
            queryset,
            title="Uphold appeals: reinstate their reviews" if uphold else "Reject appeals",
            submit_label="Reinstate the reviews" if uphold else "Reject the appeals",
            required=False,
        )
        if page is not None:
            return page
        decided = services.decide_appeals(
            queryset, uphold=uphold, moderator=moderated.moderator_of(request), note=note or ""
        )
        outcome = "upheld, their reviews reinstated" if uphold else "rejected"
        self.message_user(request, f"{decided} appeal(s) {outcome}.", messages.SUCCESS)
        return None

    @admin.action(
        description="Uphold selected appeals (reinstate the reviews)", permissions=["moderate"]
    )
    def uphold(self, request: HttpRequest, queryset: QuerySet[Appeal]) -> TemplateResponse | None:
        return self._decide(request, queryset, uphold=True)

    @admin.action(
        description="Reject selected appeals (the reviews stay hidden)", permissions=["moderate"]
    )
    def reject(self, request: HttpRequest, queryset: QuerySet[Appeal]) -> TemplateResponse | None:
        return self._decide(request, queryset, uphold=False)
