from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("generate/", views.report_request, name="request"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/file/", views.report_file, name="file"),
    path("<int:pk>/publish/", views.report_publish, name="publish"),
    path("<int:pk>/records/<slug:figure>/", views.report_records, name="city_records"),
    path(
        "<int:pk>/records/<slug:district_code>/<slug:figure>/", views.report_records, name="records"
    ),
    path("daily/<str:day>/records/<slug:figure>/", views.daily_records, name="daily_records"),
    path(
        "plan/<int:year>/behind-deadline/",
        views.behind_deadline_records,
        name="behind_deadline_records",
    ),
]
