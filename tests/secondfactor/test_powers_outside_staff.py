"""Staff powers work on the site's own pages too (deleting others' reviews, drafts), so whoever
holds them proves a second factor: a superuser not marked staff as well, and a member who is
no longer staff holds none of their old group's powers."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from catalog.models import Film
from reviews.models import Review
from tests.factories import FilmFactory, ReviewFactory, UserFactory, staff_member
from tests.logins import log_in_staff
from tests.secondfactor.conftest import password_only

pytestmark = pytest.mark.django_db

VERIFY = "/account/two-factor/verify/"


def test_a_superuser_not_marked_staff_proves_the_second_factor_before_deleting_a_review():
    review = ReviewFactory()
    root = UserFactory(username="root", is_superuser=True, is_staff=False)
    client = password_only(root)
    delete = reverse("reviews:review_delete", args=[review.pk])
    response = client.post(delete)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert Review.objects.filter(pk=review.pk).exists()
    log_in_staff(client, root)
    client.post(delete)
    assert not Review.objects.filter(pk=review.pk).exists()


def test_a_member_no_longer_staff_keeps_none_of_their_groups_powers():
    review = ReviewFactory()
    draft = FilmFactory(status=Film.Status.DRAFT)
    former = staff_member("Moderators", username="former")
    former.user_permissions.add(Permission.objects.get(codename="delete_review"))
    former.groups.add(staff_member("Editors").groups.get())
    former.is_staff = False
    former.save()
    client = password_only(former)
    # A member again: no second factor asked for, and none of the powers it guarded.
    assert client.get(reverse("account")).status_code == 200
    assert client.post(reverse("reviews:review_delete", args=[review.pk])).status_code == 403
    assert Review.objects.filter(pk=review.pk).exists()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert not former.has_perm("reviews.delete_review")


def test_staff_keep_their_groups_powers():
    moderator = staff_member("Moderators")
    moderator.user_permissions.add(Permission.objects.get(codename="delete_review"))
    assert moderator.has_perm("reviews.delete_review")
    assert moderator.has_perm("reviews.moderate_review")
