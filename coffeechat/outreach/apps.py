from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "coffeechat.outreach"
    label = "outreach"

    def ready(self) -> None:
        # Connects the receiver that learns "no reply" when an interview closes so.
        from coffeechat.outreach import responsiveness  # noqa: F401
