"""The in-app inbox: every user's notifications (filing reminders, notices to answer)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from core import services
from core.models import Notification
from core.views import AnyPageNumberMixin


class InboxView(LoginRequiredMixin, AnyPageNumberMixin, ListView):
    template_name = "core/inbox.html"
    context_object_name = "notifications"
    paginate_by = 30

    def get_queryset(self):
        return Notification.objects.for_user(self.request.user).order_by("-created_at", "-id")


@login_required
def notification_open(request, pk):
    """Mark one's own notification read and go where it points (the inbox when nowhere)."""
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    services.notifications_mark_read(user=request.user, ids=[notification.pk])
    return redirect(notification.link or "core:inbox")


@require_POST
@login_required
def notifications_read_all(request):
    count = services.notifications_mark_read(user=request.user)
    messages.success(request, _("%(count)d notifications marked read.") % {"count": count})
    return redirect("core:inbox")
