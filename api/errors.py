"""Every API error as JSON: {code, message (in the request's language), field, errors[, current]}.

Views raise ApiError (or the DRF and Django exceptions) and the handler shapes the body; the
services' own exceptions are mapped where a view calls them (api/views_*.py), so the statuses
stay in one place per kind: 400 bad input, 401/403/404 access and scope, 409 conflict with the
month's state, 412 stale If-Match (with the current state), 423 locked month, 429 throttled.
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.middleware import DATABASE_ERRORS

logger = logging.getLogger(__name__)


class ApiError(exceptions.APIException):
    def __init__(self, status_code: int, code: str, message: str, field: str | None = None, *,
                 errors: list[dict] | None = None, current=None):
        self.status_code = status_code
        self.error_code, self.message, self.field = code, str(message), field
        self.errors = errors if errors is not None else [error(code, message, field)]
        self.current = current
        super().__init__(self.message, code)


def error(code: str, message, field: str | None = None) -> dict:
    return {"code": code, "message": str(message), "field": field}


def _flatten(detail, field: str | None = None) -> list[dict]:
    """DRF's nested validation detail as a flat list; fields named as a.b[0].c."""
    if isinstance(detail, dict):
        found = []
        for key, value in detail.items():
            if isinstance(key, int):  # a list's items by index
                name = f"{field}[{key}]"
            else:
                name = None if key in ("non_field_errors", "__all__") else (f"{field}.{key}" if field else str(key))
            found += _flatten(value, name if name is not None else field)
        return found
    if isinstance(detail, list):
        found = []
        for index, value in enumerate(detail):
            if isinstance(value, (dict, list)) and field is not None:
                found += _flatten(value, f"{field}[{index}]")
            else:
                found += _flatten(value, field)
        return found
    return [error(getattr(detail, "code", "invalid") or "invalid", detail, field)]


def validation_error(exc: DjangoValidationError, status_code: int = 400) -> ApiError:
    if hasattr(exc, "error_dict"):
        errors = [error(e.code or "invalid", message, None if name == "__all__" else name)
                  for name, items in exc.error_dict.items() for e in items for message in e.messages]
    else:
        errors = [error(getattr(exc, "code", None) or "invalid", message) for message in exc.messages]
    first = errors[0] if errors else error("invalid", _("输入有误"))
    return ApiError(status_code, first["code"], first["message"], first["field"], errors=errors or [first])


def too_large() -> ApiError:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return ApiError(413, "too_large", _("请求内容过大，上限为%(mb)s MB") % {"mb": max(1, limit // (1024 * 1024))})


def _as_api_error(exc):
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, Http404):
        return ApiError(404, "not_found", _("未找到"))
    if isinstance(exc, DjangoPermissionDenied):
        return ApiError(403, "permission_denied", getattr(exc, "message", None) or _("您无权执行此操作"))
    if isinstance(exc, RequestDataTooBig):
        return too_large()
    if isinstance(exc, DjangoValidationError):
        return validation_error(exc)
    if isinstance(exc, DataError):
        # A value the database cannot hold that slipped past the field checks.
        return ApiError(400, "invalid", _("输入有误：数值超出允许范围"))
    if isinstance(exc, DATABASE_ERRORS):
        return ApiError(503, "unavailable", _("数据库暂时不可用，未保存任何数据，请稍后重试"))
    return exc


def exception_handler(exc, context):
    exc = _as_api_error(exc)
    if isinstance(exc, ApiError):
        body = {"code": exc.error_code, "message": exc.message, "field": exc.field, "errors": exc.errors}
        if exc.current is not None:
            body["current"] = exc.current
        response = Response(body, status=exc.status_code)
        if exc.status_code == 503:
            response["Retry-After"] = "30"
        return response
    response = drf_exception_handler(exc, context)  # Retry-After, WWW-Authenticate, Allow
    if response is None:
        logger.exception("API error", exc_info=exc)
        return Response({"code": "server_error", "message": _("服务器内部错误"), "field": None,
                         "errors": [error("server_error", _("服务器内部错误"))]}, status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail) or [error("invalid", _("输入有误"))]
    else:
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        errors = [error(codes if isinstance(codes, str) else "error", getattr(exc, "detail", exc))]
    first = errors[0]
    response.data = {"code": first["code"], "message": first["message"], "field": first["field"], "errors": errors}
    return response
