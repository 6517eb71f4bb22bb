"""Chinese by default, English switchable from every page (including the login page)."""


def test_login_page_is_chinese_by_default_and_switches_to_english(client, db):
    assert "登录" in client.get("/accounts/login/").content.decode()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    html = client.get("/accounts/login/").content.decode()
    assert 'lang="en"' in html and "Log in" in html


def test_entry_page_in_english(zone, staff, client_for):
    client = client_for(staff)
    assert "月度填报" in client.get("/entry/HX/2025/10/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/entry/HX/2025/10/").content.decode()
    assert "Fixed-asset investment" in html and "YTD" in html and "月度填报" not in html

