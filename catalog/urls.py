from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.FilmListView.as_view(), name="film_list"),
    path("films/<slug:slug>/", views.FilmDetailView.as_view(), name="film_detail"),
]
