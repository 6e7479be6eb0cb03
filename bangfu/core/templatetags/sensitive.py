"""`{% masked obj "field" %}`: sensitive values are shown masked by default, everywhere.

The privacy core extends this with a "show in clear" control for users holding the permission
(every reveal audited). Decryption errors fail closed: the tag shows a notice, never ciphertext.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from bangfu.core.masking import mask_bank_account, mask_id_number, mask_name, mask_phone
from bangfu.core.sensitive import SensitiveDataError

register = template.Library()

MASKERS = {
    "id_number": mask_id_number,
    "phone": mask_phone,
    "bank_account": mask_bank_account,
    "name": mask_name,
}


def masked_value(obj: Any, field_name: str) -> str:
    try:
        value = getattr(obj, field_name)
    except SensitiveDataError:
        return _("[cannot be decrypted]")
    masker = MASKERS.get(field_name)
    if masker is None:
        return "******" if value else ""
    return masker(value)


@register.simple_tag
def masked(obj: Any, field_name: str) -> str:
    return masked_value(obj, field_name)
