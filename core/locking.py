"""Optimistic locking: a save names the version of the row it was made on, and is refused when
the stored row has moved on since (someone else saved it in between)."""

NO_RECORD = -1  # the version a form or an import preview saw when the row did not exist yet


def is_stale(stored_version: int | None, expected: int | None) -> bool:
    """Whether a save made on `expected` (None: not checked) meets another stored version
    (None: there is no row)."""
    if expected is None:
        return False
    return (NO_RECORD if stored_version is None else stored_version) != expected
