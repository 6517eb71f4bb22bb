"""The header: a menu per role, each language under its own name, the favicon, each role's landing page."""

import re

import pytest
from django.contrib.staticfiles import finders

MENU = re.compile(r'<nav class="mainnav"[^>]*>(.*?)</nav>', re.S)


def menu_labels(client, url):
    html = client.get(url).content.decode()
    return re.findall(r">([^<>]+)</a>", MENU.search(html).group(1))


@pytest.mark.parametrize(
    "role, url, first, expected, absent",
    [
        ("staff", "/entry/", "待办", {"月度填报", "年度目标", "企业", "项目", "土地", "导入导出", "我的任务"}, {"看板", "对比排名", "系统管理"}),
        ("reviewer", "/review/", "待办", {"审核与完整性", "月度填报"}, {"导入导出", "年度目标", "系统管理", "我的任务"}),
        ("leader", "/dashboard/", "待办", {"看板", "对比排名", "工作总结", "我的任务"}, {"月度填报", "导入导出", "年度目标", "系统管理"}),
        ("administrator", "/dashboard/", "待办", {"看板", "对比排名", "月度填报", "审核与完整性", "年度目标", "企业", "项目", "土地",
                                                  "工作总结", "导入导出", "我的任务", "系统管理"}, set()),
    ],
)
def test_each_role_sees_its_own_menu(request, client_for, role, url, first, expected, absent):
    labels = menu_labels(client_for(request.getfixturevalue(role)), url)
    assert labels[0] == first
    assert expected <= set(labels)
    assert not absent & set(labels)


def test_the_menu_marks_the_page_shown(leader, client_for):
    html = client_for(leader).get("/dashboard/").content.decode()
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', MENU.search(html).group(1)) == ["/dashboard/"]


def test_the_header_links_are_reversed_once(leader, client_for, monkeypatch):
    from zones import menus

    menus._links.cache_clear()
    reversed_names = []
    real_reverse = menus.reverse
    monkeypatch.setattr(menus, "reverse", lambda name: reversed_names.append(name) or real_reverse(name))
    client = client_for(leader)
    pages = [client.get(url).content.decode() for url in ("/dashboard/", "/todo/")]
    assert sorted(set(reversed_names) - {entry[1] for entry in menus.ENTRIES.values()}) == sorted(menus.LINKS.values())
    assert reversed_names.count("logout") == 1
    for html in pages:
        assert '<form action="/accounts/logout/" method="post">' in html
        assert 'data-unread-url="/notifications/unread.json"' in html


def test_the_jobs_page_is_in_the_menu_and_marked_when_shown(leader, client_for):
    html = client_for(leader).get("/jobs/").content.decode()
    assert re.findall(r'<a href="([^"]+)" aria-current="page">([^<]+)</a>', MENU.search(html).group(1)) == [("/jobs/", "我的任务")]


def test_the_bell_is_our_own_svg_not_an_emoji(staff, client_for):
    html = client_for(staff).get("/todo/").content.decode()
    bell = re.search(r'<a class="bell".*?</a>', html, re.S).group(0)
    assert "\U0001f514" not in html
    assert '<img class="bell-icon" src="/static/img/bell.svg" alt=""' in bell
    assert open(finders.find("img/bell.svg"), encoding="utf-8").read().startswith("<svg ")


def test_the_menu_folds_behind_a_button(staff, client_for):
    html = client_for(staff).get("/entry/").content.decode()
    assert '<button type="button" class="menu-toggle" aria-controls="main-menu" aria-expanded="false">' in html


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_languages_are_listed_by_their_own_names(client, db, language):
    client.cookies["django_language"] = language
    html = client.get("/accounts/login/").content.decode()
    options = re.findall(r'<option value="(zh-hans|en)"[^>]*>([^<]+)</option>', html)
    assert dict(options) == {"zh-hans": "简体中文", "en": "English"}
    picker = re.search(r'<select id="language-select".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option value="([^"]+)" selected>', picker) == [language]


def test_favicon_is_served_without_login(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/static/favicon.ico")
    assert open(finders.find("favicon.ico"), "rb").read(4) == b"\x00\x00\x01\x00"  # an ICO file
    page = client.get("/accounts/login/").content.decode()
    assert '<link rel="icon" href="/static/favicon.ico"' in page


@pytest.mark.parametrize("role", ["staff", "reviewer", "leader", "administrator"])
def test_every_role_lands_on_its_todo_page(request, client_for, role):
    assert client_for(request.getfixturevalue(role)).get("/")["Location"] == "/todo/"


def test_a_menu_is_built_once_per_language(staff, monkeypatch):
    from django.utils import translation

    from zones import menus

    menus._menu.cache_clear()
    reversed_names = []
    real_reverse = menus.reverse
    monkeypatch.setattr(menus, "reverse", lambda name: reversed_names.append(name) or real_reverse(name))
    with translation.override("zh-hans"):
        chinese = menus.menu_for(staff)
        assert menus.menu_for(staff) == chinese
    with translation.override("en"):
        english = menus.menu_for(staff)
    assert len(reversed_names) == 2 * len(chinese)  # once per language, not per page
    assert [url for _label, url in english] == [url for _label, url in chinese]
    assert english[0][0] != chinese[0][0] == "待办"


def test_a_settings_override_forgets_the_built_menus(staff, settings):
    from zones import menus

    menus.menu_for(staff)
    assert menus._menu.cache_info().currsize
    settings.ROOT_URLCONF = "devzone.urls"  # sends setting_changed, as override_settings does
    assert menus._menu.cache_info().currsize == 0
