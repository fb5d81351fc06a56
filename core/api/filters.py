"""The API's list filters beyond django-filter's FilterSets."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

from core.filtering import with_tie_break


class CheckedOrderingFilter(OrderingFilter):
    """`?ordering=` naming a field the list does not sort by is refused with the fields it
    does sort by, as the project list's FilterSet refuses it: DRF's own filter ignored it,
    and the caller read the default order as the one asked for. The order asked for is made
    total by the id, or rows equal in it were lost and repeated across pages.

    A list sorts by the names its records carry in JSON: `ordering_sources` maps one to its
    model field where they differ ({"date": "paid_on"})."""

    def get_ordering(self, request, queryset, view):
        asked = request.query_params.get(self.ordering_param, "")
        names = [name.strip() for name in asked.split(",") if name.strip()]
        if names:
            valid = [name for name, _label in self.get_valid_fields(queryset, view, {})]
            unknown = [name for name in names if name.removeprefix("-") not in valid]
            if unknown and not valid:
                raise ValidationError({self.ordering_param: [_("This list is sorted by id only.")]})
            if unknown:
                raise ValidationError(
                    {
                        self.ordering_param: [
                            _("Cannot sort by %(asked)s: sort by one of %(valid)s.")
                            % {
                                "asked": "、".join(n[:40] for n in unknown),
                                "valid": "、".join(valid),
                            }
                        ]
                    }
                )
        ordering = super().get_ordering(request, queryset, view)
        if not ordering:
            return ordering
        sources = getattr(view, "ordering_sources", {})
        return with_tie_break(_sourced(name, sources) for name in ordering)


def _sourced(name: str, sources: dict) -> str:
    """An ordering term with its field named as the model names it ("-date" → "-paid_on")."""
    field = name.removeprefix("-")
    return name.removesuffix(field) + sources.get(field, field)
