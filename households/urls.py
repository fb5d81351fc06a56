from django.urls import path

from households import views

app_name = "households"

urlpatterns = [
    path("", views.household_list, name="list"),
    path("new/", views.household_create, name="create"),
    path("progress/", views.household_batch_progress, name="batch_progress"),
    path("export-full-ids/", views.household_export_full_ids, name="export_full_ids"),
    path("import/", views.roster_import, name="import"),
    path("import/template.xlsx", views.roster_template, name="import_template"),
    path("search-id/", views.household_id_search, name="id_search"),
    path("reveal-log/", views.reveal_log, name="reveal_log"),
    path("duplicates/", views.duplicate_ids, name="duplicates"),
    path("<int:pk>/", views.household_detail, name="detail"),
    path("<int:pk>/edit/", views.household_update, name="update"),
    path("<int:pk>/progress/", views.household_progress, name="progress"),
    path("<int:pk>/members/", views.member_add, name="member_add"),
    path("<int:pk>/reveal/", views.household_reveal, name="reveal"),
]
