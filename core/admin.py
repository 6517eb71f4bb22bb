"""The admin of rows that only their services may write."""

from django import forms
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.translation import gettext as _

from .locking import NO_RECORD, is_stale


class ServiceSavedAdmin(admin.ModelAdmin):
    """Rows change only through their service, so an administrator's edit passes the same checks,
    rights and locks and leaves the same history (channel "admin") as the forms and imports.
    Deleting is left out: it would bypass the service and its history. A row with a `version`
    is saved on the version its form was loaded with: a stale save is refused with the stored
    values (optimistic locking)."""

    def check_through_service(self, request, form) -> None:
        """Raise ValidationError for what the service would refuse (the form is otherwise valid)."""

    def save_through_service(self, request, obj, form, change):
        """Write the form's values through the service; return the saved row (None when the write
        left none, as clearing a figure does)."""
        raise NotImplementedError

    def is_versioned(self) -> bool:
        try:
            self.model._meta.get_field("version")
        except FieldDoesNotExist:
            return False
        return True

    def get_form(self, request, obj=None, **kwargs):
        versioned = self.is_versioned()
        if versioned and kwargs.get("fields"):
            # The model's version is not editable: the form's own field below carries it.
            kwargs["fields"] = [name for name in kwargs["fields"] if name != "version"]
        form_class = super().get_form(request, obj, **kwargs)
        model_admin = self
        if versioned:
            form_class = type(form_class.__name__, (form_class,), {
                "version": forms.IntegerField(widget=forms.HiddenInput, min_value=NO_RECORD)})

        class ServiceCheckedForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if versioned:
                    self.fields["version"].initial = self.instance.version if self.instance.pk else NO_RECORD

            def _post_clean(self):
                super()._post_clean()
                if not self.errors and versioned:
                    model_admin.check_version(self)
                if not self.errors:
                    try:
                        model_admin.check_through_service(request, self)
                    except ValidationError as error:
                        self.add_error(None, error)

        return ServiceCheckedForm

    def check_version(self, form) -> None:
        """Refuse a save made on another version than the stored one, naming the stored values
        that differ from the form's; the form then holds the stored version."""
        stored = self.model.objects.filter(pk=form.instance.pk).first() if form.instance.pk else None
        if not is_stale(getattr(stored, "version", None), form.cleaned_data.get("version")):
            return
        differing = [
            f"{form.fields[name].label}：{getattr(stored, name)}"
            for name in form.fields
            if name != "version" and hasattr(stored, name) and form.cleaned_data.get(name) != getattr(stored, name)
        ]
        form.add_error(None, _("保存失败：在您编辑期间，其他人已修改并保存了这条记录。当前保存的值：%(values)s。核对后再次保存将以您的输入为准。") % {
            "values": "；".join(differing) or "—"})
        form.data = form.data.copy()
        form.data["version"] = stored.version

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
