"""The header menu: each role sees the pages of its work, in the order it uses them."""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language, gettext_lazy as _

from zones.models import User

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
    "admin": (_("系统管理"), "admin:index"),
}
RECORDS = ["enterprises", "projects", "land", "grading"]
MENUS = {
    User.Role.STAFF: ["todo", "entry", "targets", *RECORDS, "import", "review", "reports"],
    User.Role.REVIEWER: ["todo", "review", "entry", "dashboard", *RECORDS],
    User.Role.LEADER: ["todo", "dashboard", "compare", "reports", *RECORDS],
    User.Role.ADMIN: ["todo", "dashboard", "compare", "entry", "review", "targets", *RECORDS, "reports", "import", "admin"],
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


@receiver(setting_changed)
def _forget_menus(setting, **kwargs):
    # A test's override of the URLs or languages builds the menus anew, as Django's own URL caches do.
    if setting in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"):
        _menu.cache_clear()
