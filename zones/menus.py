"""The header: each role's menu, in the order it uses its pages, the account links and the
language picker."""

from functools import lru_cache
from types import MappingProxyType

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language, get_language_info, gettext_lazy as _

from core.html import html_options

from zones.models import User

# The header's other links (base.html), by their name there.
LINKS = {
    "home": "home",
    "set_language": "set_language",
    "notifications": "notifications:list",
    "unread": "notifications:unread",
    "password_change": "password_change",
    "api_tokens": "api_tokens",
    "logout": "logout",
}

# (label, url name) of every menu entry.
ENTRIES = {
    "todo": (_("待办"), "deadlines:todo"),
    "dashboard": (_("看板"), "dashboard:index"),
    "compare": (_("对比排名"), "dashboard:compare"),
    "entry": (_("月度填报"), "indicators:entry_pick"),
    "review": (_("审核与完整性"), "indicators:completeness"),
    "targets": (_("年度目标"), "indicators:targets"),
    "enterprises": (_("企业"), "projects:enterprise_list"),
    "projects": (_("项目"), "projects:project_list"),
    "land": (_("土地"), "projects:parcel_list"),
    "grading": (_("亩均评价"), "grading:index"),
    "reports": (_("工作总结"), "reports:index"),
    "import": (_("导入导出"), "dataio:import"),
    # Imports of large files and drafts of several zones run as jobs: their progress and results.
    "jobs": (_("我的任务"), "jobs:list"),
    "admin": (_("系统管理"), "admin:index"),
}
RECORDS = ["enterprises", "projects", "land", "grading"]
MENUS = {
    User.Role.STAFF: ["todo", "entry", "targets", *RECORDS, "import", "review", "reports", "jobs"],
    User.Role.REVIEWER: ["todo", "review", "entry", "dashboard", *RECORDS],
    User.Role.LEADER: ["todo", "dashboard", "compare", "reports", *RECORDS, "jobs"],
    User.Role.ADMIN: ["todo", "dashboard", "compare", "entry", "review", "targets", *RECORDS, "reports", "import", "jobs", "admin"],
}


def menu_for(user) -> tuple[tuple[str, str], ...]:
    """(label, url) of the user's menu; a superuser without the admin role sees the administrator's."""
    if not user.is_authenticated:
        return ()
    keys = MENUS[User.Role.ADMIN] if user.is_administrator else MENUS.get(user.role, [])
    return _menu(tuple(keys), get_language(), get_script_prefix(), get_urlconf())


@lru_cache(maxsize=64)
def _menu(keys: tuple, language, script_prefix, urlconf) -> tuple[tuple[str, str], ...]:
    # A menu is fixed by its entries, the language and where the URLs are mounted: it is built
    # once per process rather than reversing every URL on every page.
    return tuple((str(ENTRIES[key][0]), reverse(ENTRIES[key][1])) for key in keys)


def header_links() -> MappingProxyType:
    """{name: url} of LINKS, read-only: every page shares it."""
    return _links(get_script_prefix(), get_urlconf())


@lru_cache(maxsize=8)
def _links(script_prefix, urlconf) -> MappingProxyType:
    return MappingProxyType({name: reverse(url_name) for name, url_name in LINKS.items()})


@lru_cache(maxsize=8)
def language_options(current: str) -> str:
    """The language picker's <option>s, each language by its own name (English, 简体中文)."""
    return html_options([(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES], current)


@receiver(setting_changed)
def _forget_menus(setting, **kwargs):
    # A test's override of the URLs or languages builds the header anew, as Django's own URL caches do.
    if setting in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"):
        for built in (_menu, _links, language_options):
            built.cache_clear()
