"""The task pages in Chinese (the default) and in English."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone, translation

from yeji.planning.tests.factories import TaskFactory, open_task

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")

PAGES = ["/tasks/?show=all", "/tasks/new/"]


@pytest.fixture
def records(cast):
    today = timezone.localdate()
    open_task(cast.people["rep1"], today, title="Call back")
    open_task(cast.people["rep2"], today.replace(year=today.year - 1), title="Quote")
    TaskFactory(employee=cast.people["rep1"], title="Visit")
    return cast


def _visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_english_pages_show_no_chinese_but_names(records):
    client = records.client("manager")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    names = ["张伟", "王芳", "吴组长", "简体中文", "业绩"]

    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        text = _visible_text(response.content.decode())
        for name in names:
            text = text.replace(name, "")
        assert not CJK.findall(text), (url, CJK.findall(text))


def test_chinese_pages_show_no_english_labels(records):
    client = records.client("manager")
    english = [
        "Tasks",
        "New task",
        "Due on",
        "Assignee",
        "Status",
        "Overdue",
        "Open",
        "Done",
        "Mark done",
        "Reopen",
        "Download",
        "Save",
        "Cancel",
        "Everyone I can see",
        "Show",
    ]

    for url in PAGES:
        text = _visible_text(client.get(url).content.decode())
        for label in english:
            assert label not in text, (url, label)


def test_english_status_words_read_as_english(records):
    client = records.client("manager")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = client.get("/tasks/", {"show": "all"}).content.decode()

    for label in ["Overdue", "Mark done", "Reopen", "Due on", "Assignee"]:
        assert label in html


def test_no_other_catalogue_overrides_a_translation_of_these_pages():
    """An app listed earlier wins a message both translate; a message this
    app translates differently from another must carry a context."""
    own = gettext.translation(
        "django",
        localedir=Path(__file__).resolve().parents[1] / "locale",
        languages=["zh_Hans"],
    )
    with translation.override("zh-hans"):
        merged = translation.trans_real.translation("zh-hans")
        for key, text in own._catalog.items():
            if not key:
                continue
            assert merged._catalog.get(key) == text, key
