"""A download page for the tests of the download events."""

from django.urls import include, path

from yeji.web.downloads import Format, table_download


def customers_download(request):
    return table_download(
        filename="客户",
        fmt=Format.CSV,
        headers=["code", "name"],
        rows=[["C1", "<script>alert(1)</script>"], ["C2", '=HYPERLINK("x")']],
    )


urlpatterns = [
    path("test-download/", customers_download, name="test_download"),
    path("", include("yeji.urls")),
]
