from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "filmsite.accounts"
    label = "accounts"
    verbose_name = "Accounts"
