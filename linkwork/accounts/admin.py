from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from linkwork.core.context import Actor

from .api_auth import api_token_revoke
from .models import ApiToken, Membership, Organisation, SignInEvent, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "last_login"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "ods_code", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "ods_code"]
    autocomplete_fields = ["parent"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued with `manage.py create_api_token` (the secret is shown once); here they are revoked."""

    list_display = ["name", "key_prefix", "membership", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    readonly_fields = ["membership", "name", "key_prefix", "created_at", "last_used_at", "revoked_at"]
    exclude = ["key_hash"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        actor = Actor(user=request.user, organisation=None, role="administrator")
        revoked = [
            api_token_revoke(by=actor, token=token) for token in queryset.filter(revoked_at__isnull=True)
        ]
        self.message_user(request, f"Revoked {len(revoked)} token(s). Systems using them now get 401.")


@admin.register(SignInEvent)
class SignInEventAdmin(admin.ModelAdmin):
    """Who signed in, failed, was locked out or signed out, and from which address: read only."""

    list_display = ["occurred_at", "actor_label", "action", "outcome", "client_address"]
    list_filter = ["action", "outcome"]
    search_fields = ["actor_label", "client_address"]
    fields = ["occurred_at", "actor_label", "action", "outcome", "client_address", "details", "request_id"]
    readonly_fields = fields

    def get_queryset(self, request):
        return SignInEvent.objects.sign_ins()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
