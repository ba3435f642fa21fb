"""Public review pages."""

from django.views.generic import DetailView

from .models import Review


class ReviewDetailView(DetailView):
    """A review's permalink, with its whole text: where "View More" leads without JavaScript."""

    queryset = Review.objects.for_detail_page()
    template_name = "reviews/review_detail.html"
    context_object_name = "review"
