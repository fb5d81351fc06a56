"""The system's settings with what the page benchmark needs: an empty logged-in page (the
floor every page stands on) and each response's query count in a header."""

from config.settings import *  # noqa: F403
from config.settings import MIDDLEWARE

ROOT_URLCONF = "benchmarks.urls"
MIDDLEWARE = ["benchmarks.middleware.QueryCount", *MIDDLEWARE]
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
