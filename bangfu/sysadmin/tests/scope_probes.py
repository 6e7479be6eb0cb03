"""Scope probes for system administration (see tests/scope_matrix.py)."""

from __future__ import annotations

from typing import Any

from bangfu.accounts.models import OrgUnit
from bangfu.sysadmin.services import AnnouncementInput, publish_announcement
from tests.scope_matrix import Probe


def _notice(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    notice = publish_announcement(actor=None, org=org, data=AnnouncementInput("探针通知", "探针正文"))
    return {"pk": notice.pk}, "探针通知"


def _listed_notice(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    publish_announcement(actor=None, org=org, data=AnnouncementInput("列表探针通知", "探针正文"))
    return {}, "列表探针通知"


PROBES = [
    Probe("sysadmin:notice_detail", role="district_officer", make=_notice),
    Probe("sysadmin:notice_list", role="district_officer", make=_listed_notice, kind="list"),
]
EXEMPT = {
    "sysadmin:parameter_list": "platform-wide parameters, no records of a unit (test_parameters)",
    "sysadmin:parameter_change": "POST; only an administrator reaching the whole platform (test_parameters)",
    "sysadmin:dictionary_list": "platform-wide code lists, no records of a unit (test_dictionaries)",
    "sysadmin:dictionary_detail": "platform-wide code list, no records of a unit (test_dictionaries)",
    "sysadmin:dictionary_entry_save": "POST; only an administrator reaching the whole platform (test_dictionaries)",
    "sysadmin:dictionary_entry_delete": "POST; only an administrator reaching the whole platform (test_dictionaries)",
    "sysadmin:notice_create": "a form; units offered are those the publisher reaches (test_announcements)",
}
