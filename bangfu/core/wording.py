"""Django's own form messages in the words of an office, not of a programmer.

Django's Chinese catalogue says "确保该变量包含不超过 50 字符" (变量 is a programmer's word). The app catalogues
take precedence over Django's, so the same msgids translated in `core/locale` replace them everywhere (forms,
model validation, the API). They are named here so that `makemessages` keeps them in our catalogue.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop, ngettext_lazy

MAX_LENGTH = ngettext_lazy(
    "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
    "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
    "limit_value",
)
MIN_LENGTH = ngettext_lazy(
    "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
    "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
    "limit_value",
)
AT_MOST = gettext_noop("Ensure this value is less than or equal to %(limit_value)s.")
AT_LEAST = gettext_noop("Ensure this value is greater than or equal to %(limit_value)s.")
VALID_DATE = gettext_noop("Enter a valid date.")
VALID_NUMBER = gettext_noop("Enter a whole number.")
