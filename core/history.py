"""History of domain data: one decorator per model, kept by database triggers.

    @tracked()
    class Project(models.Model): ...

Triggers also catch bulk_create() and update(), which imports use. They are statement-level
triggers: one INSERT … SELECT from the transition table per statement, so a 10,000-row import
attaches its context once instead of once per row. The acting user and URL come from
pghistory's middleware (DRF's authenticated user included) or `pghistory.context`.
"""

import pghistory


def tracked(**kwargs):
    """Record every insert, update and delete of the decorated model with who and when."""
    return pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        level=pghistory.Statement,
        **kwargs,
    )
