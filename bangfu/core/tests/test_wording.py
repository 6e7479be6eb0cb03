"""Django's validation messages read as an office writes them: "最多 50 个字", never "确保该变量…"."""

from __future__ import annotations

from django import forms
from django.utils import translation

from bangfu.core import wording


class _NameForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(label="电话", min_length=7, required=False)
    born = forms.DateField(label="出生日期", required=False)
    people = forms.IntegerField(label="人数", max_value=20, required=False)


def test_a_too_long_name_is_refused_in_plain_words() -> None:
    with translation.override("zh-hans"):
        form = _NameForm({"name": "张" * 10_000, "phone": "123", "born": "abc", "people": "30"})
        assert not form.is_valid()
        assert form.errors["name"] == ["最多 50 个字（现有 10000 个）。"]
        assert form.errors["phone"] == ["至少 7 个字（现有 3 个）。"]
        assert form.errors["born"] == ["请输入有效的日期，如 2024-03-05。"]
        assert form.errors["people"] == ["不能大于 20。"]
        text = " ".join(str(error) for errors in form.errors.values() for error in errors)
        assert "变量" not in text and "确保" not in text


def test_the_messages_are_the_ones_django_uses() -> None:
    with translation.override("zh-hans"):
        assert str(wording.MAX_LENGTH % {"limit_value": 50, "show_value": 51}) == "最多 50 个字（现有 51 个）。"
