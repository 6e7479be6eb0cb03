"""Permissions the worker channel grants each staff role (workers themselves hold no role: see models).

Street social workers take in the online applications queued to their union and handle the 12351 tickets
routed to it; district and city officers do the same in their subtree (a city federation's hotline desk
records calls: `add_ticket`) and see the overdue tickets of every unit below them. Auditors read.
"""

_DESK = [
    "channel.view_workerapplication", "channel.change_workerapplication", "channel.view_applicationphoto",
    "channel.view_ticket", "channel.add_ticket", "channel.change_ticket", "channel.view_ticketevent",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    "street_social_worker": _DESK,
    "district_officer": _DESK,
    "city_officer": _DESK,
    "auditor": ["channel.view_*"],
}
