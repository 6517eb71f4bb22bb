"""Screenshots of the leaders' dashboard for docs/: desktop and phone layouts.

Run against a development server with the demo data (`make run`, or migrate + load_demo +
runserver), e.g.:

    .venv/bin/python scripts/dashboard_screenshots.py --url http://127.0.0.1:8000 --zone XB

It signs in as the demo leader (password DEMO_PASSWORD, default demo12345) in Debian's
Chromium at /usr/bin/chromium and writes docs/dashboard-desktop.png, docs/dashboard-phone.png and
docs/compare-phone.png. On the phone the charts wait behind a tap each: the screenshot shows the
cards and warnings, and the first chart opened.
"""

import argparse
import os
from pathlib import Path

from playwright.sync_api import sync_playwright

DOCS = Path(__file__).resolve().parent.parent / "docs"
LAYOUTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2},
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--zone", default="XB")
    parser.add_argument("--username", default="leader")
    parser.add_argument("--password", default=os.environ.get("DEMO_PASSWORD", "demo12345"))
    parser.add_argument("--full-page", action="store_true", help="the whole page instead of the first screens")
    args = parser.parse_args()
    base = args.url.rstrip("/")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        for name, options in LAYOUTS.items():
            context = browser.new_context(locale="zh-CN", **options)
            page = context.new_page()
            page.goto(base + "/accounts/login/")
            page.fill("input[name=username]", args.username)
            page.fill("input[name=password]", args.password)
            with page.expect_navigation():
                page.click("button[type=submit]")
            page.goto(f"{base}/dashboard/?zone={args.zone}")
            if name == "phone":
                page.locator(".chart-show").first.click()
                page.wait_for_function("document.querySelectorAll('.chart[data-drawn]').length === 1")
            else:
                page.wait_for_function("document.querySelectorAll('.chart:not([data-drawn])').length === 0")
            shoot(page, DOCS / f"dashboard-{name}.png", options, 2400 if name == "desktop" else 1800, args.full_page)
            if name == "phone":
                page.set_viewport_size(options["viewport"])
                page.goto(f"{base}/dashboard/compare/")
                shoot(page, DOCS / "compare-phone.png", options, 1800, args.full_page)
            context.close()
        browser.close()


def shoot(page, path, options, max_height, full_page):
    width, client_width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    if full_page:
        page.screenshot(path=path, full_page=True)
    else:
        height = page.evaluate("document.documentElement.scrollHeight")
        page.set_viewport_size({"width": options["viewport"]["width"], "height": min(height, max_height)})
        page.evaluate("window.scrollTo(0, 0)")  # a tap on a chart scrolled to it: the page's top is the picture
        page.wait_for_timeout(500)
        page.screenshot(path=path)
    print(f"{path}: scrollWidth {width} / clientWidth {client_width}")


if __name__ == "__main__":
    main()
