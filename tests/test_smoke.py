def test_app_starts_and_answers(client):
    assert client.get("/").status_code == 200


def test_organizer_fixture_signs_in(organizer, client):
    response = client.get("/manage/")
    assert response.status_code == 302
    assert organizer.organization.slug in response.headers["Location"]
