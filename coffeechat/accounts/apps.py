from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "coffeechat.accounts"
    label = "accounts"

    def ready(self) -> None:
        from coffeechat.pagecache import connect_signals

        connect_signals()
