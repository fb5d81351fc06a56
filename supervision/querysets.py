"""Who reads which notices (core.scoping): a district sees what was issued to it."""

from django.db.models import Q

from core.scoping import ScopedQuerySet, UserScope
from projects.querysets import project_scope_q
from supervision.choices import AWAITING_DISTRICT, DISTRICT_VISIBLE


class NoticeQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: UserScope) -> Q:
        """A whole district's people read every notice issued to it; a street's or a
        project's staff read those naming one of their projects. Drafts and notices signed
        off but not yet issued stay in the bureau."""
        from supervision.models import SupervisionNotice

        naming_theirs = SupervisionNotice.projects.through.objects.filter(
            project_scope_q(scope, "project__")
        ).values("supervisionnotice_id")
        return Q(status__in=DISTRICT_VISIBLE) & (
            Q(district_id__in=scope.district_ids) | Q(pk__in=naming_theirs)
        )

    def awaiting_district(self):
        return self.filter(status__in=AWAITING_DISTRICT)

    def overdue(self, today):
        """Open with the district and past the deadline (overdue is derived, never stored)."""
        return self.awaiting_district().filter(deadline__lt=today)


class NoticeChildQuerySet(ScopedQuerySet):
    """Rows hanging on one notice (evidence files): read where the notice is."""

    def scope_filter(self, scope: UserScope) -> Q:
        from supervision.models import SupervisionNotice

        notices = SupervisionNotice.objects.all()
        return Q(notice__in=notices.filter(notices.scope_filter(scope)))
