from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from knox.views import LoginView as KnoxLoginView
from knox.views import LogoutView as KnoxLogoutView
from rest_framework import serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from accounts.models import User

_LOCKED_OUT = _(
    "Too many wrong passwords. This account is locked for 30 minutes; try again later or ask "
    "the administrator to unlock it."
)


class TokenRequestSerializer(AuthTokenSerializer):
    """DRF's, its user name held to the length a user name has (a longer one stopped the
    lock-out log with an error)."""

    username = serializers.CharField(
        label=_("Username"), write_only=True, max_length=User.username.field.max_length
    )


class TokenLoginView(KnoxLoginView):
    """POST {"username", "password"} → {"token", "expiry"}; failures count towards lock-out."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=TokenRequestSerializer,
        responses=inline_serializer(
            "TokenResponse",
            {"token": serializers.CharField(), "expiry": serializers.DateTimeField()},
        ),
        summary=_("Obtain an expiring API token"),
        description=_(
            "Send the user name and password; the token expires. Wrong passwords count "
            "towards the log-in lock-out."
        ),
        tags=[_("Authentication")],
    )
    def post(self, request, format=None):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        valid = serializer.is_valid()
        if getattr(request, "axes_locked_out", False):
            return Response({"detail": _LOCKED_OUT}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        if not valid:
            raise ValidationError(serializer.errors)  # told as every API error is
        request.user = serializer.validated_data["user"]
        return super().post(request, format=format)


class TokenLogoutView(KnoxLogoutView):
    """POST with the token to end it at once."""

    @extend_schema(
        request=None,
        responses={204: None},
        summary=_("Revoke the API token in use"),
        description=_("Ends the token this request carries, at once."),
        tags=[_("Authentication")],
    )
    def post(self, request, format=None):
        return super().post(request, format=format)
