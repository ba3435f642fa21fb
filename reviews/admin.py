"""Moderation in the admin: reported reviews, hiding and reinstating them, dismissing reports."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from filmsite import moderation
from filmsite.views import ExplainedHttp404

from . import services
from .models import Report, Review


class ReportInline(moderation.ReportInline):
    model = Report


@admin.register(Review)
class ReviewAdmin(moderation.ModeratedAdmin):
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
    list_filter = [moderation.OpenReportsFilter, "is_hidden", "is_held", "contains_spoilers"]
    list_select_related = ["film", "author"]
    # Newest first, on review_created_idx; no date hierarchy, whose year list read every row.
    ordering = ["-created", "-id"]
    # The headline is trigram-indexed; bodies are found through reports and the film.
    search_fields = ["headline", "author__username__iexact", "film__title"]
    # Only authors change a review's words and rating (on the site); here it is moderated.
    readonly_fields = ["film", "author", "rating", "headline", "body", "created", "updated"]
    inlines = [ReportInline]

    def save_model(self, request: HttpRequest, obj: Review, form: Any, change: bool) -> None:
        # Visibility feeds the film's stored rating: write through the service.
        changes = {name: getattr(obj, name) for name in form.changed_data}
        try:
            services.update_review(obj, **changes)
        except services.ReviewGone:
            raise ExplainedHttp404("This review has been deleted meanwhile.") from None

    def delete_model(self, request: HttpRequest, obj: Review) -> None:
        services.delete_review(obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Review]) -> None:
        for review in queryset:
            services.delete_review(review)


@admin.register(Report)
class ReportAdmin(moderation.ReportAdmin):
    services = services
    list_display = ["review", "reason", "status", "reporter", "created"]
    list_select_related = ["review__film", "review__author", "reporter"]
    search_fields = ["note", "review__headline", "review__author__username__iexact"]
    readonly_fields = ["review", "reporter", "reason", "note", "created"]
