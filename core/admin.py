"""The admin of rows that only their services may write."""

from django.contrib import admin
from django.core.exceptions import ValidationError


class ServiceSavedAdmin(admin.ModelAdmin):
    """Rows change only through their service, so an administrator's edit passes the same checks,
    rights and locks and leaves the same history (channel "admin") as the forms and imports.
    Deleting is left out: it would bypass the service and its history."""

    def check_through_service(self, request, form) -> None:
        """Raise ValidationError for what the service would refuse (the form is otherwise valid)."""

    def save_through_service(self, request, obj, form, change):
        """Write the form's values through the service; return the saved row (None when the write
        left none, as clearing a figure does)."""
        raise NotImplementedError

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        model_admin = self

        class ServiceCheckedForm(form_class):
            def _post_clean(self):
                super()._post_clean()
                if not self.errors:
                    try:
                        model_admin.check_through_service(request, self)
                    except ValidationError as error:
                        self.add_error(None, error)

        return ServiceCheckedForm

    def save_model(self, request, obj, form, change):
        saved = self.save_through_service(request, obj, form, change)
        if saved is not None:
            obj.pk = saved.pk
            obj._state.adding = False

    def has_delete_permission(self, request, obj=None):
        return False



class ReadOnly:
    """Rows that record what happened (review statuses, transitions, confirmed warnings): written
    only by their workflow, so the admin, a page or an inline, may read them and nothing else,
    one row or in bulk."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnly, admin.ModelAdmin):
    pass
