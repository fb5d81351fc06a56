"""History of domain data: one decorator per model, kept by database triggers.

    @tracked()
    class Project(models.Model): ...

Triggers also catch bulk_create() and update(), which imports use. The acting user and URL
come from pghistory's middleware (DRF's authenticated user included) or `pghistory.context`.
"""

import pghistory


def tracked(**kwargs):
    """Record every insert, update and delete of the decorated model with who and when."""
    return pghistory.track(
        pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), **kwargs
    )
