import pytest


@pytest.mark.django_db
def test_home_page_lists_no_resources_yet(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"No public resources yet." in response.content
