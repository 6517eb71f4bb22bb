from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .tokens import find_token


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer dz_...`: the token's user, with the role and zones they have."""

    keyword = "Bearer"

    def authenticate(self, request):
        # Read as text: DRF's helper fails on a header that is not Latin-1.
        header = request.META.get("HTTP_AUTHORIZATION", "").split()
        if not header or header[0].lower() not in ("bearer", "token"):
            return None
        if len(header) != 2 or not header[1].isascii():
            raise exceptions.AuthenticationFailed(_("令牌格式错误"))
        token = find_token(header[1])
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("令牌无效、已过期或已撤销"))
        return token.user, token

    def authenticate_header(self, request):
        # An unauthenticated request answers 401 with this challenge, not 403.
        return self.keyword


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = TokenAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "dz_... token from the 接口令牌 page"}
