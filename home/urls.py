from django.urls import path

from home import views

app_name = "home"

urlpatterns = [
    path("", views.index, name="index"),
    path("me/", views.me, name="me"),
    path("healthz", views.healthz, name="healthz"),
]
