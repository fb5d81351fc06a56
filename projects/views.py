from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, UpdateView
from django_filters.views import FilterView

from accounts.scoping import ScopedQuerysetMixin
from projects import services
from projects.filtersets import ProjectFilterSet
from projects.forms import ProjectForm
from projects.models import Project


class ProjectListView(LoginRequiredMixin, PermissionRequiredMixin, ScopedQuerysetMixin, FilterView):
    model = Project
    permission_required = "projects.view_project"
    filterset_class = ProjectFilterSet
    paginate_by = 50
    template_name = "projects/project_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("district", "street")


class ProjectDetailView(LoginRequiredMixin, PermissionRequiredMixin, ScopedQuerysetMixin, DetailView):
    model = Project
    permission_required = "projects.view_project"
    template_name = "projects/project_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("district", "street")


class ProjectFormMixin(LoginRequiredMixin, PermissionRequiredMixin, ScopedQuerysetMixin):
    model = Project
    form_class = ProjectForm
    template_name = "projects/project_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class ProjectCreateView(ProjectFormMixin, CreateView):
    permission_required = "projects.add_project"

    def form_valid(self, form):
        project = services.project_create(**form.cleaned_data)
        messages.success(self.request, _("Project %(project)s created.") % {"project": project})
        return redirect("projects:detail", pk=project.pk)


class ProjectUpdateView(ProjectFormMixin, UpdateView):
    permission_required = "projects.change_project"

    def form_valid(self, form):
        project = services.project_update(project=self.object, **form.cleaned_data)
        messages.success(self.request, _("Project %(project)s saved.") % {"project": project})
        return redirect("projects:detail", pk=project.pk)
