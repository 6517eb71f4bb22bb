"""Authentication against our user table."""

from django.contrib.auth.backends import ModelBackend

from devzone.compiled import CompiledQuery

from .models import User

# Every request's first read: its SQL is written once per process (devzone.compiled).
_user_by_pk = CompiledQuery(lambda pk: User._default_manager.filter(pk=pk))


class UserBackend(ModelBackend):
    """Django's ModelBackend (passwords, permissions, inactive users refused), with the user of
    a session read by a compiled query."""

    def get_user(self, user_id):
        found = _user_by_pk(User._meta.pk.to_python(user_id))
        user = found[0] if found else None
        return user if user is not None and self.user_can_authenticate(user) else None
