from django.urls import path

from assignments import views

app_name = "assignments"

urlpatterns = [
    path("assignments/", views.roster, name="roster"),
    *[
        path(f"assignments/{action}/", views.posting_workflow, {"action": action}, name=action)
        for action in views.WORKFLOWS
    ],
]
