"""The OpenAPI document and the docs beside it describe every route."""

from yeji.interchange.spec import KINDS


def test_the_document_lists_every_kind_with_the_formats_fields(api, company):
    document = api("rep1").get("/openapi.json").json()
    paths = document["paths"]
    for kind in KINDS:
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
