"""Importing from the browser: upload, dry-run report, confirm or cancel.

The page checks the files with the importer ``yeji import --dry-run`` uses,
writes nothing until the administrator confirms, and keeps the files
meanwhile in a folder of the session's own under ``YEJI_HOME/uploads``.
"""

import io
import os
import re
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from yeji.crm.models import Customer
from yeji.interchange import uploads
from yeji.interchange.tests.conftest import BASE, EMPLOYEES, TEAMS
from yeji.interchange.tests.factories import client_of, person, superuser_client
from yeji.org.models import Employee, Role, Team
from yeji.sales.models import Order
from yeji.samples import sample

pytestmark = pytest.mark.django_db

IMPORT = reverse("interchange:import")
CONFIRM = reverse("interchange:import_confirm")
CANCEL = reverse("interchange:import_cancel")
DONE = reverse("interchange:import_done")


@pytest.fixture(autouse=True)
def _home(settings, tmp_path):
    """Uploads go to a YEJI_HOME of the test's own; pages speak English;
    static files are served without collecting, passwords hashed cheaply."""
    settings.YEJI_HOME = tmp_path / "home"
    settings.LANGUAGE_CODE = "en"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def admin(db):
    return client_of(person("admin", Role.ADMIN))


def upload_dirs() -> list[Path]:
    root = uploads.uploads_root()
    return sorted(root.iterdir()) if root.is_dir() else []


def files_of(contents: dict[str, str | bytes]) -> list[SimpleUploadedFile]:
    return [
        SimpleUploadedFile(
            name, c.encode("utf-8") if isinstance(c, str) else c, "text/csv"
        )
        for name, c in contents.items()
    ]


def token_of(response) -> str:
    found = re.search(r'name="upload" value="([^"]+)"', response.content.decode())
    assert found, "the page offers no confirm or cancel"
    return found.group(1)


def file_rows(html: str) -> dict[str, tuple[int, ...]]:
    """The report's table of files: name to rows, create, update, unchanged."""
    table = html.split('class="import-files"', 1)[1].split("</table>", 1)[0]
    found = {}
    for name, cells in re.findall(
        r'<th scope="row" class="code">([^<]+)</th>(.*?)</tr>', table, re.S
    ):
        found[name] = tuple(
            int(v) for v in re.findall(r'<td class="num">(\d+)</td>', cells)
        )
    return found


def command_counts(path: Path) -> dict[str, tuple[int, ...]]:
    out = io.StringIO()
    call_command("import", str(path), "--dry-run", stdout=out)
    counts = {}
    for line in out.getvalue().splitlines():
        found = re.match(
            r"(\S+): (\d+) rows?, (\d+) created, (\d+) updated, (\d+) unchanged", line
        )
        if found:
            counts[found.group(1)] = tuple(int(g) for g in found.groups()[1:])
    return counts


def test_acme_folder_checked_then_imported_on_confirm(admin):
    acme = sample("acme")
    folder = [
        SimpleUploadedFile(p.name, p.read_bytes())
        for p in sorted(acme.iterdir())
        if p.is_file()
    ] + [SimpleUploadedFile("notes.txt", b"not data")]
    expected = command_counts(acme)
    assert len(expected) == 12

    uploaded = admin.post(IMPORT, {"folder": folder})

    assert uploaded.status_code == 302
    page = admin.get(IMPORT)
    html = page.content.decode()
    assert file_rows(html) == expected
    assert "Confirm import" in html
    assert "notes.txt" in html  # named as left out
    assert Customer.objects.count() == 0
    assert Employee.objects.filter(employee_no="E000001").count() == 0
    [kept] = upload_dirs()
    assert sorted(p.name for p in (kept / "files").iterdir()) == sorted(expected)

    confirmed = admin.post(CONFIRM, {"upload": token_of(page)})

    assert confirmed.status_code == 302
    assert confirmed["Location"] == DONE
    assert Customer.objects.count() == 2000
    assert Order.objects.count() == 24000
    assert upload_dirs() == []
    done = admin.get(DONE).content.decode()
    assert "Import complete" in done
    assert file_rows(done)["customers.csv"] == (2000, 2000, 0, 0)


def test_files_chosen_one_by_one_are_imported_on_confirm(admin):
    admin.post(IMPORT, {"files": files_of(BASE)})
    page = admin.get(IMPORT)
    assert file_rows(page.content.decode())["orders.csv"] == (2, 2, 0, 0)
    assert not Order.objects.exists()

    admin.post(CONFIRM, {"upload": token_of(page)})

    assert set(Order.objects.values_list("order_no", flat=True)) == {"SO1", "SO2"}


