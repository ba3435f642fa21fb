"""Public catalog pages: the list of films and each film's page."""

from django.views.generic import DetailView, ListView

from .models import Film


class FilmListView(ListView):
    queryset = Film.objects.published().only("title", "slug", "year", "certificate")
    paginate_by = 50
    template_name = "catalog/film_list.html"
    context_object_name = "films"


class FilmDetailView(DetailView):
    template_name = "catalog/film_detail.html"
    context_object_name = "film"

    def get_queryset(self):
        return Film.objects.visible_to(self.request.user).for_detail_page()
