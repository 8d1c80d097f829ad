"""The account pages: who I am, my language across log-ins, my password."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from yeji.org.models import AccountPreference
from yeji.web.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LANGUAGE_COOKIE = settings.LANGUAGE_COOKIE_NAME


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _log_in(client: Client, username: str, password: str = PASSWORD):
    return client.post(
        reverse("login"), {"username": username, "password": password}, follow=True
    )


def test_account_page_shows_name_number_team_and_role(rep):
    response = _logged_in(rep.user).get(reverse("org:account"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>我的账户</h1>" in html
    for fact in ["rep1", "张伟", "E0001", "华东一组", "EAST-1", "销售代表"]:
        assert fact in html
    assert reverse("org:password_change") in html


def test_account_page_of_a_log_in_without_employee_says_so(stranger):
    response = _logged_in(stranger).get(reverse("org:account"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "stranger" in html
    assert "没有关联员工" in html
    assert "工号" not in html


def test_account_pages_send_anonymous_users_to_log_in(client):
    for name in ["org:account", "org:password_change"]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")
    response = client.post(reverse("org:language"), {"language": "en"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    assert not AccountPreference.objects.exists()


def test_top_bar_links_the_name_to_the_account_page(rep):
    response = _logged_in(rep.user).get(reverse("org:account"))

    html = response.content.decode()
    assert f'<a class="who" href="{reverse("org:account")}"' in html


def test_choosing_english_switches_the_pages_and_is_kept(rep):
    client = _logged_in(rep.user)

    response = client.post(reverse("org:language"), {"language": "en"}, follow=True)

    assert response.redirect_chain == [(reverse("org:account"), 302)]
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "<h1>My account</h1>" in html
    assert "Your language is saved." in html
    assert client.cookies[LANGUAGE_COOKIE].value == "en"
    assert AccountPreference.objects.get(user=rep.user).language == "en"


def test_top_bar_switch_returns_to_the_page_it_was_on(rep):
    client = _logged_in(rep.user)
    page = reverse("org:password_change")

    response = client.post(reverse("org:language"), {"language": "en", "next": page})

    assert response.status_code == 302
    assert response["Location"] == page
    assert AccountPreference.objects.get(user=rep.user).language == "en"


def test_language_switch_never_leads_off_the_site(rep):
    response = _logged_in(rep.user).post(
        reverse("org:language"),
        {"language": "en", "next": "https://evil.example/"},
    )

    assert response["Location"] == reverse("org:account")


def test_the_language_chosen_is_applied_at_the_next_log_in_elsewhere(rep):
    _logged_in(rep.user).post(reverse("org:language"), {"language": "en"})

    # Another browser: no language cookie, Chinese until the user logs in.
    browser = Client()
    assert '<html lang="zh-hans">' in browser.get(reverse("login")).content.decode()
    response = _log_in(browser, "rep1")

    assert browser.cookies[LANGUAGE_COOKIE].value == "en"
    assert '<html lang="en">' in response.content.decode()


def test_a_log_in_that_chose_nothing_keeps_the_language_of_its_browser(rep):
    browser = Client()
    browser.post(reverse("set_language"), {"language": "en", "next": "/login/"})

    _log_in(browser, "rep1")

    assert browser.cookies[LANGUAGE_COOKIE].value == "en"
    html = browser.get(reverse("org:account")).content.decode()
    assert '<html lang="en">' in html


def test_the_stored_choice_wins_over_the_browsers_language_at_log_in(rep):
    AccountPreference.objects.create(user=rep.user, language="zh-hans")
    browser = Client()
    browser.post(reverse("set_language"), {"language": "en", "next": "/login/"})

    response = _log_in(browser, "rep1")

    assert browser.cookies[LANGUAGE_COOKIE].value == "zh-hans"
    assert '<html lang="zh-hans">' in response.content.decode()


def test_an_unknown_language_is_refused_next_to_the_field(rep):
    response = _logged_in(rep.user).post(reverse("org:language"), {"language": "fr"})

    assert response.status_code == 400
    html = response.content.decode()
    assert '<span class="error">' in html
    assert not AccountPreference.objects.exists()


def test_password_change_with_a_wrong_old_password_shows_the_error(rep):
    client = _logged_in(rep.user)

    response = client.post(
        reverse("org:password_change"),
        {
            "old_password": "not it",
            "new_password1": "a new long secret 42",
            "new_password2": "a new long secret 42",
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "你的旧密码不正确" in html
    rep.user.refresh_from_db()
    assert rep.user.check_password(PASSWORD)


def test_password_change_with_mismatched_new_passwords_shows_the_error(rep):
    response = _logged_in(rep.user).post(
        reverse("org:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a new long secret 42",
            "new_password2": "another long secret 42",
        },
    )

    html = response.content.decode()
    assert "输入的两个密码不一致" in html
    rep.user.refresh_from_db()
    assert rep.user.check_password(PASSWORD)


def test_password_change_keeps_this_session_and_the_new_password_logs_in(rep):
    client = _logged_in(rep.user)
    other_session = _logged_in(rep.user)

    response = client.post(
        reverse("org:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a new long secret 42",
            "new_password2": "a new long secret 42",
        },
        follow=True,
    )

    assert response.redirect_chain == [(reverse("org:account"), 302)]
    assert "密码已修改。" in response.content.decode()
    # This session goes on; the other one ended with the old password.
    assert client.get(reverse("org:account")).status_code == 200
    assert other_session.get(reverse("org:account")).status_code == 302
    browser = Client()
    assert _log_in(browser, "rep1", "a new long secret 42").redirect_chain
    assert (
        get_user_model()
        .objects.get(username="rep1")
        .check_password("a new long secret 42")
    )


def test_password_page_shows_its_fields_in_chinese(rep):
    response = _logged_in(rep.user).get(reverse("org:password_change"))

    html = response.content.decode()
    assert response.status_code == 200
    for label in ["修改密码", "旧密码", "新密码", "新密码确认"]:
        assert label in html


def test_choosing_a_language_twice_keeps_one_choice(rep):
    client = _logged_in(rep.user)

    client.post(reverse("org:language"), {"language": "en"})
    client.post(reverse("org:language"), {"language": "en"})

    assert AccountPreference.objects.filter(user=rep.user).count() == 1


def test_top_bar_switch_keeps_the_choice_only_for_a_logged_in_user(rep, client):
    anonymous = client.get(reverse("login")).content.decode()
    logged_in = _logged_in(rep.user).get(reverse("org:account")).content.decode()

    assert f'<form class="lang" action="{reverse("set_language")}"' in anonymous
    assert f'<form class="lang" action="{reverse("org:language")}"' in logged_in


def test_the_admin_log_in_applies_the_chosen_language_too(rep):
    rep.user.is_staff = True
    rep.user.save()
    AccountPreference.objects.create(user=rep.user, language="en")
    browser = Client()

    browser.post(
        reverse("admin:login"),
        {"username": "rep1", "password": PASSWORD, "next": reverse("admin:index")},
    )

    assert browser.cookies[LANGUAGE_COOKIE].value == "en"


def test_a_refused_log_in_sets_no_language(rep):
    AccountPreference.objects.create(user=rep.user, language="en")
    browser = Client()

    _log_in(browser, "rep1", "wrong password")

    assert LANGUAGE_COOKIE not in browser.cookies
