"""The admin in Chinese throughout: Django 5.2's Chinese catalogues lack messages its admin gained
in 5.x (its scripts said "Choose 组 by selecting them…"); locale/zh_Hans supplies them, and the
permissions Django names in English are named by their model and action."""

import json
import re
from pathlib import Path

import django
import pytest
from django.utils.translation import trans_real

DJANGO = Path(django.__file__).parent
ENTRY = re.compile(r'^(?:msgctxt "(?P<context>.*)"\n)?msgid (?P<msgid>(?:".*"\n)+)(?:msgid_plural (?:".*"\n)+)?msgstr', re.M)


def english_msgids(catalogue: Path) -> list[str]:
    """The msgids Django's own English catalogue lists: every message the code uses."""
    found = []
    for entry in ENTRY.finditer(catalogue.read_text(encoding="utf-8")):
        text = "".join(json.loads(line) for line in entry.group("msgid").splitlines())
        if text:
            found.append(f"{entry.group('context')}\x04{text}" if entry.group("context") else text)
    return found


@pytest.mark.parametrize("app", ["contrib/admin", "contrib/auth"])
def test_every_admin_and_account_message_has_its_chinese(app):
    catalogue = trans_real.translation("zh-hans")._catalog
    missing = [m for m in english_msgids(DJANGO / app / "locale/en/LC_MESSAGES/django.po")
               if m not in catalogue and (m, 0) not in catalogue]
    assert missing == []


def test_every_message_of_the_admins_scripts_is_served_in_chinese(administrator, client_for):
    client = client_for(administrator)
    script = client.get("/admin/jsi18n/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    served = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))
    missing = [m for m in english_msgids(DJANGO / "contrib/admin/locale/en/LC_MESSAGES/djangojs.po") if m not in served]
    assert missing == []
    assert "选择" in served['Choose %s by selecting them and then select the "Choose" arrow button.']


def test_permissions_are_named_by_their_model_and_action(administrator, client_for):
    client = client_for(administrator)
    page = client.get(f"/admin/zones/user/{administrator.pk}/change/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    permissions = re.search(r'<select name="user_permissions".*?</select>', page, re.S).group(0)
    assert ">管理 | 日志记录 | 可增加<" in permissions and "Can add" not in permissions
    group = client.get("/admin/auth/group/add/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert ">开发区与用户 | 开发区 | 可修改<" in group and "Can change" not in group
