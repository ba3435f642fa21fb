"""Staff's second factor, beside the member's own account pages (/account/)."""

from django.urls import path

from . import views

app_name = "secondfactor"

urlpatterns = [
    path("account/two-factor/", views.manage, name="manage"),
    path("account/two-factor/set-up/", views.set_up, name="set_up"),
    path("account/two-factor/verify/", views.verify, name="verify"),
    path("account/two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("account/two-factor/replace/", views.replace_authenticator, name="replace"),
]
