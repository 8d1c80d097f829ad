"""A whole folder chosen in a real browser, checked, then imported.

Drives Debian's Chromium through Playwright against the live test server,
as ``yeji/web/tests/test_browser.py`` does, to show that the folder input
(``webkitdirectory``) sends the folder's files and the page imports them.
"""

import pytest
from django.urls import reverse

from yeji.interchange import uploads
from yeji.interchange.tests.conftest import BASE
from yeji.interchange.tests.factories import person
from yeji.org.models import Role
from yeji.sales.models import Order
from yeji.web.tests.factories import PASSWORD
from yeji.web.tests.test_browser import CHROMIUM, SCREENSHOTS, _launch_args

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed"
)
pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _home(settings, tmp_path):
    settings.YEJI_HOME = tmp_path / "home"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


def test_admin_chooses_a_folder_checks_it_and_confirms(
    live_server, tmp_path, monkeypatch
):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    person("admin", Role.ADMIN)
    chosen = tmp_path / "company"
    chosen.mkdir()
    for name, text in BASE.items():
        (chosen / name).write_text(text, encoding="utf-8")
    (chosen / "readme.txt").write_text("not data", encoding="utf-8")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=_launch_args()
        )
        try:
            context = browser.new_context(
                viewport={"width": 1366, "height": 900}, locale="zh-CN"
            )
            page = context.new_page()
            page.goto(f"{live_server.url}{reverse('interchange:import')}")
            page.fill("input[name=username]", "admin")
            page.fill("input[name=password]", PASSWORD)
            page.click("button.primary")
            page.wait_for_url("**/import/")

            page.set_input_files("input[name=folder]", chosen)
            page.click("#upload button.primary")
            page.wait_for_selector("#report")
            assert page.locator("table.import-files tbody tr").count() == 4
            assert "readme.txt" in page.inner_text("#report")
            # No ORM query in here: inside Playwright's event loop Django
            # would open a connection of its own that the test never closes.
            # test_import_page shows that nothing is written before confirm.
            assert len(list(uploads.uploads_root().iterdir())) == 1
            page.screenshot(path=SCREENSHOTS / "import-check.png", full_page=True)

            page.click("text=确认导入")
            page.wait_for_url("**/import/done/")
            assert "导入完成" in page.inner_text("#result")
            page.screenshot(path=SCREENSHOTS / "import-done.png", full_page=True)
        finally:
            browser.close()

    assert Order.objects.count() == 2
    assert list(uploads.uploads_root().iterdir()) == []
