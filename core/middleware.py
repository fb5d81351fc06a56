"""Sessions that end after SESSION_IDLE_MINUTES without the user doing anything."""

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.shortcuts import resolve_url

from core.sessions import touch

BACKGROUND_HEADER = "X-Background-Refresh"


class IdleSessionMiddleware(SessionMiddleware):
    """Every request of the user pushes the session's end on (saved at most once a minute,
    see core.sessions); a page refreshing itself in the background (htmx polling, sent
    with BACKGROUND_HEADER) is not the user, so it neither saves nor extends the session —
    a report list left open no longer keeps a session alive past its idle timeout. When the
    session has ended, such a refresh sends the whole page to the log-in page instead of
    swapping it into a fragment."""

    def process_response(self, request, response):
        if not request.headers.get(BACKGROUND_HEADER):
            touch(request.session)
            return super().process_response(request, response)
        login = resolve_url(settings.LOGIN_URL)
        if response.status_code == 302 and response.url.startswith(login):
            redirect = HttpResponse(status=204)
            redirect["HX-Redirect"] = response.url
            return redirect
        return response
