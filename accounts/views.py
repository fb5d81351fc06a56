from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from accounts.roles import Role
from projects.selectors import daily_resumption, project_counts_by_district
from reports.selectors import resumption_trend


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
        # City-wide resumption figures are the same for every role (DESIGN.md §7).
        resumption = daily_resumption(day=timezone.localdate())
        trend = resumption_trend(days=30)
        districts = list(project_counts_by_district(user=self.request.user))
        return super().get_context_data(
            districts=districts,
            project_total=sum(d.project_count for d in districts),
            role_label=Role(self.request.user.role).label if self.request.user.role else None,
            resumption=resumption,
            resumption_chart={
                "districts": [d["name"] for d in resumption["districts"]],
                "rates": [d["resumption_rate"] for d in resumption["districts"]],
                "trend_dates": [period for period, _rate in trend],
                "trend_rates": [rate for _period, rate in trend],
                "rate_label": _("Resumption rate (%)"),
            },
            districts_chart={
                "names": [d.name for d in districts],
                "values": [d.project_count for d in districts],
                "series_name": _("Projects"),
            },
            **kwargs,
        )
