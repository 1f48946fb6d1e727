from django.urls import path

from mahalla.documents import views

app_name = "documents"

urlpatterns = [
    # The resident
    path("", views.catalogue, name="catalogue"),
    path("mine/", views.mine, name="mine"),
    path("mine/<str:number>/", views.detail, name="detail"),
    path("mine/<str:number>/answer/", views.answer, name="answer"),
    path("files/<int:pk>/", views.attachment, name="attachment"),
    # Staff
    path("staff/", views.queue, name="queue"),
    path("staff/<str:number>/", views.staff_detail, name="staff_detail"),
    path("staff/<str:number>/<str:action>/", views.staff_action, name="staff_action"),
    # A service's form (codes never take the words above: see models.RESERVED_CODES)
    path("<slug:code>/apply/", views.apply, name="apply"),
]
