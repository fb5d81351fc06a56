from django.contrib.auth.decorators import login_required
from django.urls import path
from django.views.generic import TemplateView

from config.urls import urlpatterns

urlpatterns = [
    # The frame of every page (session, user, menu, notification count) around nothing.
    path("bench/empty/", login_required(TemplateView.as_view(template_name="base.html"))),
    *urlpatterns,
]
