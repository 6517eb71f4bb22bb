"""What the schema says of every operation, added in one place: the path parameters as the URL
converters accept them (a zone code, a known year, a month, a record id) and the error responses."""

from core.periods import FIRST_YEAR, LAST_YEAR

PATH_PARAMETERS = {
    "zone": {"type": "string", "pattern": "^[A-Z][A-Z0-9_]{0,15}$", "example": "HX"},
    "year": {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR, "example": 2024},
    "month": {"type": "integer", "minimum": 1, "maximum": 12, "example": 10},
    "id": {"type": "integer", "minimum": 1, "maximum": 10**18 - 1, "example": 1},
}

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "code": {"type": "string"},
        "message": {"type": "string"},
        "field": {"type": "string", "nullable": True},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                    "field": {"type": "string", "nullable": True},
                },
                "required": ["code", "message", "field"],
            },
        },
        "current": {"description": "412: the current state of what the request was made on"},
    },
    "required": ["code", "message", "field", "errors"],
}
ERRORS = {
    "400": "Bad input",
    "401": "No or invalid token",
    "403": "The user's role may not do this on the zone",
    "404": "Not found, or a zone outside the user's scope",
    "405": "Method not allowed",
    "406": "Not acceptable",
    "409": "Conflicts with the month's state, or warnings not confirmed",
    "412": "If-Match names an older version; `current` holds the current state",
    "415": "Unsupported media type",
    "423": "The month is locked (submitted or approved)",
    "428": "A review decision without If-Match: send the month's ETag",
    "429": "Throttled; see Retry-After",
    "503": "Database unavailable; nothing was saved",
}


def describe_path_parameters(result, generator, request, public):
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "path" and parameter["name"] in PATH_PARAMETERS:
                    parameter["schema"] = dict(PATH_PARAMETERS[parameter["name"]])
    return result


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, description in ERRORS.items():
                responses.setdefault(status, {"description": description, "content": reference})
    return result
