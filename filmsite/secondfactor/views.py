"""Staff's second-factor pages: enrolling an authenticator app, proving a code, recovery
codes, and replacing the app (which takes a code from it, or a recovery code)."""

from collections.abc import Callable
from functools import wraps

import django_otp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.models import Device

from filmsite import ratelimit
from filmsite.members import MemberRequest
from filmsite.redirects import redirect_to_next, safe_next

from . import services
from .forms import CodeForm
from .middleware import second_factor_exempt

# The secret an enrolment shows, until a code from the app confirms it.
PENDING_SECRET = "secondfactor_pending_secret"
# Recovery codes just made, shown once by the next page and forgotten.
FRESH_CODES = "secondfactor_fresh_codes"

WRONG_CODE = (
    "That code did not work. Enter the code your authenticator app shows now (each code "
    "works once), or one of your recovery codes."
)
WRONG_SETUP_CODE = (
    "That code did not work. Check that your phone sets its clock automatically, then enter "
    "the 6-digit code the app shows now."
)
NOT_STAFF = "Two-factor sign-in is for staff accounts."

MemberView = Callable[[MemberRequest], HttpResponse]


def staff_only(view: MemberView) -> MemberView:
    """Signed-in staff only (those who can reach the admin): members have no second factor."""

    @wraps(view)
    def staff_view(request: MemberRequest) -> HttpResponse:
        if not services.needs_second_factor(request.user):
            raise PermissionDenied(NOT_STAFF)
        return view(request)

    return login_required(staff_view)


def throttled_message(seconds: int) -> str:
    wait = f"{seconds} second{pluralize(seconds)}"
    return f"Too many wrong codes in a row. Wait {wait}, then try again."


def _with_next(url: str, next_path: str) -> str:
    return f"{url}?{urlencode({'next': next_path})}" if next_path else url


def _checked_code(request: MemberRequest, form: CodeForm) -> services.Verified | None:
    """The device that took the form's code, or None with the form's error said.

    Each code tried counts against the second-factor limit (filmsite.ratelimit), and is taken
    back when it works; the devices' own throttling backs off after wrong ones too.
    """
    if not form.is_valid():
        return None
    counts = ratelimit.hit(ratelimit.SECOND_FACTOR, request)
    try:
        verified = services.verify(user=request.user, code=form.cleaned_data["code"])
    except services.WrongCode:
        form.add_error("code", WRONG_CODE)
        return None
    except services.Throttled as throttled:
        form.add_error("code", throttled_message(throttled.retry_after))
        return None
    ratelimit.take_back(counts)
    return verified


def _prove(request: MemberRequest, device: Device) -> None:
    # A new session key for the session that gained the factor, as log-in gives one.
    request.session.cycle_key()
    django_otp.login(request, device)


@never_cache
@second_factor_exempt
@staff_only
@require_http_methods(["GET", "POST"])
def verify(request: MemberRequest) -> HttpResponse:
    """The step after the password: a code from the app, or a recovery code."""
    next_path = safe_next(request)
    if services.is_verified(request.user):
        return redirect_to_next(request, "admin:index")
    if services.authenticator_of(request.user) is None:
        return redirect(_with_next(reverse("secondfactor:set_up"), next_path))
    recovery = request.GET.get("with") == "recovery"
    form = CodeForm(request.POST or None, recovery=recovery)
    if request.method == "POST" and (verified := _checked_code(request, form)):
        _prove(request, verified.device)
        if verified.used_recovery_code:
            left = services.recovery_codes_left(request.user)
            messages.warning(
                request,
                f"You signed in with a recovery code, which now no longer works. You have "
                f"{left} left: make new ones from your two-factor page if you are running out.",
            )
        return redirect_to_next(request, "admin:index")
    return render(
        request,
        "secondfactor/verify.html",
        {"form": form, "next": next_path, "recovery": recovery},
    )


@never_cache
@second_factor_exempt
@staff_only
@require_http_methods(["GET", "POST"])
def set_up(request: MemberRequest) -> HttpResponse:
    """Enrol an authenticator app: its secret as a QR code and as text, confirmed by a code."""
    next_path = safe_next(request)
    if services.authenticator_of(request.user) is not None:
        # Replacing an enrolled app takes a code (the two-factor page): a password is not enough.
        if services.is_verified(request.user):
            return redirect("secondfactor:manage")
        return redirect(_with_next(reverse("secondfactor:verify"), next_path))
    secret = request.session.get(PENDING_SECRET) or services.new_secret()
    request.session[PENDING_SECRET] = secret
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            code = form.cleaned_data["code"]
            device = services.enrol(user=request.user, secret=secret, code=code)
        except services.WrongCode:
            form.add_error("code", WRONG_SETUP_CODE)
        else:
            del request.session[PENDING_SECRET]
            codes = services.make_recovery_codes(request.user)
            _prove(request, device)
            request.session[FRESH_CODES] = codes
            messages.success(
                request,
                "Two-factor sign-in is on. Save your recovery codes now: this is the only "
                "time they are shown.",
            )
            return redirect(_with_next(reverse("secondfactor:recovery_codes"), next_path))
    uri = services.setup_uri(request.user, secret)
    return render(
        request,
        "secondfactor/set_up.html",
        {
            "form": form,
            "next": next_path,
            "secret": services.grouped_base32(secret),
            "setup_uri": uri,
            "qr_code": services.qr_code_data_uri(uri),
        },
    )


@never_cache
@staff_only
@require_http_methods(["GET", "POST"])
def recovery_codes(request: MemberRequest) -> HttpResponse:
    """New recovery codes, shown once; making new ones takes a code and ends the old ones."""
    if request.method == "POST":
        form = CodeForm(request.POST, prefix="codes")
        if _checked_code(request, form):
            request.session[FRESH_CODES] = services.make_recovery_codes(request.user)
            messages.success(request, "New recovery codes made: the old ones no longer work.")
            return redirect("secondfactor:recovery_codes")
        return _manage_page(request, codes_form=form)
    codes = request.session.pop(FRESH_CODES, None)
    if codes is None:
        return redirect("secondfactor:manage")
    return render(
        request,
        "secondfactor/recovery_codes.html",
        {
            "codes": [services.grouped_recovery_code(code) for code in codes],
            "next": safe_next(request),
        },
    )


@never_cache
@staff_only
@require_http_methods(["GET"])
def manage(request: MemberRequest) -> HttpResponse:
    """The staff member's two-factor page: their app, their recovery codes left."""
    return _manage_page(request)


def _manage_page(
    request: MemberRequest, codes_form: CodeForm | None = None, replace_form: CodeForm | None = None
) -> HttpResponse:
    return render(
        request,
        "secondfactor/manage.html",
        {
            "authenticator": services.authenticator_of(request.user),
            "codes_left": services.recovery_codes_left(request.user),
            "codes_form": codes_form or CodeForm(prefix="codes"),
            "replace_form": replace_form or CodeForm(prefix="replace"),
        },
    )


@staff_only
@require_POST
def replace_authenticator(request: MemberRequest) -> HttpResponse:
    """Remove the app, with a code from it (or a recovery code), to enrol another."""
    form = CodeForm(request.POST, prefix="replace")
    if not _checked_code(request, form):
        return _manage_page(request, replace_form=form)
    services.forget_authenticator(request.user)
    # This session proved the factor with the app just removed (or a recovery code): it
    # enrols the new app before anything else.
    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    messages.info(request, "Your authenticator app is removed. Set up the new one now.")
    return redirect("secondfactor:set_up")
