from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Scope"), {"fields": ("scope_region", "organisation", "phone")}),
    )
    list_display = [
        "username",
        "first_name",
        "organisation",
        "scope_region",
        "is_active",
        "last_login",
    ]
    list_filter = ["groups", "is_active", "scope_region"]
    list_select_related = ["scope_region"]
    autocomplete_fields = ["scope_region"]
