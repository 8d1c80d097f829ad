"""The pure-Python translation compiler that replaces GNU msgfmt."""

import gettext
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import translation

from yeji.i18n import PoSyntaxError, catalogues, compile_po, compile_stale_catalogues

CATALOGUE = r"""# A catalogue as people write it by hand.
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=1; plural=0;\n"

#: views.py:1
msgid "Yeji test: good morning"
msgstr "业绩测试：早上好"

msgid ""
"Yeji test: a message "
"on two lines"
msgstr ""
"业绩测试："
"两行的消息"

msgctxt "month"
msgid "Yeji test: May"
msgstr "业绩测试：五月"

msgid "Yeji test: %(count)d order"
msgid_plural "Yeji test: %(count)d orders"
msgstr[0] "业绩测试：%(count)d 个订单"

#, fuzzy
msgid "Yeji test: a guess"
msgstr "业绩测试：猜的"

msgid "Yeji test: not translated yet"
msgstr ""

msgid "Yeji test: \"quoted\"\tand tabbed"
msgstr "业绩测试：“引号”\t和制表符"
#~ msgid "Yeji test: obsolete"
#~ msgstr "业绩测试：过时"
"""


def write_catalogue(root: Path, text: str = CATALOGUE) -> Path:
    folder = root / "locale" / "zh_Hans" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    path = folder / "django.po"
    path.write_text(text, encoding="utf-8")
    return path


def test_compiled_catalogue_gives_django_the_chinese_translations(tmp_path):
    po_path = write_catalogue(tmp_path)

    assert compile_stale_catalogues(tmp_path) == [po_path.with_suffix(".mo")]

    with (
        override_settings(LOCALE_PATHS=[tmp_path / "locale"]),
        translation.override("zh-hans"),
    ):
        assert translation.gettext("Yeji test: good morning") == "业绩测试：早上好"
        assert (
            translation.gettext("Yeji test: a message on two lines")
            == "业绩测试：两行的消息"
        )
        assert translation.pgettext("month", "Yeji test: May") == "业绩测试：五月"
        assert translation.gettext("Yeji test: May") == "Yeji test: May"
        assert (
            translation.ngettext(
                "Yeji test: %(count)d order", "Yeji test: %(count)d orders", 3
            )
            % {"count": 3}
            == "业绩测试：3 个订单"
        )
        assert (
            translation.gettext('Yeji test: "quoted"\tand tabbed')
            == "业绩测试：“引号”\t和制表符"
        )
        # Guesses and empty translations show the English text.
        assert translation.gettext("Yeji test: a guess") == "Yeji test: a guess"
        assert (
            translation.gettext("Yeji test: not translated yet")
            == "Yeji test: not translated yet"
        )
        assert translation.gettext("Yeji test: obsolete") == "Yeji test: obsolete"


def test_catalogue_without_charset_still_reads_as_utf8(tmp_path):
    po_path = write_catalogue(
        tmp_path, 'msgid "Yeji test: hello"\nmsgstr "业绩测试：你好"\n'
    )

    mo_path = compile_po(po_path)

    with mo_path.open("rb") as stream:
        catalogue = gettext.GNUTranslations(stream)
    assert catalogue.gettext("Yeji test: hello") == "业绩测试：你好"


def test_only_missing_or_older_catalogues_are_compiled_again(tmp_path):
    po_path = write_catalogue(tmp_path)
    compile_stale_catalogues(tmp_path)

    assert compile_stale_catalogues(tmp_path) == []

    later = po_path.with_suffix(".mo").stat().st_mtime + 10
    os.utime(po_path, (later, later))
    assert compile_stale_catalogues(tmp_path) == [po_path.with_suffix(".mo")]


def test_catalogue_with_a_syntax_error_names_file_and_line(tmp_path):
    po_path = write_catalogue(
        tmp_path, 'msgid "Yeji test: fine"\nmsgstr "好"\n\nmsgid unquoted\n'
    )

    with pytest.raises(PoSyntaxError, match=r"django\.po:4: expected a quoted"):
        compile_po(po_path)
    # Starting up goes on without that catalogue rather than failing.
    assert compile_stale_catalogues(tmp_path) == []


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU msgfmt not here")
@pytest.mark.parametrize(
    "po_path", catalogues(), ids=lambda p: str(p.parent.parent.parent.parent.name)
)
def test_project_catalogue_compiles_to_what_gnu_msgfmt_makes(po_path, tmp_path):
    ours, theirs = tmp_path / "ours.mo", tmp_path / "theirs.mo"
    compile_po(po_path, ours)
    subprocess.run(["msgfmt", "-o", str(theirs), str(po_path)], check=True)

    def messages(path: Path) -> dict:
        with path.open("rb") as stream:
            catalogue = gettext.GNUTranslations(stream)._catalog
        catalogue.pop("", None)
        return catalogue

    assert messages(ours) == messages(theirs)


def test_suite_reads_the_apps_chinese_translations_without_gettext():
    # The root conftest compiled the apps' catalogues before Django started.
    from yeji.org.models import Employee, Role

    with translation.override("zh-hans"):
        assert str(Employee._meta.verbose_name) == "员工"
        assert str(Role.REP.label) == "销售代表"
    with translation.override("en"):
        assert str(Role.REP.label) == "Sales rep"
