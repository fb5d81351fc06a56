"""What the API documentation says of each operation: a summary and a description in the
reader's language, under a tag per resource — never a class docstring meant for developers."""

from drf_spectacular.utils import extend_schema, extend_schema_view


def documented(tag, **operations):
    """Document a viewset: `operations` maps an action (list, create, a custom action …) to
    its (summary, description)."""
    return extend_schema_view(
        **{
            action: extend_schema(summary=summary, description=description, tags=[tag])
            for action, (summary, description) in operations.items()
        }
    )
