from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator

from core.forms import PageFormMixin


class LoginForm(PageFormMixin, AuthenticationForm):
    """Django's log-in form, its user name held to the length a user name has: Django sets
    the limit on the field after it is built, so it never checks it, and a name longer than
    the lock-out log's column stopped the log-in with an error page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))
        # A password is checked only against the account's: one set in the admin may hold
        # any character.
        self.fields["password"].validators = []
