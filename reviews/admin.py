"""Moderation in the admin: reported reviews, hiding and reinstating them, dismissing reports."""

from django.contrib import admin, messages
from django.db.models import Count, Q

from filmsite.lists.changelists import GuardedChangeListMixin
from filmsite.views import ExplainedHttp404

from . import services
from .models import Report, Review


class OpenReportsFilter(admin.SimpleListFilter):
    title = "reports"
    parameter_name = "reports"

    def lookups(self, request, model_admin):
        return [("open", "Has open reports"), ("none", "No open reports")]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(open_reports__gt=0)
        if self.value() == "none":
            return queryset.filter(open_reports=0)
        return queryset


class ReportInline(admin.TabularInline):
    model = Report
    extra = 0
    fields = ["reason", "note", "reporter", "status", "created"]
    readonly_fields = ["reason", "note", "reporter", "created"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Review)
class ReviewAdmin(GuardedChangeListMixin, admin.ModelAdmin):
    list_display = ["film", "author", "rating", "contains_spoilers", "is_hidden", "open_reports"]
    list_filter = [OpenReportsFilter, "is_hidden", "contains_spoilers"]
    list_select_related = ["film", "author"]
    search_fields = ["headline", "body", "author__username", "film__title"]
    # Only authors change a review's words and rating (on the site); here it is moderated.
    readonly_fields = ["film", "author", "rating", "headline", "body", "created", "updated"]
    date_hierarchy = "created"
    inlines = [ReportInline]
    actions = ["hide", "reinstate", "dismiss_reports"]

    def get_queryset(self, request):
        open_reports = Count("reports", filter=Q(reports__status=Report.Status.OPEN))
        return super().get_queryset(request).annotate(open_reports=open_reports).with_ratings()

    @admin.display(description="author's rating", ordering="rating")
    def rating(self, review):
        return review.rating

    @admin.display(description="open reports", ordering="open_reports")
    def open_reports(self, review):
        return review.open_reports

    def has_add_permission(self, request):
        return False  # members write reviews on the site, under their own name

    def has_moderate_permission(self, request):
        return request.user.has_perm("reviews.moderate_review")

    def get_readonly_fields(self, request, obj=None):
        if self.has_moderate_permission(request):
            return self.readonly_fields
        return [*self.readonly_fields, "is_hidden"]

    def save_model(self, request, obj, form, change):
        # Visibility feeds the film's stored rating: write through the service.
        changes = {name: getattr(obj, name) for name in form.changed_data}
        try:
            services.update_review(obj, **changes)
        except services.ReviewGone:
            raise ExplainedHttp404("This review has been deleted meanwhile.") from None

    def delete_model(self, request, obj):
        services.delete_review(obj)

    def delete_queryset(self, request, queryset):
        for review in queryset:
            services.delete_review(review)

    @admin.action(
        description="Hide selected reviews (and uphold their reports)", permissions=["moderate"]
    )
    def hide(self, request, queryset):
        changed = services.set_hidden(queryset, hidden=True)
        self.message_user(request, f"{changed} review(s) hidden.", messages.SUCCESS)

    @admin.action(description="Reinstate selected reviews", permissions=["moderate"])
    def reinstate(self, request, queryset):
        changed = services.set_hidden(queryset, hidden=False)
        self.message_user(request, f"{changed} review(s) reinstated.", messages.SUCCESS)

    @admin.action(description="Dismiss open reports on selected reviews", permissions=["change"])
    def dismiss_reports(self, request, queryset):
        dismissed = services.dismiss_reports(Report.objects.filter(review__in=queryset))
        self.message_user(request, f"{dismissed} report(s) dismissed.", messages.SUCCESS)


@admin.register(Report)
class ReportAdmin(GuardedChangeListMixin, admin.ModelAdmin):
    list_display = ["review", "reason", "status", "reporter", "created"]
    list_filter = ["status", "reason"]
    list_select_related = ["review__film", "review__author", "reporter"]
    search_fields = ["note", "review__body", "review__author__username"]
    readonly_fields = ["review", "reporter", "reason", "note", "created"]
    actions = ["dismiss"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Dismiss selected reports", permissions=["change"])
    def dismiss(self, request, queryset):
        dismissed = services.dismiss_reports(queryset)
        self.message_user(request, f"{dismissed} report(s) dismissed.", messages.SUCCESS)
