"""django-otp's device admins are taken out: they would show secrets and recovery codes, and
let staff remove their own second factor without a code. Staff manage theirs from their
two-factor page; superusers reset another's from the user list (filmsite/accounts/admin.py)."""

from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)
