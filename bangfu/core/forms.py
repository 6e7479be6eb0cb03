"""Form fields every app uses: money typed in 元 (kept in fen) and dates as Chinese staff type them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bangfu.core.dates import DateError, parse_date
from bangfu.core.money import MoneyError, format_yuan, parse_yuan


class YuanField(forms.CharField):
    """An amount typed in 元 (`4500`, `4,500.00`, `0.45万`), cleaned to integer fen; never negative.

    `empty_fen` is what an empty, optional field cleans to (None: "not given"; 0 for sums).
    """

    def __init__(self, *args: Any, allow_zero: bool = True, empty_fen: int | None = None, **kwargs: Any) -> None:
        self.allow_zero = allow_zero
        self.empty_fen = empty_fen
        super().__init__(*args, **kwargs)
        # Length is limited in the widget: max_length's validator would run on the cleaned int.
        self.widget.attrs.setdefault("maxlength", "20")
        self.widget.attrs.setdefault("inputmode", "decimal")

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return format_yuan(value, unit=False).replace(",", "")
        return value

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            fen = parse_yuan(text)
        except MoneyError as exc:
            raise forms.ValidationError(str(exc)) from None
        if fen < 0:
            raise forms.ValidationError(_("The amount cannot be negative."))
        if fen == 0 and not self.allow_zero:
            raise forms.ValidationError(_("Enter an amount greater than zero."))
        return fen

    def clean(self, value: Any) -> int | None:
        fen = super().clean(value)
        return self.empty_fen if fen is None else fen


class ChineseDateField(forms.CharField):
    """A date typed as 2024-03-05, 2024/3/5, 2024年3月5日 (or an Excel serial pasted from a sheet)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("maxlength", "20")
        self.widget.attrs.setdefault("placeholder", "2024-03-05")

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_date(text)
        except DateError as exc:
            raise forms.ValidationError(str(exc)) from None


class PickerDateField(ChineseDateField):
    """The same, with the phone's date picker (the browser then sends 2024-03-05)."""

    widget = forms.DateInput(attrs={"type": "date"})
