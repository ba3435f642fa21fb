"""Staff sessions end after 30 idle minutes and 12 hours after log-in (OWASP ASVS 3.3.2).

Only accounts holding staff powers (staff, and superusers even when not marked staff) get the
short sessions; readers keep Django's long ones (SESSION_COOKIE_AGE). Past either limit the
staff member is logged out and sent to log in.

The last activity is stamped at most once a minute (LAST_SEEN_STEP): stamping every request
wrote the session row, and committed, on every admin page, a tenth of a change list's time.
The idle limit is counted from the stamp, so a session ends within the minute before its 30
idle minutes are up, never after.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from filmsite.secondfactor import services as second_factor

LOGGED_IN_AT = "staff_logged_in_at"
LAST_SEEN_AT = "staff_last_seen_at"
LAST_SEEN_STEP = 60  # seconds


class StaffSessionMiddleware:
    """Keeps each staff session's log-in time and last activity, and ends it past a limit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Staff, and superusers not marked staff: whoever holds staff powers (and so proves a
        # second factor) has the short session.
        if second_factor.needs_second_factor(request.user):
            now = int(time.time())
            session = request.session
            # The first staff request of a session stamps it: the one right after log-in.
            logged_in_at = session.setdefault(LOGGED_IN_AT, now)
            idle = now - session.get(LAST_SEEN_AT, now)
            if (
                idle >= settings.STAFF_SESSION_IDLE_TIMEOUT
                or now - logged_in_at >= settings.STAFF_SESSION_MAX_AGE
            ):
                logout(request)
                messages.info(request, "Your staff session has ended. Please log in again.")
                return redirect_to_login(request.get_full_path())
            if LAST_SEEN_AT not in session or idle >= LAST_SEEN_STEP:
                session[LAST_SEEN_AT] = now
                # The stored session and its cookie expire with the idle limit too.
                session.set_expiry(settings.STAFF_SESSION_IDLE_TIMEOUT)
        return self.get_response(request)
