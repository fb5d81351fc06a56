from django.urls import path

from core.views import notifications

app_name = "core"

urlpatterns = [
    path("", notifications.InboxView.as_view(), name="inbox"),
    path("<int:pk>/", notifications.notification_open, name="notification_open"),
    path("read/", notifications.notifications_read_all, name="notifications_read_all"),
]
