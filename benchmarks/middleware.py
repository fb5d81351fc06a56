import threading
import time

from django.db import connection
from django.template.backends.django import Template

_spent = threading.local()


def _timed_render(render):
    """Template.render, its time added to the request's (the outermost render only, and less
    the SQL a lazy queryset ran inside it, which the SQL figure counts)."""

    def timed(self, *args, **kwargs):
        if getattr(_spent, "rendering", True):  # nested, or outside a timed request
            return render(self, *args, **kwargs)
        _spent.rendering = True
        sql_before, started = _spent.sql, time.perf_counter()
        try:
            return render(self, *args, **kwargs)
        finally:
            _spent.rendering = False
            _spent.template += time.perf_counter() - started - (_spent.sql - sql_before)

    timed.timed = True
    return timed


class QueryCount:
    """X-Queries: the SQL statements the request ran, sessions and log-in included; X-SQL-ms:
    their time, sent and run (psycopg receives a statement's rows with it; turning them into
    Python values comes later, when they are read, and counts where they are read);
    X-Template-ms: the time spent rendering templates, less the SQL run inside them. The rest
    of a page's time is its Python: the framework around it, forms and filters, the ORM
    building queries and making rows into models."""

    def __init__(self, get_response):
        self.get_response = get_response
        if not getattr(Template.render, "timed", False):  # once per process
            Template.render = _timed_render(Template.render)

    def __call__(self, request):
        count = 0
        _spent.sql, _spent.template, _spent.rendering = 0.0, 0.0, False

        def counted(execute, sql, params, many, context):
            nonlocal count
            count += 1
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                _spent.sql += time.perf_counter() - started

        try:
            with connection.execute_wrapper(counted):
                response = self.get_response(request)
        finally:
            _spent.rendering = True
        response["X-Queries"] = str(count)
        response["X-SQL-ms"] = f"{_spent.sql * 1000:.2f}"
        response["X-Template-ms"] = f"{_spent.template * 1000:.2f}"
        return response
