"""A model field for the engine's weekly time mask (168 bits: more than any integer column holds)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from bangfu.jobs.slots import SlotsError, format_slots, parse_slots
from bangfu.matching.engine import ALL_WEEK

HEX_DIGITS = 42  # 168 bits


class WeeklySlotsFormField(forms.CharField):
    """Typed as text ("周一至周五 09–18 时"), cleaned to the mask."""

    def __init__(self, *, empty_mask: int = 0, **kwargs: Any) -> None:
        self.empty_mask = empty_mask
        kwargs.setdefault("required", False)
        kwargs.pop("max_length", None)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int):
            return format_slots(value)
        return value

    def to_python(self, value: Any) -> int:  # type: ignore[override]
        if isinstance(value, int):
            return value
        try:
            return parse_slots(str(value or ""), empty=self.empty_mask)
        except SlotsError as exc:
            raise ValidationError(str(exc), code="invalid") from None


def _check_range(value: int) -> None:
    if not 0 <= value <= ALL_WEEK:
        raise ValidationError("每周时间超出范围", code="invalid")


class WeeklySlotsField(models.CharField):
    """Stored as 42 lower-case hex digits, read as the int mask (also through ``values()``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["max_length"] = HEX_DIGITS
        super().__init__(*args, **kwargs)

    @property
    def validators(self) -> list[Any]:  # type: ignore[override]
        """The value is an int mask: the text validators of CharField (length, NUL) do not apply."""
        return [_check_range]

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        return name, path, args, kwargs

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> int | None:
        return None if value is None else int(value, 16)

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        if value is None or isinstance(value, int):
            return value
        return int(str(value), 16)

    def get_prep_value(self, value: Any) -> str | None:
        if value is None:
            return None
        mask = int(value) if not isinstance(value, str) else int(value, 16)
        if not 0 <= mask <= ALL_WEEK:
            raise ValueError("weekly slot mask out of range")
        return f"{mask:0{HEX_DIGITS}x}"

    def value_to_string(self, obj: models.Model) -> str:
        return self.get_prep_value(self.value_from_object(obj)) or ""

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        default = self.default if isinstance(self.default, int) else 0
        defaults: dict[str, Any] = {"form_class": WeeklySlotsFormField, "empty_mask": default}
        defaults.update(kwargs)
        return models.Field.formfield(self, **defaults)
