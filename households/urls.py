from django.urls import path

from households.views import exports, households, ids, imports

app_name = "households"

urlpatterns = [
    path("", households.household_list, name="list"),
    path("new/", households.household_create, name="create"),
    path("progress/", households.household_batch_progress, name="batch_progress"),
    path("export-full-ids/", ids.household_export_full_ids, name="export_full_ids"),
    path("exports/<int:pk>/", exports.roster_export_detail, name="export"),
    path("exports/<int:pk>/file/", exports.roster_export_file, name="export_file"),
    path("import/", imports.roster_import, name="import"),
    path("import/template.xlsx", imports.roster_template, name="import_template"),
    path("search-id/", ids.household_id_search, name="id_search"),
    path("reveal-log/", ids.reveal_log, name="reveal_log"),
    path("duplicates/", ids.duplicate_ids, name="duplicates"),
    path(
        "project/<int:project_pk>/progress/", households.project_progress, name="project_progress"
    ),
    path("<int:pk>/", households.household_detail, name="detail"),
    path("<int:pk>/edit/", households.household_update, name="update"),
    path("<int:pk>/progress/", households.household_progress, name="progress"),
    path("<int:pk>/members/", households.member_add, name="member_add"),
    path("<int:pk>/reveal/", ids.household_reveal, name="reveal"),
]
