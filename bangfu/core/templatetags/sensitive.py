"""`{% masked obj "field" %}`: sensitive values are shown masked by default, everywhere.

For a user holding `core.reveal_sensitive`, a field classified sensitive (or minor) in the data
inventory also gets a "show" control: htmx asks `security:reveal` for the value in clear, which checks
the permission and the user's scope and records the reveal. Decryption errors fail closed: the tag
shows a notice, never ciphertext.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from bangfu.core.inventory import is_revealable
from bangfu.core.masking import mask_value
from bangfu.core.sensitive import SensitiveDataError

register = template.Library()

REVEAL_PERMISSION = "core.reveal_sensitive"


def masked_value(obj: Any, field_name: str) -> str:
    try:
        value = getattr(obj, field_name)
    except SensitiveDataError:
        return _("[cannot be decrypted]")
    return mask_value(field_name, value)


def may_offer_reveal(user: Any, obj: Any, field_name: str) -> bool:
    return (
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(obj, "pk", None) is not None
        and is_revealable(obj, field_name)
        and user.has_perm(REVEAL_PERMISSION)
    )


def reveal_url(obj: Any, field_name: str, *, hide: bool = False) -> str:
    meta = obj._meta
    url = reverse("security:reveal", args=[meta.app_label, meta.model_name, obj.pk, field_name])
    return url + ("?hide=1" if hide else "")


def render_masked(obj: Any, field_name: str, user: Any) -> str | SafeString:
    """The masked text, wrapped with a "show" button when the user may reveal this field."""
    text = masked_value(obj, field_name)
    if not text or not may_offer_reveal(user, obj, field_name):
        return text
    try:
        url = reveal_url(obj, field_name)
    except NoReverseMatch:
        return text
    return format_html(
        '<span class="bf-sensitive" data-field="{}">{} '
        '<button type="button" class="btn btn-link btn-sm p-0 align-baseline" hx-get="{}" '
        'hx-target="closest .bf-sensitive" hx-swap="outerHTML" title="{}">{}</button></span>',
        field_name, text, url, _("Show in clear (the reveal is recorded)"), _("Show"),
    )


@register.simple_tag(takes_context=True)
def masked(context: template.Context, obj: Any, field_name: str) -> str | SafeString:
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    return render_masked(obj, field_name, user)
