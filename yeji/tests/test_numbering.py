"""Keys of records made in Yeji: readable, dated, and not repeated."""

import datetime as dt
import re

import pytest

from yeji.numbering import create_once, new_key


def test_a_new_key_names_its_kind_and_local_day():
    key = new_key("V", on=dt.date(2026, 12, 4))

    assert re.fullmatch(r"V-20261204-[0-9A-HJKMNP-TV-Z]{6}", key)


def test_keys_made_together_differ():
    keys = {new_key("T") for _ in range(2000)}

    assert len(keys) == 2000


@pytest.mark.django_db
def test_a_record_made_once_per_form_key():
    from yeji.org.models import Team

    day = dt.date(2026, 12, 4)
    fresh, made = create_once(Team, key_field="code", key=None, letter="G", on=day)
    assert made and re.fullmatch(r"G-20261204-\w{6}", fresh.code)

    first, made = create_once(
        Team, key_field="code", key="G-FORM", letter="G", name="华东"
    )
    again, made_again = create_once(
        Team, key_field="code", key="G-FORM", letter="G", name="另一个"
    )
    assert made and not made_again
    assert again.pk == first.pk and again.name == "华东"
    assert Team.objects.filter(code="G-FORM").count() == 1
