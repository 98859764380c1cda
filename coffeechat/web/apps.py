from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "coffeechat.web"
    label = "web"
