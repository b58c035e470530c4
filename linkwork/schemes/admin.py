from django.contrib import admin

from .models import Scheme


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    """Read only: schemes are changed on Linkwork's scheme pages, where each change is checked against
    the scheme's open referrals and cases, versioned and audited (ADR 0022)."""

    list_display = ["name", "preset", "commissioner", "is_active", "version"]
    list_filter = ["preset", "is_active"]
    search_fields = ["name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
