"""Querysets whose SQL the ORM writes once per process, then run as raw SQL with new arguments.

Django compiles a queryset to SQL anew each time it is evaluated. For the small indexed reads that
every request makes (the logged-in user, the user's zones with their data versions) compiling
costs about as much as PostgreSQL takes to plan and run them: 0.22 of 0.48 ms for the zones on the
bench machine, where a cached dashboard is little more than these reads. The query is still
defined by the queryset; only its SQL text is kept.
"""

from collections.abc import Callable

from django.db import connection
from django.db.models import QuerySet

# Stand-ins for the arguments while the SQL is written; found again among its parameters by
# value, so they must be values no real argument or constant in a query takes.
_PROBES = (-7_340_431_917_230_001, -7_340_431_917_230_002, -7_340_431_917_230_003)


class CompiledQuery:
    """`CompiledQuery(lambda a, b: Model.objects.filter(...))(x, y)` is `list(build(x, y))`.

    The queryset must select one model's columns (annotations are fine, `select_related` is
    not: raw SQL fills one model) and take its arguments as integer lookups (primary and foreign
    keys). An argument that does not reach the SQL is ignored, so one builder may serve shapes
    that use it and shapes that do not.
    """

    def __init__(self, build: Callable[..., QuerySet]):
        self._build = build
        self._compiled: dict[str, tuple] = {}  # by database vendor

    def __call__(self, *args: int) -> list:
        compiled = self._compiled.get(connection.vendor)
        if compiled is None:
            compiled = self._compiled[connection.vendor] = self._compile(len(args))
        model, sql, slots = compiled
        params = [args[slot] if isinstance(slot, int) else slot[0] for slot in slots]
        return list(model._default_manager.raw(sql, params))

    def _compile(self, arity: int) -> tuple:
        if arity > len(_PROBES):
            raise ValueError(f"at most {len(_PROBES)} arguments")
        probes = _PROBES[:arity]
        queryset = self._build(*probes)
        if queryset.query.select_related:
            raise ValueError("select_related cannot be filled from raw SQL")
        sql, params = queryset.query.sql_with_params()
        # A slot is the index of the argument a parameter stands for, or (constant,).
        slots = tuple(probes.index(p) if type(p) is int and p in probes else (p,) for p in params)
        return queryset.model, sql, slots
