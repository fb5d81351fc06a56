from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from accounts.roles import Role
from projects.selectors import project_counts_by_district


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


class HomeView(LoginRequiredMixin, TemplateView):
    """Each role lands on its own home page, showing what it works on."""

    TEMPLATES = {
        Role.DISTRICT_OFFICIAL: "home/district_official.html",
        Role.CITY_STAFF: "home/city_staff.html",
        Role.BUREAU_LEADER: "home/city_staff.html",
        Role.LEADER: "home/leader.html",
        Role.ADMIN: "home/admin.html",
    }

    def get_template_names(self):
        return [self.TEMPLATES.get(self.request.user.role, "home/no_role.html")]

    def get_context_data(self, **kwargs):
        districts = list(project_counts_by_district(user=self.request.user))
        return super().get_context_data(
            districts=districts,
            project_total=sum(d.project_count for d in districts),
            role_label=Role(self.request.user.role).label if self.request.user.role else None,
            districts_chart={
                "names": [d.name for d in districts],
                "values": [d.project_count for d in districts],
                "series_name": _("Projects"),
            },
            **kwargs,
        )
