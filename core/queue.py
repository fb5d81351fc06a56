"""Sending work to the Celery worker from a page: at once, or a clear refusal at once."""

from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError


class QueueUnavailable(Exception):
    """The broker (Redis) cannot be reached: the work was not queued."""

    def __init__(self):
        super().__init__(
            _(
                "The background task service cannot be reached right now; nothing was started. "
                "Try again in a few minutes, or tell the administrator if it keeps happening."
            )
        )
        self.message = str(self.args[0])


def enqueue(task, *args) -> None:
    """Queue `task(*args)` for the worker. Pages never wait for its result, so none is
    subscribed to, and a broker that is down is reported at once instead of retried for
    tens of seconds (QueueUnavailable)."""
    try:
        with task.app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, timeout=2)
            task.apply_async(args=args, connection=connection, ignore_result=True, retry=False)
    except (OperationalError, RedisError, OSError):
        raise QueueUnavailable from None
