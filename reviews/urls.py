from django.urls import path

from catalog.views import film_page_version
from filmsite.lists.queries import drop_empty_parameters
from filmsite.pagecache.pages import cached_page

from . import feeds, views
from .filters import ReviewFilter

app_name = "reviews"

urlpatterns = [
    path(
        "reviews/<int:pk>/",
        cached_page("review", views.review_page_version)(views.ReviewDetailView.as_view()),
        name="review_detail",
    ),
    path("reviews/<int:pk>/edit/", views.review_update, name="review_update"),
    path("reviews/<int:pk>/delete/", views.review_delete, name="review_delete"),
    path("reviews/<int:pk>/vote/", views.review_vote, name="review_vote"),
    path("reviews/<int:pk>/report/", views.review_report, name="review_report"),
    path("reviews/<int:pk>/appeal/", views.review_appeal, name="review_appeal"),
    path(
        "films/<uslug:slug>/reviews/",
        # `after` and `before`: the keyset pagination's cursors.
        drop_empty_parameters(
            cached_page(
                "film_reviews",
                film_page_version,
                query=[*ReviewFilter.base_filters, "after", "before"],
            )(views.FilmReviewListView.as_view())
        ),
        name="film_reviews",
    ),
    path("films/<uslug:slug>/reviews/new/", views.review_create, name="review_create"),
    path("reviews/latest.rss", feeds.LatestReviewsFeed(), name="latest_reviews_feed"),
    path("reviews/latest.atom", feeds.LatestReviewsAtomFeed(), name="latest_reviews_atom"),
    path("films/<uslug:slug>/reviews.rss", feeds.FilmReviewsFeed(), name="film_reviews_feed"),
    path("films/<uslug:slug>/reviews.atom", feeds.FilmReviewsAtomFeed(), name="film_reviews_atom"),
    path(
        "users/<username:username>/reviews.rss",
        feeds.MemberReviewsFeed(),
        name="member_reviews_feed",
    ),
    path(
        "users/<username:username>/reviews.atom",
        feeds.MemberReviewsAtomFeed(),
        name="member_reviews_atom",
    ),
    path("films/<uslug:slug>/rating/", views.rate_film, name="rate_film"),
]
