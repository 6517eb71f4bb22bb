"""What every API view shares: the zone in scope, ETag / If-Match, pagination."""

from django.utils.translation import gettext as _
from rest_framework.pagination import PageNumberPagination

from zones.access import zone_for_user
from zones.models import Action

from .errors import ApiError

# An If-Match that names no version at all: it matches none (412), as RFC 9110 says.
NO_MATCH = -2


def zone_in_scope(request, code: str, action: str = Action.VIEW):
    """The zone `code` as the pages find it: 404 unless the user sees it, 403 when they see it
    but their role may not do `action` there."""
    return zone_for_user(request.user, code, action)


def etag(version: int) -> str:
    return f'"{version}"'


def if_match(request) -> int | None:
    """The version an If-Match header names (None: no header or `*`, not checked)."""
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return None
    text = header.split(",")[0].strip().removeprefix("W/").strip('"')
    return int(text) if text.isdigit() and len(text) < 12 else NO_MATCH


def precondition_failed(message: str, current) -> ApiError:
    return ApiError(412, "stale", message, "If-Match", current=current)


def not_modified_since_read() -> str:
    return _("保存失败：在您读取之后，其他人已修改并保存了数据；current 为当前数据，请核对后在其版本上重新提交")


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
