"""The sign-up box on the home page (see core.sections)."""

from core.sections import Section


def home_signup(request):
    return Section(
        "newsletter/includes/signup_box.html", {"box_id": "home-newsletter"}, "Newsletter"
    )
