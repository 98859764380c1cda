from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "coffeechat.network"
    label = "network"

    def ready(self) -> None:
        from coffeechat.network import signals

        signals.connect()
