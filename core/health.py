"""`/healthz` and the heartbeat task that proves beat and the worker are alive.

Beat sends `heartbeat` every HEARTBEAT_SECONDS; the worker that runs it stamps the time in
Redis. A fresh stamp therefore shows beat ticking *and* a worker consuming the queue; the
worker is also pinged directly so a dead worker is named as such.
"""

from datetime import datetime, timedelta

from celery import current_app, shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

HEARTBEAT_KEY = "health:heartbeat"


@shared_task(name="core.health.heartbeat", ignore_result=True)
def heartbeat() -> None:
    cache.set(HEARTBEAT_KEY, timezone.now().isoformat(), timeout=None)


def _check(probe) -> dict:
    try:
        return probe()
    except Exception as exc:  # a health check reports failures, it never raises them
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}


def _database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True}


def _broker() -> dict:
    with current_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, timeout=1)
    return {"ok": True}


def _worker() -> dict:
    replies = current_app.control.ping(timeout=1.0) or []
    return {"ok": bool(replies), "workers": len(replies)}


def _may_see_details(request) -> bool:
    """Details name internal hosts and errors: for staff, or a probe on this machine itself
    (a container health check), never for anyone else — a request through the proxy is not
    local even though the proxy is."""
    if getattr(request, "user", None) is not None and request.user.is_staff:
        return True
    direct = not request.META.get("HTTP_X_FORWARDED_FOR") and not request.META.get("HTTP_X_REAL_IP")
    return direct and request.META.get("REMOTE_ADDR") in ("127.0.0.1", "::1")


def _beat() -> dict:
    stamp = cache.get(HEARTBEAT_KEY)
    if not stamp:
        return {"ok": False, "last_tick": None}
    last_tick = datetime.fromisoformat(stamp)
    fresh = timezone.now() - last_tick <= timedelta(seconds=3 * settings.HEARTBEAT_SECONDS)
    return {"ok": fresh, "last_tick": last_tick.isoformat()}


@never_cache
def healthz(request):
    """The status of every part, answered within a few seconds even when Redis is down."""
    broker = _check(_broker)
    checks = {
        "database": _check(_database),
        "broker": broker,
        # Without a broker there is no worker to ask; asking would only wait.
        "worker": _check(_worker) if broker["ok"] else {"ok": False},
        "beat": _check(_beat) if broker["ok"] else {"ok": False},
    }
    healthy = all(check["ok"] for check in checks.values())
    body = {"status": "ok" if healthy else "error"}
    if _may_see_details(request):
        body.update(checks)
    return JsonResponse(body, status=200 if healthy else 503)
