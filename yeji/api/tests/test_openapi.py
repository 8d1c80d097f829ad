"""The OpenAPI document and the docs beside it describe every route."""

from yeji.api.records import ACCESS
from yeji.interchange.spec import KINDS


def test_the_document_lists_every_kind_with_the_formats_fields(api, company):
    document = api("rep1").get("/openapi.json").json()
    paths = document["paths"]
    # Team targets are read and written through the cascade's own routes
    # (yeji/targets/api.py), not as a record kind.
    assert {kind.name for kind in KINDS} - set(ACCESS) == {"team_targets"}
    for kind in KINDS:
        if kind.name not in ACCESS:
            assert f"/api/v1/{kind.name}" not in paths
            continue
        assert set(paths[f"/api/v1/{kind.name}"]) == {"get", "post"}
        assert set(paths[f"/api/v1/{kind.name}/{{key}}"]) == {
            "get",
            "put",
            "patch",
            "delete",
        }
        assert "post" in paths[f"/api/v1/{kind.name}/bulk"]
    body = paths["/api/v1/orders"]["post"]["requestBody"]["content"]
    fields = body["application/json"]["schema"]["properties"]
    assert {"order_no", "customer_code", "employee_no", "amount", "status"} <= set(
        fields
    )
    assert "/api/v1/scorecard" in paths
    assert "/api/v1/scorecard/{employee_no}" in paths


def test_the_docs_page_loads_its_files_from_this_server(company):
    client = company.client("rep1")
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()


def test_the_document_declares_every_answer_a_route_gives(api, company):
    paths = api("rep1").get("/openapi.json").json()["paths"]
    errors = {"401", "403", "404", "409", "422"}
    assert set(paths["/api/v1/orders"]["post"]["responses"]) == {"201"} | errors - {
        "404"
    }
    assert set(paths["/api/v1/orders/{key}"]["get"]["responses"]) == {
        "200",
        "401",
        "404",
    }
    assert set(paths["/api/v1/orders/{key}"]["delete"]["responses"]) == {
        "204",
        "401",
        "403",
        "404",
        "409",
        "422",
    }
    problem = paths["/api/v1/orders"]["get"]["responses"]["422"]["content"]
    assert problem["application/json"]["schema"]["required"] == ["detail"]
    # What a response gives is text or null, as the format's files are.
    read = paths["/api/v1/orders/{key}"]["get"]["responses"]["200"]["content"]
    amount = read["application/json"]["schema"]["properties"]["amount"]
    assert amount["type"] == ["string", "null"]
