"""Sessions read from the cache and written to the database only when something changed or
a minute has passed: an idle timeout that costs no query on most requests.

The database row keeps a session across a cache restart; the cache copy answers every
request. `TOUCHED` records when the user was last seen by a save, so the timeout holds for
the cached copy too (its time-to-live is set by the clock of the machine, not the app's).
"""

import time

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

TOUCHED = "_touched"  # epoch seconds of the user's last request the session was saved on
TOUCH_INTERVAL = 60  # seconds: the timeout is exact to within this


class SessionStore(CachedDBStore):
    def load(self):
        data = super().load()
        if data and time.time() - data.get(TOUCHED, time.time()) > settings.SESSION_COOKIE_AGE:
            self._session_key = None  # ended by the idle timeout: a new session starts
            return {}
        return data


def touch_on_login(sender, request, user, **kwargs) -> None:
    """Log-in saves the session anyway: it starts the idle clock, not the first page."""
    if request is not None and hasattr(request, "session"):
        touch(request.session)


def touch(session) -> None:
    """Push the session's end on (at most once per TOUCH_INTERVAL): the user did something."""
    if session.is_empty():
        return
    now = time.time()
    if now - session.get(TOUCHED, 0) >= TOUCH_INTERVAL:
        session[TOUCHED] = now
