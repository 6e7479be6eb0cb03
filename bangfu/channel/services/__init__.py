"""Writes of the worker channel: sign-in, applications and 12351 tickets, each one transaction with its audit."""

from bangfu.channel.services.applications import (
    HardshipApplicationIn,
    LegalApplicationIn,
    MemberIn,
    accept_application,
    ask_worker,
    decline_application,
    rate_application,
    read_photo,
    submit_hardship_application,
    submit_legal_application,
)
from bangfu.channel.services.signin import bind_real_name, end_session, request_code, verify_code
from bangfu.channel.services.tickets import (
    TicketIn,
    answer_ticket,
    close_ticket,
    contact_ticket,
    escalate_overdue,
    pass_ticket,
    record_ticket,
    route_unit,
    submit_web_ticket,
    ticket_to_legal_case,
)

__all__ = [
    "HardshipApplicationIn",
    "LegalApplicationIn",
    "MemberIn",
    "TicketIn",
    "accept_application",
    "answer_ticket",
    "ask_worker",
    "bind_real_name",
    "close_ticket",
    "contact_ticket",
    "decline_application",
    "end_session",
    "escalate_overdue",
    "pass_ticket",
    "rate_application",
    "read_photo",
    "record_ticket",
    "request_code",
    "route_unit",
    "submit_hardship_application",
    "submit_legal_application",
    "submit_web_ticket",
    "ticket_to_legal_case",
    "verify_code",
]
