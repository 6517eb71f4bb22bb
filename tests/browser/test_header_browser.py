"""The header in a real browser: the bell is drawn from our own SVG, whatever fonts the machine has."""

import io

from PIL import Image
from playwright.sync_api import expect

from tests.conftest import PASSWORD


def test_the_bell_is_drawn_from_our_static_svg(live_server, page, login, staff):
    login("staff", PASSWORD)
    icon = page.locator("header a.bell img.bell-icon")
    expect(icon).to_be_visible()
    loaded = page.evaluate("(() => { const i = document.querySelector('.bell-icon'); return [i.complete, i.naturalWidth, i.currentSrc]; })()")
    assert loaded[0] and loaded[1] > 0 and loaded[2] == live_server.url + "/static/img/bell.svg"
    # Drawn: the white bell covers a good part of its box on the red header (an empty box, as an
    # emoji without its font, would be a thin outline).
    with Image.open(io.BytesIO(icon.screenshot())) as picture:
        pixels = list(picture.convert("RGB").get_flattened_data())
    white = sum(1 for r, g, b in pixels if min(r, g, b) > 200)
    assert white / len(pixels) > 0.25
    assert "\U0001f514" not in page.locator("header").inner_text()
    assert page.external_requests == []
