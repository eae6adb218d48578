from dangbo.web.tests.conftest import as_user, people  # noqa: F401  the web tests' members and clients
