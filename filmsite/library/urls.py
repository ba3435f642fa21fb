from django.urls import path

from filmsite.lists.queries import drop_empty_parameters

from . import views

app_name = "library"

urlpatterns = [
    path("watchlist/", drop_empty_parameters(views.WatchlistView.as_view()), name="watchlist"),
    path("films/<uslug:slug>/watchlist/", views.watchlist_film, name="watchlist_film"),
    path("films/<uslug:slug>/lists/add/", views.film_add_to_list, name="film_add_to_list"),
    path("lists/new/", views.list_create, name="list_create"),
    path("lists/<int:pk>/", views.FilmListDetailView.as_view(), name="list_detail"),
    path("lists/<int:pk>/edit/", views.list_edit, name="list_edit"),
    path("lists/<int:pk>/delete/", views.list_delete, name="list_delete"),
    path("lists/<int:pk>/reorder/", views.list_reorder, name="list_reorder"),
    path("lists/<int:pk>/report/", views.list_report, name="list_report"),
    path("lists/entries/<int:pk>/move/", views.entry_move, name="entry_move"),
    path("lists/entries/<int:pk>/remove/", views.entry_remove, name="entry_remove"),
    path("lists/entries/<int:pk>/note/", views.entry_note, name="entry_note"),
    path("history/import/", views.import_upload, name="import_upload"),
    path("history/import/<int:pk>/", views.import_preview, name="import_preview"),
    path("history/import/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("history/import/<int:pk>/cancel/", views.import_cancel, name="import_cancel"),
    path("history/export/", views.export_page, name="export"),
    path("history/export/<slug:what>.csv", views.export_download, name="export_download"),
]
