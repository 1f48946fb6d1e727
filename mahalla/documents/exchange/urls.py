from django.urls import path

from mahalla.documents.exchange import views

app_name = "exchange"

urlpatterns = [
    path("", views.incoming, name="incoming"),
    path("outgoing/", views.outgoing, name="outgoing"),
    path("new/", views.compose, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/files/<int:attachment_id>/", views.attachment, name="attachment"),
]
