"""The daily work forms: what they save, what they refuse, and that the
same form posted twice saves once."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from yeji.crm import services
from yeji.crm.models import Complaint, Request, Survey, Visit

pytestmark = pytest.mark.django_db


def _visit_form(**changes) -> dict:
    data = {
        "token": str(uuid.uuid4()),
        "channel": "onsite",
        "visited_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "summary": "谈了新合同",
        "next_follow_up_on": "",
        "latitude": "31.230416",
        "longitude": "121.473701",
        "accuracy": "12.5",
        "location_consent": "on",
    }
    data.update(changes)
    return data


def _field_errors(response, field: str) -> list[str]:
    return response.context["form"].errors.get(field, [])


def test_a_rep_logs_a_visit_with_their_location(cast):
    client = cast.client("rep1")

    response = client.post(
        reverse("crm:visit_create", args=["C-A"]),
        _visit_form(visited_at="2026-11-03T23:30", next_follow_up_on="2026-11-20"),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("crm:customer_detail", args=["C-A"])
    visit = Visit.objects.get(summary="谈了新合同")
    assert visit.employee == cast.people["rep1"]
    assert visit.visit_no.startswith("V-")
    # 23:30 in Shanghai is 15:30 UTC the same day; the visit's date is local.
    assert visit.visited_on == dt.date(2026, 11, 3)
    assert visit.latitude == Decimal("31.230416")
    assert visit.longitude == Decimal("121.473701")
    assert visit.location_accuracy == Decimal("12.5")
    assert visit.next_follow_up_on == dt.date(2026, 11, 20)


def test_a_call_keeps_no_location_even_if_one_is_sent(cast):
    client = cast.client("rep1")

    client.post(
        reverse("crm:visit_create", args=["C-A"]),
        _visit_form(channel="phone", latitude="91", longitude="500"),
    )

    visit = Visit.objects.get(summary="谈了新合同")
    assert visit.channel == "phone"
    assert visit.latitude is None and visit.longitude is None
    assert visit.location_accuracy is None


def test_a_visit_without_a_location_is_saved_without_one(cast):
    client = cast.client("rep1")

    response = client.post(
        reverse("crm:visit_create", args=["C-A"]),
        _visit_form(latitude="", longitude="", accuracy=""),
    )

    assert response.status_code == 302
    assert Visit.objects.get(summary="谈了新合同").latitude is None


def test_a_latitude_out_of_range_is_refused_next_to_the_field(cast):
    client = cast.client("rep1")
    before = Visit.objects.count()

    response = client.post(
        reverse("crm:visit_create", args=["C-A"]), _visit_form(latitude="91")
    )

    assert response.status_code == 400
    assert _field_errors(response, "latitude") == ["纬度应在 -90 至 90 度之间。"]
    assert 'id="latitude-error"' in response.content.decode()
    assert Visit.objects.count() == before


def test_a_longitude_out_of_range_is_refused(cast):
    response = cast.client("rep1").post(
        reverse("crm:visit_create", args=["C-A"]), _visit_form(longitude="-180.5")
    )

    assert response.status_code == 400
    assert _field_errors(response, "longitude")
    assert not Visit.objects.filter(summary="谈了新合同").exists()


def test_a_visit_in_the_future_or_without_a_time_is_refused(cast):
    client = cast.client("rep1")
    tomorrow = timezone.localtime() + dt.timedelta(days=1)

    future = client.post(
        reverse("crm:visit_create", args=["C-A"]),
        _visit_form(visited_at=tomorrow.strftime("%Y-%m-%dT%H:%M")),
    )
    blank = client.post(
        reverse("crm:visit_create", args=["C-A"]), _visit_form(visited_at="")
    )

    assert _field_errors(future, "visited_at") == ["这是将来的时间。"]
    assert _field_errors(blank, "visited_at")
    assert not Visit.objects.filter(summary="谈了新合同").exists()


def test_a_follow_up_before_the_visit_is_refused(cast):
    response = cast.client("rep1").post(
        reverse("crm:visit_create", args=["C-A"]),
        _visit_form(visited_at="2026-11-03T10:00", next_follow_up_on="2026-11-01"),
    )

    assert _field_errors(response, "next_follow_up_on") == [
        "下次跟进日期早于本次拜访。"
    ]
    assert not Visit.objects.filter(summary="谈了新合同").exists()


def test_the_same_visit_form_posted_twice_saves_one_visit(cast):
    client = cast.client("rep1")
    form = _visit_form()

    first = client.post(reverse("crm:visit_create", args=["C-A"]), form)
    second = client.post(reverse("crm:visit_create", args=["C-A"]), form)

    assert first.status_code == second.status_code == 302
    assert Visit.objects.filter(summary="谈了新合同").count() == 1


def test_two_visit_forms_save_two_visits(cast):
    client = cast.client("rep1")

    client.post(reverse("crm:visit_create", args=["C-A"]), _visit_form())
    client.post(reverse("crm:visit_create", args=["C-A"]), _visit_form())

    assert Visit.objects.filter(summary="谈了新合同").count() == 2


def test_a_form_without_its_token_is_refused(cast):
    response = cast.client("rep1").post(
        reverse("crm:visit_create", args=["C-A"]), _visit_form(token="")
    )

    assert response.status_code == 400
    assert "此表单已失效，请重新填写。" in response.content.decode()
    assert not Visit.objects.filter(summary="谈了新合同").exists()


def test_a_visit_at_a_customer_outside_sight_writes_nothing(cast):
    before = Visit.objects.count()

    response = cast.client("rep1").post(
        reverse("crm:visit_create", args=["C-C"]), _visit_form()
    )

    assert response.status_code == 404
    assert Visit.objects.count() == before


def test_the_service_refuses_a_customer_outside_sight(cast):
    with pytest.raises(services.NotAllowed):
        services.visit_log(
            user=cast.people["rep1"].user,
            customer=cast.customers["C"],
            channel="phone",
            visited_at=timezone.now(),
        )
    with pytest.raises(services.NotAllowed):
        services.survey_record(
            user=cast.people["finance"].user,
            customer=cast.customers["A"],
            answered_on=timezone.localdate(),
            satisfaction=5,
            recommend=10,
        )


def test_a_manager_logs_a_visit_as_themself_at_their_reps_customer(cast):
    cast.client("manager").post(
        reverse("crm:visit_create", args=["C-A"]), _visit_form()
    )

    assert Visit.objects.get(summary="谈了新合同").employee == cast.people["manager"]


def test_the_visit_form_is_prefilled_with_now_and_asks_for_the_location(cast):
    response = cast.client("rep1").get(reverse("crm:visit_create", args=["C-A"]))

    html = response.content.decode()
    now = timezone.localtime().strftime("%Y-%m-%dT")
    assert f'value="{now}' in html
    assert 'name="latitude"' in html and 'type="hidden"' in html
    assert "只有在您允许时才随拜访记录保存" in html
    assert "crm/visit.js" in html


def test_a_request_is_opened_under_the_customers_owner(cast):
    response = cast.client("manager").post(
        reverse("crm:request_create", args=["C-A"]),
        {
            "token": str(uuid.uuid4()),
            "subject": "要样品",
            "opened_at": "2026-11-02T09:15",
        },
    )

    assert response.status_code == 302
    request = Request.objects.get(subject="要样品")
    assert request.employee == cast.people["rep1"]
    assert request.opened_on == dt.date(2026, 11, 2)
    assert request.first_response_at is None
    assert request.request_no.startswith("R-")


def test_a_request_needs_a_subject(cast):
    response = cast.client("rep1").post(
        reverse("crm:request_create", args=["C-A"]),
        {"token": str(uuid.uuid4()), "subject": " ", "opened_at": "2026-11-02T09:15"},
    )

    assert response.status_code == 400
    assert _field_errors(response, "subject")


def test_answered_now_records_the_first_response_once(cast):
    client = cast.client("rep1")
    url = reverse("crm:request_answer", args=["R-A2"])

    first = client.post(url, {"now": "1"})
    answered = Request.objects.get(request_no="R-A2").first_response_at
    second = client.post(url, {"now": "1"})

    assert first.status_code == second.status_code == 302
    assert answered is not None
    assert abs(answered - timezone.now()) < dt.timedelta(minutes=1)
    assert Request.objects.get(request_no="R-A2").first_response_at == answered


def test_an_answer_at_a_given_time_is_kept(cast):
    cast.client("rep1").post(
        reverse("crm:request_answer", args=["R-A2"]),
        {"answered_at": "2026-08-03T15:30"},
    )

    answered = Request.objects.get(request_no="R-A2").first_response_at
    assert timezone.localtime(answered).strftime("%Y-%m-%d %H:%M") == "2026-08-03 15:30"


def test_a_response_before_the_request_was_opened_is_refused(cast):
    response = cast.client("rep1").post(
        reverse("crm:request_answer", args=["R-A2"]),
        {"answered_at": "2026-08-03T08:59"},
    )

    assert response.status_code == 400
    assert _field_errors(response, "answered_at") == ["回复时间早于需求提出时间。"]
    assert "回复时间早于需求提出时间。" in response.content.decode()
    assert Request.objects.get(request_no="R-A2").first_response_at is None


def _survey_form(**changes) -> dict:
    data = {
        "token": str(uuid.uuid4()),
        "answered_on": "2026-11-01",
        "satisfaction": "5",
        "recommend": "9",
        "comment": "很满意",
    }
    data.update(changes)
    return data


def test_a_survey_answer_is_recorded_under_the_owner(cast):
    response = cast.client("rep1").post(
        reverse("crm:survey_create", args=["C-A"]), _survey_form()
    )

    assert response.status_code == 302
    survey = Survey.objects.get(comment="很满意")
    assert (survey.satisfaction, survey.recommend) == (5, 9)
    assert survey.employee == cast.people["rep1"]


@pytest.mark.parametrize(
    "field, value", [("satisfaction", "6"), ("satisfaction", "0"), ("recommend", "11")]
)
def test_a_score_out_of_its_range_is_refused_next_to_the_field(cast, field, value):
    response = cast.client("rep1").post(
        reverse("crm:survey_create", args=["C-A"]), _survey_form(**{field: value})
    )

    assert response.status_code == 400
    assert _field_errors(response, field)
    html = response.content.decode()
    field_html = html[html.index(f'id="field-{field}"') :]
    assert 'class="error"' in field_html[: field_html.index("</fieldset>") + 200]
    assert not Survey.objects.filter(comment="很满意").exists()


def test_the_survey_service_checks_the_ranges_itself(cast):
    with pytest.raises(services.ValidationError) as error:
        services.survey_record(
            user=cast.people["rep1"].user,
            customer=cast.customers["A"],
            answered_on=timezone.localdate(),
            satisfaction=6,
            recommend=-1,
        )

    assert set(error.value.message_dict) == {"satisfaction", "recommend"}
    assert not Survey.objects.filter(satisfaction=6).exists()


def test_the_same_survey_posted_twice_saves_one(cast):
    client = cast.client("rep1")
    form = _survey_form()

    client.post(reverse("crm:survey_create", args=["C-A"]), form)
    client.post(reverse("crm:survey_create", args=["C-A"]), form)

    assert Survey.objects.filter(comment="很满意").count() == 1


def test_a_complaint_is_recorded_and_its_resolution_checked(cast):
    client = cast.client("rep1")
    url = reverse("crm:complaint_create", args=["C-A"])
    form = {
        "token": str(uuid.uuid4()),
        "category": "包装破损",
        "severity": "high",
        "filed_on": "2026-10-10",
        "resolved_on": "2026-10-09",
    }

    refused = client.post(url, form)
    saved = client.post(url, {**form, "resolved_on": "2026-10-12"})
    again = client.post(url, {**form, "resolved_on": "2026-10-12"})

    assert _field_errors(refused, "resolved_on") == ["解决日期早于投诉日期。"]
    assert saved.status_code == again.status_code == 302
    complaint = Complaint.objects.get(category="包装破损")
    assert complaint.severity == "high"
    assert complaint.resolved_on == dt.date(2026, 10, 12)
    assert complaint.employee == cast.people["rep1"]
    assert complaint.complaint_no.startswith("CP-")


def test_a_token_taken_by_another_form_is_refused(cast):
    client = cast.client("rep1")
    token = str(uuid.uuid4())
    client.post(reverse("crm:survey_create", args=["C-A"]), _survey_form(token=token))

    response = client.post(
        reverse("crm:visit_create", args=["C-A"]), _visit_form(token=token)
    )

    assert response.status_code == 400
    assert "此表单已失效，请重新填写。" in response.content.decode()
    assert not Visit.objects.filter(summary="谈了新合同").exists()
