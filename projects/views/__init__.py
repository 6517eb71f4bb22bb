"""Thin views over the record services and selectors; every record is reached through
`for_user` (invisible: 404; visible but not editable: 403)."""
