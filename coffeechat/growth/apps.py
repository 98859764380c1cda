from django.apps import AppConfig


class GrowthConfig(AppConfig):
    name = "coffeechat.growth"
    label = "growth"