def test_second_click_on_confirm_imports_once(admin):
    admin.post(IMPORT, {"files": files_of(BASE)})
    token = token_of(admin.get(IMPORT))
    admin.post(CONFIRM, {"upload": token})

    again = admin.post(CONFIRM, {"upload": token})

    assert again.status_code == 302
    assert again["Location"] == DONE
    assert Order.objects.count() == 2
    assert "Import complete" in admin.get(DONE).content.decode()


def test_errors_listed_with_file_line_and_column_and_no_confirm(admin):
    bad = EMPLOYEES.replace("2024-01-01", "2024-13-01").replace("E2,", "E1,")
    admin.post(IMPORT, {"files": files_of({"teams.csv": TEAMS, "employees.csv": bad})})

    page = admin.get(IMPORT)

    html = page.content.decode()
    errors = html.split('class="import-errors"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(
        r'<td class="code">([^<]+)</td>\s*<td class="num">(\d+)</td>\s*'
        r'<td class="code">([^<]+)</td>\s*<td>([^<]+)</td>',
        errors,
    )
    assert ("employees.csv", "2", "hired_on") in [r[:3] for r in rows]
    assert ("employees.csv", "3", "employee_no") in [r[:3] for r in rows]
    assert "Confirm import" not in html
    assert f'action="{CONFIRM}"' not in html
    assert not Team.objects.filter(code="EAST").exists()


