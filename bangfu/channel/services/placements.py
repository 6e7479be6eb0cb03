"""Training and job referral from the phone (技能培训、推荐就业), and the register person they both need.

The worker says what they want (a skill to learn, the work they look for, their free time); staff of the
street union accept it through the training app's `create_plan` (a one-on-one home training plan on a course
they choose) or the jobs app's seeker profile and `refer_seeker` (to an opening they choose): no second path
to a plan or a referral. The worker's status page then follows that plan or referral.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bangfu.accounts.models import OrgUnit
from bangfu.accounts.scoping import may
from bangfu.core.errors import ServiceError
from bangfu.core.sensitive import blind_indexes
from bangfu.jobs.models import Opening, Referral, SeekerProfile
from bangfu.jobs.services import create_seeker_profile, refer_seeker
from bangfu.people.models import Person
from bangfu.people.services import PersonInput, create_person
from bangfu.training.models import Course
from bangfu.training.services import create_plan

# What the worker agrees to when asking for training or a job: their contact and wishes go to the trainer or
# the employer the union chooses (PIPL Art. 23: providing personal information to another handler).
PLACEMENT_CONSENT_TEXT = (
    "本人同意工会为安排技能培训或推荐就业，向承担培训的机构和推荐的用人单位提供本人的姓名、联系方式、"
    "求职意向和工作经历；仅用于本次申请。"
)


@dataclass(frozen=True)
class TrainingApplicationIn:
    street: OrgUnit
    address: str
    wish: str  # what the worker wants to learn
    free_time: str = ""
    note: str = ""
    consent: bool = False


@dataclass(frozen=True)
class JobApplicationIn:
    street: OrgUnit
    address: str
    wish: str  # the work the worker looks for
    wage_floor_fen: int = 0
    free_time: str = ""
    experience: str = ""
    note: str = ""
    consent: bool = False


# One answer whether the number is on file elsewhere or under another name: staff typing an ID number must not
# learn whose it is (an outside tester linked a Guangzhou ticket to a Beijing person by typing their number).
NOT_THIS_PERSON = ("身份证号：与来电人或申请人的登记信息不一致，或其档案不在您的数据范围内；"
                   "请核对姓名和身份证号，必要时转档案所在单位办理。")


def _names_agree(given: str, on_file: str) -> bool:
    """The name staff or the worker gave is the register's, or a caller's 陈女士 / 陈先生 for a 陈 on file."""
    given = given.strip()
    if given == on_file:
        return True
    courtesy = given.removesuffix("女士").removesuffix("先生")
    return courtesy != given and bool(courtesy) and on_file.startswith(courtesy)


def worker_person(*, actor: Any, org: OrgUnit, name: str, id_number: str, phone: str) -> Person:
    """The register's person of this ID number, or a new one in `org` (through the register's own service).

    A person already on file is taken only when a role of the actor reaches them and the names agree;
    otherwise one neutral refusal (400), the same whichever of the two failed."""
    person = Person.objects.filter(id_index__in=blind_indexes(id_number)).first()
    if person is not None:
        if not may(actor, "people.view_person", person) or not _names_agree(name, person.name):
            raise ServiceError(NOT_THIS_PERSON, status=400)
        return person
    return create_person(actor=actor, org=org, data=PersonInput(name=name, id_number=id_number, phone=phone))


def accept_training(actor: Any, *, person: Person, course: Course | None, address: str, wish: str,
                    free_time: str, district_code: str) -> dict[str, Any]:
    """A home training plan on the course staff chose, its goals in the worker's words."""
    if course is None:
        raise ServiceError("培训课程：请选择为该职工安排的上门培训课程。")
    goals = "；".join(part for part in (wish, f"空闲时间：{free_time}" if free_time else "") if part)
    plan = create_plan(actor=actor, person=person, course=course, goals=goals, address=address[:200],
                       district_code=district_code)
    return {"training_plan": plan}


def seeker_profile_for(actor: Any, *, person: Person, org: OrgUnit, wish: str, wage_floor_fen: int,
                       experience: str, district_code: str) -> SeekerProfile:
    """The person's seeker profile: the existing one, or a new one with the worker's wishes."""
    existing = SeekerProfile.objects.filter(person=person).first()
    if existing is not None:
        return existing
    return create_seeker_profile(actor=actor, person=person, org=org, intention=wish[:200],
                                 wage_floor_fen=wage_floor_fen, experience=experience, home_district=district_code)


def accept_job(actor: Any, *, person: Person, org: OrgUnit, opening: Opening | None, wish: str,
               wage_floor_fen: int, experience: str, district_code: str) -> dict[str, Any]:
    """求职登记, and the referral to the opening staff chose (when they chose one)."""
    profile = seeker_profile_for(actor, person=person, org=org, wish=wish, wage_floor_fen=wage_floor_fen,
                                 experience=experience, district_code=district_code)
    referral: Referral | None = refer_seeker(actor=actor, seeker=profile, opening=opening) if opening else None
    return {"seeker_profile": profile, "referral": referral}
