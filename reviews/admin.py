from django.contrib import admin

from .models import Review


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["film", "author", "rating", "created"]
    list_filter = ["rating", "created"]
    list_select_related = ["film", "author"]
    search_fields = ["body", "author__username", "film__title"]
    autocomplete_fields = ["film", "author"]
    readonly_fields = ["created", "updated"]
    date_hierarchy = "created"