def test_report_speaks_the_users_language(admin, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    bad = EMPLOYEES.replace("2024-01-01", "2024-13-01")
    admin.post(IMPORT, {"files": files_of({"teams.csv": TEAMS, "employees.csv": bad})})

    chinese = admin.get(IMPORT).content.decode()
    admin.post(reverse("set_language"), {"language": "en", "next": IMPORT})
    english = admin.get(IMPORT).content.decode()

    assert "文件检查" in chinese and "错误" in chinese
    assert "hired_on" in chinese
    assert "Check of the files" in english
    for text in ["文件检查", "错误", "日期"]:
        assert text not in english


def test_another_user_or_session_cannot_confirm_an_upload(admin):
    admin.post(IMPORT, {"files": files_of(BASE)})
    token = token_of(admin.get(IMPORT))
    other_admin = superuser_client()
    same_user_elsewhere = client_of(Employee.objects.get(user__username="admin"))

    assert other_admin.post(CONFIRM, {"upload": token}).status_code == 404
    assert same_user_elsewhere.post(CONFIRM, {"upload": token}).status_code == 404
    assert other_admin.post(CANCEL, {"upload": token}).status_code == 404
    assert not Order.objects.exists()
    assert len(upload_dirs()) == 1
    assert "Confirm import" not in other_admin.get(IMPORT).content.decode()

    assert admin.post(CONFIRM, {"upload": token}).status_code == 302
    assert Order.objects.count() == 2


def test_cancel_removes_the_files_and_imports_nothing(admin):
    admin.post(IMPORT, {"files": files_of(BASE)})
    token = token_of(admin.get(IMPORT))

    cancelled = admin.post(CANCEL, {"upload": token}, follow=True)

    assert "nothing was imported" in cancelled.content.decode()
    assert upload_dirs() == []
    assert admin.post(CONFIRM, {"upload": token}).status_code == 404
    assert not Team.objects.filter(code="EAST").exists()


def test_a_new_upload_replaces_the_waiting_one(admin):
    admin.post(IMPORT, {"files": files_of({"teams.csv": TEAMS})})
    first = token_of(admin.get(IMPORT))

    admin.post(IMPORT, {"files": files_of(BASE)})

    [kept] = upload_dirs()
    assert kept.name != first
    assert admin.post(CONFIRM, {"upload": first}).status_code == 404


@pytest.mark.parametrize(
    ("field", "name", "content", "message"),
    [
        ("files", "staff.csv", "a,b\n1,2\n", "staff.csv: not a file of the format"),
        ("files", "teams.txt", TEAMS, "teams.txt: not a file of the format"),
        ("files", "teams.csv", b"", "teams.csv: the file is empty"),
        ("folder", "teams.csv", b"", "teams.csv: the file is empty"),
        ("files", "teams.xlsx", b"code,name\n", "teams.xlsx: the file is not an XLSX"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_kept(
    admin, field, name, content, message
):
    chosen = files_of({name: content}) + files_of({"employees.csv": EMPLOYEES})

    response = admin.post(IMPORT, {field: chosen})

    assert response.status_code == 400
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    assert upload_dirs() == []
    assert "Confirm import" not in response.content.decode()


def test_a_folder_without_any_file_of_the_format_is_refused(admin):
    response = admin.post(IMPORT, {"folder": files_of({"notes.csv": "a\n1\n"})})

    assert response.status_code == 400
    assert "None of the files chosen" in response.content.decode()
    assert upload_dirs() == []


def test_no_file_chosen_is_refused(admin):
    response = admin.post(IMPORT, {})

    assert response.status_code == 400
    assert "Choose one or more files, or a folder." in response.content.decode()


def test_files_too_big_are_refused(admin, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 100)

    response = admin.post(IMPORT, {"files": files_of(BASE)})

    assert response.status_code == 400
    assert "too big to import from the browser" in response.content.decode()
    assert upload_dirs() == []


def test_a_request_too_long_is_refused_before_it_is_read(admin, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 100)
    monkeypatch.setattr("yeji.interchange.views._FORM_OVERHEAD", 0)

    response = admin.post(IMPORT, {"files": files_of(BASE)})

    assert response.status_code == 413
    assert "too big to import from the browser" in response.content.decode()
    assert upload_dirs() == []


def test_uploads_older_than_a_day_are_swept(admin):
    admin.post(IMPORT, {"files": files_of({"teams.csv": TEAMS})})
    [old] = upload_dirs()
    two_days_ago = time.time() - 2 * 86400
    os.utime(old, (two_days_ago, two_days_ago))

    admin.post(IMPORT, {"files": files_of(BASE)})

    assert old not in upload_dirs()
    assert len(upload_dirs()) == 1


def test_an_upload_older_than_a_day_cannot_be_confirmed(admin, settings):
    admin.post(IMPORT, {"files": files_of(BASE)})
    token = token_of(admin.get(IMPORT))
    meta = uploads.upload_folder(token) / "upload.json"
    meta.write_text(
        re.sub(
            r'"created": "[^"]+"',
            '"created": "2000-01-01T00:00:00+00:00"',
            meta.read_text(),
        ),
        "utf-8",
    )

    assert admin.post(CONFIRM, {"upload": token}).status_code == 404
    assert not Team.objects.filter(code="EAST").exists()


def test_a_confirm_naming_no_upload_goes_back_to_the_page(admin):
    admin.post(IMPORT, {"files": files_of(BASE)})

    response = admin.post(CONFIRM, {}, follow=True)

    assert response.redirect_chain[-1][0] == IMPORT
    assert "No upload was named" in response.content.decode()
    assert not Order.objects.exists()
    assert len(upload_dirs()) == 1


def test_the_upload_keeps_its_csrf_check(admin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(Employee.objects.get(user__username="admin").user)

    response = client.post(IMPORT, {"files": files_of(BASE)})

    assert response.status_code == 403
    assert upload_dirs() == []


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.ADMIN])
def test_only_administrators_may_import(role):
    client = client_of(person("someone", role))

    assert client.get(IMPORT).status_code == 404
    assert client.post(IMPORT, {"files": files_of(BASE)}).status_code == 404
    assert client.post(CONFIRM, {"upload": "x" * 32}).status_code == 404
    assert client.post(CANCEL, {"upload": "x" * 32}).status_code == 404
    assert client.get(DONE).status_code == 404
    assert "/import/" not in client.get(reverse("people:list")).content.decode()
    assert upload_dirs() == []


def test_an_administrator_who_has_left_may_not_import():
    admin = person("gone", Role.ADMIN)
    Employee.objects.filter(pk=admin.pk).update(left_on="2025-01-01")

    assert client_of(admin).get(IMPORT).status_code == 404


def test_a_superuser_may_import_and_the_top_bar_offers_it(db):
    client = superuser_client()

    response = client.get(IMPORT)

    assert response.status_code == 200
    assert 'href="/import/" aria-current="page"' in response.content.decode()


@pytest.mark.parametrize("url", [IMPORT, DONE])
def test_anonymous_users_are_sent_to_log_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_page_is_chinese_by_default(admin, settings):
    settings.LANGUAGE_CODE = "zh-hans"

    html = admin.get(IMPORT).content.decode()

    for text in ["导入", "文件", "整个文件夹", "检查文件"]:
        assert text in html
    assert "Check the files" not in html
    assert "webkitdirectory" in html


def test_too_many_files_at_once_are_refused_clearly(admin, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2

    response = admin.post(IMPORT, {"folder": files_of(BASE)})

    assert response.status_code == 400
    assert "Too many files at once" in response.content.decode()
    assert upload_dirs() == []
