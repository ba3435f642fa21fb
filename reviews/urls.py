from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("reviews/<int:pk>/", views.ReviewDetailView.as_view(), name="review_detail"),
    path("reviews/<int:pk>/edit/", views.review_update, name="review_update"),
    path("reviews/<int:pk>/delete/", views.review_delete, name="review_delete"),
    path("reviews/<int:pk>/vote/", views.review_vote, name="review_vote"),
    path("reviews/<int:pk>/report/", views.review_report, name="review_report"),
    path("films/<slug:slug>/reviews/", views.FilmReviewListView.as_view(), name="film_reviews"),
    path("films/<slug:slug>/reviews/new/", views.review_create, name="review_create"),
    path("films/<slug:slug>/rating/", views.rate_film, name="rate_film"),
]
