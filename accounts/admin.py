from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.utils.translation import gettext_lazy as _

from accounts.areas import KEEP_TO_AREA
from accounts.models import User

AREA_ROLE_NEEDS_AREA = _(
    "An area role needs an area: without one the account sees nothing. "
    "Enter the codes of its kecamatan or kelurahan."
)


class FaskelUserChangeForm(UserChangeForm):
    def clean(self):
        data = super().clean()
        app_label, codename = KEEP_TO_AREA.split(".")
        groups = data.get("groups")
        if (
            groups is not None
            and not data.get("area")
            and groups.filter(
                permissions__content_type__app_label=app_label, permissions__codename=codename
            ).exists()
        ):
            self.add_error("area", AREA_ROLE_NEEDS_AREA)
        return data


class LimitedToAreaFilter(admin.SimpleListFilter):
    title = _("area")
    parameter_name = "area"

    def lookups(self, request, model_admin):
        return [("whole", _("Whole register")), ("limited", _("Limited to an area"))]

    def queryset(self, request, queryset):
        if self.value() == "whole":
            return queryset.filter(area="")
        if self.value() == "limited":
            return queryset.exclude(area="")
        return queryset


@admin.register(User)
class FaskelUserAdmin(UserAdmin):
    form = FaskelUserChangeForm
    list_display = [
        "username",
        "first_name",
        "last_name",
        "area",
        "is_active",
        "is_staff",
        "last_login",
    ]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups", LimitedToAreaFilter]
    # The area sits with the roles: together they say what the account sees.
    search_fields = [*UserAdmin.search_fields, "nip"]
    fieldsets = [
        UserAdmin.fieldsets[0],
        # The NIP is printed under the full name where the person signs a document.
        (_("Personal info"), {"fields": ["first_name", "last_name", "nip", "email"]}),
        (
            _("Role and area"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "area"]},
        ),
        (_("Extra permissions"), {"fields": ["user_permissions"], "classes": ["collapse"]}),
        UserAdmin.fieldsets[3],
    ]
