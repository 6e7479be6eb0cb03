"""Audit events in the words of the office: the Chinese name of an action, of the kind of record it
touched and of its outcome — and the reverse, from words a staff member types (查看明文, 人员) to the codes
stored in the log.

Each app names its own actions in `bangfu/<app>/audit_actions.py`:

    AUDIT_ACTIONS = {"people.file.apply": "提交建档申请", ...}

and may name a family of actions by its prefix (`AUDIT_ACTION_PREFIXES = {"ventures.project_": "项目"}`)
when the rest of the code is a step whose own name is given. The kinds of record are the models'
verbose names, so nothing is named twice. An action nobody named shows its code (never a blank).
"""

from __future__ import annotations

from functools import lru_cache

from django.apps import apps
from django.db import models
from django.utils.translation import gettext as _

from bangfu.core.appmodules import app_modules
from bangfu.core.audit import DENIED, FAILURE, SUCCESS
from bangfu.core.inventory import inventory_models


def outcome_labels() -> dict[str, str]:
    return {SUCCESS: _("Success"), FAILURE: _("Failure"), DENIED: _("Denied")}


def outcome_label(outcome: str) -> str:
    return outcome_labels().get(outcome, outcome)


@lru_cache(maxsize=1)
def action_labels() -> dict[str, str]:
    """{"action code": "中文名称"} from every app's audit_actions.py, in INSTALLED_APPS order."""
    collected: dict[str, str] = {}
    for _config, module in app_modules("audit_actions"):
        collected.update(getattr(module, "AUDIT_ACTIONS", {}))
    return collected


@lru_cache(maxsize=1)
def action_prefix_labels() -> dict[str, str]:
    """{"code prefix": "中文"}: families such as `ventures.project_<step>`, longest prefix first."""
    collected: dict[str, str] = {}
    for _config, module in app_modules("audit_actions"):
        collected.update(getattr(module, "AUDIT_ACTION_PREFIXES", {}))
    return dict(sorted(collected.items(), key=lambda item: -len(item[0])))


def action_label(code: str) -> str:
    """The Chinese name of an action; a family member reads "家族名：其余代码"; otherwise the code."""
    named = action_labels().get(code)
    if named:
        return named
    for prefix, label in action_prefix_labels().items():
        if code.startswith(prefix):
            return f"{label}：{code[len(prefix):]}"
    return code


def actions_matching(text: str) -> list[str]:
    """Codes of the actions whose Chinese name contains `text` (查看明文 → sensitive.reveal)."""
    text = text.strip()
    if not text:
        return []
    return sorted(code for code, label in action_labels().items() if text in label)


def object_type_label(model_label: str) -> str:
    """The verbose name of a model label (`people.Person` → 人员); unknown labels are shown as they are."""
    if not model_label:
        return ""
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        return model_label
    return str(model._meta.verbose_name)


def object_types_matching(text: str) -> list[str]:
    """Model labels whose verbose name or label contains `text` (人员 → people.Person, …)."""
    text = text.strip()
    if not text:
        return []
    lowered = text.lower()
    return sorted(
        model._meta.label
        for model in [*inventory_models(), *_framework_models()]
        if text in str(model._meta.verbose_name) or lowered in model._meta.label.lower()
    )


def _framework_models() -> list[type[models.Model]]:
    """Records of Django itself that events may name (a role is an auth.Group)."""
    return [apps.get_model("auth", "Group")]


def action_choices() -> list[tuple[str, str]]:
    """(code, label) of every named action, by label — the suggestions of the search box."""
    return sorted(action_labels().items(), key=lambda item: item[1])


def object_type_choices() -> list[tuple[str, str]]:
    """(model label, verbose name) of every kind of record, for the search box's suggestions."""
    return sorted(((model._meta.label, str(model._meta.verbose_name)) for model in inventory_models()),
                  key=lambda item: item[1])
