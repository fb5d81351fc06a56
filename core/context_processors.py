"""What every page's frame shows: the number of unread notifications beside the bell."""

from core.models import Notification


def unread_notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or request.headers.get("HX-Request"):
        return {}  # a part loaded into a page has no frame to show the count in
    return {"unread_notifications": Notification.objects.for_user(user).unread().count()}
