from django.apps import AppConfig
from django.urls import register_converter


class ZoneCodeConverter:
    """`<zone:zone>` in an API path: a zone code (zones.models.Zone.code); anything else is a JSON 404."""

    regex = "[A-Z][A-Z0-9_]{0,15}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


class RecordIdConverter:
    """`<id:pk>`: a record id that fits the database's bigint."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def ready(self):
        register_converter(ZoneCodeConverter, "zone")
        register_converter(RecordIdConverter, "id")
