"""The error responses every operation may give, added to the schema in one place."""

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
    "429": "Throttled; see Retry-After",
    "503": "Database unavailable; nothing was saved",
}


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, description in ERRORS.items():
                responses.setdefault(status, {"description": description, "content": reference})
    return result
