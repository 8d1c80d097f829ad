"""User text is shown as text: on pages, in data for scripts, in downloads.

The templates are also held to the rules that keep this true and keep the
Content Security Policy strict: no ``|safe``, no ``autoescape off``, no
inline script, style or event handler.
"""

import json
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import Client

from yeji.org.models import Role
from yeji.web.tests import factories as f

YEJI = Path(__file__).resolve().parents[2]
HOSTILE_NAME = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def hostile_rep(db):
    hq = f.TeamFactory(code="HQ", name="<b>总部</b>")
    director = f.EmployeeFactory(
        employee_no="D001", team=hq, role=Role.DIRECTOR, user__username="director"
    )
    rep = f.EmployeeFactory(employee_no="E0001", name=HOSTILE_NAME, team=hq)
    f.OrderFactory(employee=rep, amount="100.00")
    client = Client()
    client.force_login(director.user)
    return client


def assert_shown_as_text(html: str) -> None:
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_scorecard_shows_a_hostile_name_as_text(hostile_rep):
    response = hostile_rep.get(
        "/scorecard/", {"period": "2026-Q3", "as_of": "2026-09-30"}
    )

    assert response.status_code == 200
    assert_shown_as_text(response.content.decode())
    assert "<b>总部</b>" not in response.content.decode()


def test_rep_page_shows_a_hostile_name_as_text(hostile_rep):
    response = hostile_rep.get(
        "/scorecard/E0001/", {"period": "2026-Q3", "as_of": "2026-09-30"}
    )

    assert response.status_code == 200
    assert_shown_as_text(response.content.decode())


def test_data_for_scripts_cannot_close_its_script_element():
    rendered = Template('{{ data|json_script:"chart-data" }}').render(
        Context({"data": {"name": HOSTILE_NAME + "</script>"}})
    )

    body = rendered.split(">", 1)[1].rsplit("</script>", 1)[0]
    assert "</script>" not in body
    assert "<" not in body
    assert json.loads(body) == {"name": HOSTILE_NAME + "</script>"}


def _templates() -> list[Path]:
    return sorted(YEJI.glob("*/templates/**/*.html"))


def test_there_are_templates_to_check():
    assert len(_templates()) > 5


# What a template must not hold, and why.
FORBIDDEN = {
    r"\|\s*safe\b": "|safe shows text unescaped; escape it or use json_script",
    r"{%\s*autoescape\s+off": "autoescape off shows text unescaped",
    r"<script(?![^>]*\bsrc=)[^>]*>": "inline script: the CSP blocks it",
    r"\sstyle\s*=": "inline style: the CSP blocks it; use a class",
    r"\son[a-z]+\s*=": "inline event handler: the CSP blocks it",
    r"<style\b": "inline style sheet: the CSP blocks it",
    r"javascript:": "javascript: URL: the CSP blocks it",
}


@pytest.mark.parametrize("pattern", list(FORBIDDEN))
def test_no_template_escapes_the_rules(pattern):
    found = [
        f"{path.relative_to(YEJI)}:{number}"
        for path in _templates()
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        # json_script writes a script element of type application/json.
        if re.search(pattern, line, re.IGNORECASE) and "json_script" not in line
    ]

    assert found == [], FORBIDDEN[pattern]


def test_no_python_marks_text_safe():
    found = [
        str(path.relative_to(YEJI))
        for path in sorted(YEJI.glob("**/*.py"))
        if "/tests/" not in str(path) and "mark_safe(" in path.read_text()
    ]

    assert found == [], "mark_safe on text that may hold user input"


@pytest.mark.django_db
@pytest.mark.urls("yeji.security.tests.urls")
def test_a_download_keeps_user_text_inert():
    client = Client()
    client.force_login(f.UserFactory(username="rep1"))

    response = client.get("/test-download/?download=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")

    # Text, never a page: no browser renders it as HTML ...
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    # ... and no spreadsheet runs a formula typed into a name.
    assert text.splitlines()[1:] == [
        "C1,<script>alert(1)</script>",
        'C2,"\'=HYPERLINK(""x"")"',
    ]
