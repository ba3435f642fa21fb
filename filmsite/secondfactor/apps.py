from django.apps import AppConfig


class SecondFactorConfig(AppConfig):
    name = "filmsite.secondfactor"
    label = "secondfactor"
    verbose_name = "Second factor"
