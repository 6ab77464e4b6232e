import pytest


@pytest.fixture
def app_config(app_config, smtp):
    return {**app_config, "SMTP_URL": smtp.url, "MAIL_FROM": "APEBI Webinars <webinars@apebi.example>"}
