from django.urls import path

from home import views

app_name = "home"

urlpatterns = [
    path("", views.index, name="index"),
    path("me/", views.me, name="me"),
    path("me/contact/", views.me_contact, name="me-contact"),
    path("healthz", views.healthz, name="healthz"),
]
