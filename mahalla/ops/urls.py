from django.urls import path

from mahalla.ops import views

app_name = "ops"

urlpatterns = [
    path("tasks/failed/", views.failed_tasks, name="failed_tasks"),
    path("tasks/failed/<str:result_id>/rerun/", views.rerun_task, name="rerun_task"),
]
