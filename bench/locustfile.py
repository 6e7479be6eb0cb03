"""Locust users of `bench/load.py`: staff who sign in through the real form and then read and write.

Not run by hand: `bench/load.py` prepares the databases, the accounts and a plan (BANGFU_LOAD_PLAN, JSON: each
user's name, password, app server and the records it works on) and starts locust headless on this file. Every
request is written to BANGFU_LOAD_OUT (one JSON line: phase, kind, name, status, milliseconds) and every write the
server acknowledged to BANGFU_LOAD_ACKS (what it wrote and the id it got back), which `load.py` checks against
the database afterwards.

The users stand where nginx stands (deploy/nginx.conf): they send `X-Forwarded-Proto: https`, and their cookie jar
sends the Secure session and CSRF cookies on the plain 127.0.0.1 leg, as nginx's upstream connection would carry
them. Each user signs in; the measured window starts when the last of them has signed in and lasts
BANGFU_LOAD_SECONDS, then locust stops.
"""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import itertools
import json
import os
import random
import re
import time
from typing import Any

import gevent
from gevent.event import Event
from locust import HttpUser, between, events, task
from urllib3.util.retry import Retry

PLAN: dict[str, Any] = json.loads(open(os.environ["BANGFU_LOAD_PLAN"], encoding="utf-8").read())  # noqa: SIM115
SECONDS = float(os.environ.get("BANGFU_LOAD_SECONDS", "60"))
OUT = open(os.environ["BANGFU_LOAD_OUT"], "a", encoding="utf-8")  # noqa: SIM115 - one per locust process
ACKS = open(os.environ["BANGFU_LOAD_ACKS"], "a", encoding="utf-8")  # noqa: SIM115
THINK = tuple(float(x) for x in os.environ.get("BANGFU_LOAD_THINK", "0.5,1.5").split(","))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CST = dt.timezone(dt.timedelta(hours=8))
CAUSES = ("laid_off", "major_illness", "child_schooling", "no_work_capacity", "able_not_employed", "accident")

_next_user = itertools.count()
_signed_in = {"n": 0}
MEASURING = Event()
WINDOW: dict[str, float] = {}


def _write(stream: Any, row: dict[str, Any]) -> None:
    stream.write(json.dumps(row, ensure_ascii=False) + "\n")


@events.request.add_listener
def _record(request_type: str, name: str, response_time: float, response_length: int, response: Any = None,
            exception: Any = None, context: Any = None, **_kwargs: Any) -> None:
    status = getattr(response, "status_code", 0) if response is not None else 0
    row = {"phase": "measure" if MEASURING.is_set() else "login", "kind": (context or {}).get("kind", "read"),
           "name": name, "status": status, "ms": round(response_time, 2), "failed": exception is not None,
           "t": time.time()}
    if exception is not None:
        row["error"] = str(exception)[:300]
    _write(OUT, row)


def _stop_after_window(environment: Any) -> None:
    MEASURING.wait()
    gevent.sleep(SECONDS)
    WINDOW["end"] = time.time()
    _write(OUT, {"phase": "window", "start": WINDOW["start"], "end": WINDOW["end"]})
    OUT.flush()
    ACKS.flush()
    environment.runner.quit()


@events.test_start.add_listener
def _start(environment: Any, **_kwargs: Any) -> None:
    gevent.spawn(_stop_after_window, environment)


@events.quitting.add_listener
def _close(**_kwargs: Any) -> None:
    OUT.flush()
    ACKS.flush()


def _secure_cookies_on_the_proxied_leg(_policy: Any, _cookie: Any, _request: Any) -> bool:
    """Secure cookies go on the plain 127.0.0.1 leg, as nginx's upstream connection carries them. (requests
    builds a fresh cookie jar for every request, so a policy set on the session's jar would not be used.)"""
    return True


http.cookiejar.DefaultCookiePolicy.return_ok_secure = _secure_cookies_on_the_proxied_leg  # type: ignore[method-assign]

# gunicorn closes a kept-alive connection after 2 s idle (its default keepalive); a request sent on it just as it
# closes finds it gone. A browser, and nginx's upstream pool, send an idempotent request again on a new connection:
# so do these users, once, for GET only (urllib3's default methods; a POST or PATCH is never sent twice).
_RETRY = Retry(total=1, connect=1, read=1, status=0, other=0, redirect=False)


class Staff(HttpUser):
    wait_time = between(*THINK)
    host = PLAN["servers"][0]

    def on_start(self) -> None:
        index = next(_next_user)
        self.me = PLAN["users"][index % len(PLAN["users"])]
        self.base = self.me["server"]
        self.client.base_url = self.base
        self.client.headers.update({"X-Forwarded-Proto": "https"})
        for adapter in self.client.adapters.values():  # see _RETRY
            adapter.max_retries = _RETRY  # type: ignore[attr-defined]
        self.counter = itertools.count()
        self.rng = random.Random(index)
        self.filings = iter(self.me["filings"])
        self.visits = iter(self.me["visits"])
        self.referrals = iter(self.me["referrals"])
        try:
            self._sign_in()
        finally:
            _signed_in["n"] += 1
            if _signed_in["n"] >= len(PLAN["users"]) and not MEASURING.is_set():
                WINDOW["start"] = time.time()
                MEASURING.set()
        MEASURING.wait()

    # --- helpers -------------------------------------------------------------------------------------------------

    def _referer(self, path: str) -> dict[str, str]:
        return {"Referer": "https://" + self.base.split("://", 1)[1] + path}

    def _api_headers(self) -> dict[str, str]:
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", ""), **self._referer("/")}

    def _sign_in(self) -> None:
        page = self.client.get("/login/", name="login form", context={"kind": "login"})
        token = CSRF.search(page.text)
        with self.client.post("/login/", name="login", allow_redirects=False, catch_response=True,
                              context={"kind": "login"}, headers=self._referer("/login/"),
                              data={"username": self.me["username"], "password": PLAN["password"],
                                    "csrfmiddlewaretoken": token.group(1) if token else ""}) as answer:
            if answer.status_code != 302:
                answer.failure(f"sign-in of {self.me['username']} answered {answer.status_code}")

    def _read(self, path: str, name: str) -> Any:
        with self.client.get(path, name=name, catch_response=True, allow_redirects=False,
                             context={"kind": "read"}) as answer:
            if answer.status_code != 200:
                answer.failure(f"{name}: {answer.status_code} {answer.error or ''}")
            return answer

    def _ack(self, row: dict[str, Any]) -> None:
        _write(ACKS, {"user": self.me["username"], **row})

    def _write_api(self, method: str, path: str, name: str, body: dict[str, Any], ok: tuple[int, ...]) -> Any:
        """A JSON write; 409 (stale version, already recorded) is the app's answer to a race, not a failure."""
        with self.client.request(method, path, name=name, json=body, headers=self._api_headers(),
                                 catch_response=True, context={"kind": "write"}) as answer:
            if answer.status_code in ok or answer.status_code == 409:
                answer.success()
            else:
                answer.failure(f"{name}: {answer.status_code} {answer.text[:200]} {answer.error or ''}")
            return answer

    # --- reads (80 %) -------------------------------------------------------------------------------------------

    @task(10)
    def home(self) -> None:
        self._read("/", "home")

    @task(16)
    def household_list(self) -> None:
        filters = self.rng.choice(["", "?cause=laid_off", "?tier=deep", "?status=formal", "?page=2",
                                   "?cause=major_illness&tier=relative", "?q=" + self.rng.choice("zwlhc")])
        self._read("/people/" + filters, "household list (filters)")

    @task(12)
    def household_detail(self) -> None:
        if self.me["read_households"]:
            self._read(f"/people/{self.rng.choice(self.me['read_households'])}/", "household detail")

    @task(4)
    def household_api(self) -> None:
        self._read("/api/v1/households?limit=20&cause=" + self.rng.choice(CAUSES), "api household list")

    @task(6)
    def campaigns(self) -> None:
        self._read("/assistance/", "campaign/program list")
        if self.me["campaign"]:
            self._read(f"/assistance/programs/{self.me['campaign']}/", "campaign detail")

    @task(4)
    def assistance_lists(self) -> None:
        self._read("/assistance/visits/", "visit list")

    @task(5)
    def jobs(self) -> None:
        self._read(self.rng.choice(["/jobs/referrals/", "/jobs/seekers/", "/jobs/openings/"]),
                   "referral/seeker/opening list")

    @task(4)
    def reports(self) -> None:
        self._read("/reports/hardship/", "hardship report")

    # --- writes (20 %) -------------------------------------------------------------------------------------------

    @task(20)
    def write(self) -> None:
        """One of the writes this user's roles and records allow (filing 4 : edit 6 : visit 5 : referral 5)."""
        kinds = [(weight, work) for weight, work, able in (
            (4, self.file_household, self.me["file_org"] and self.me["filings"]),
            (6, self.edit_household, self.me["edit_households"]),
            (5, self.record_visit, self.me["visits"]),
            (5, self.refer, self.me["referrals"])) if able]
        if not kinds:
            return self.household_list()
        work = self.rng.choices([work for _weight, work in kinds], weights=[weight for weight, _work in kinds])[0]
        return work()

    def file_household(self) -> None:
        """申请建档 through the real page: the form, then its POST with the CSRF token."""
        filing = next(self.filings, None)
        if filing is None or not self.me["file_org"]:
            return self.household_list()
        form = self._read("/people/new/", "filing form")
        token = CSRF.search(form.text or "")
        data = {
            "csrfmiddlewaretoken": token.group(1) if token else "", "org": self.me["file_org"],
            "address": filing["address"], "primary_cause": filing["cause"], "level": "grassroots", "note": "压力测试",
            "members-TOTAL_FORMS": "1", "members-INITIAL_FORMS": "0", "members-MIN_NUM_FORMS": "0",
            "members-MAX_NUM_FORMS": "20", "members-0-name": filing["name"], "members-0-id_number": filing["id_number"],
            "members-0-relation": "self", "members-0-employment_status": "unemployed",
            "members-0-monthly_income": "800",
        }
        with self.client.post("/people/new/", name="file a household (page)", data=data, allow_redirects=False,
                              headers=self._referer("/people/new/"), catch_response=True,
                              context={"kind": "write"}) as answer:
            found = re.match(r"^/people/(\d+)/$", answer.headers.get("Location", ""))
            if answer.status_code == 302 and found:
                answer.success()
                self._ack({"kind": "filing", "household": int(found.group(1)), "name": filing["name"],
                           "id_number": filing["id_number"]})
            elif answer.status_code == 409:
                answer.success()
            else:
                answer.failure(f"filing: {answer.status_code}")
        return None

    def edit_household(self) -> None:
        """修改档案 with the version read when the form opened: 200, or 409 when someone saved in between."""
        if not self.me["edit_households"]:
            return self.household_detail()
        household = self.rng.choice(self.me["edit_households"])
        current = self._read(f"/api/v1/households/{household}", "api household detail")
        if current.status_code != 200:
            return None
        version = current.json()["version"]
        gevent.sleep(self.rng.uniform(0.5, 2.0))  # typing the new address: someone else may save meanwhile
        # gunicorn has closed the idle connection meanwhile (keepalive 2 s) or is closing it: a browser finds it
        # closed and sends the save on a new one, and so does this user (the session's cookies are kept).
        self.client.close()
        address = f"{self.me['address_prefix']}{next(self.counter)}号（{self.me['username']}）"
        answer = self._write_api("PATCH", f"/api/v1/households/{household}", "edit a household (api, version)",
                                 {"version": version, "address": address}, ok=(200,))
        if answer.status_code == 200:
            self._ack({"kind": "edit", "household": household, "base": version, "address": address})
        elif answer.status_code == 409:
            self._ack({"kind": "stale", "household": household, "base": version})
        return None

    def record_visit(self) -> None:
        """走访 of one person on the user's list: cash from the district account, once per person."""
        entry = next(self.visits, None)
        if entry is None:
            return self.campaigns()
        key = f"load-{self.me['username']}-{entry['id']}-{PLAN['run']}"
        visited = (dt.datetime.now(CST) - dt.timedelta(minutes=1)).isoformat()
        answer = self._write_api("POST", f"/api/v1/assistance/entries/{entry['id']}/visits", "record a visit (api)",
                                 {"visited_at": visited, "place": "社区走访（压力测试）", "idempotency_key": key,
                                  "cash_fen": entry["cash_fen"], "fubao_count": 1}, ok=(200, 201))
        if answer.status_code == 201:
            self._ack({"kind": "visit", "visit": answer.json()["id"], "entry": entry["id"], "key": key,
                       "cash_fen": entry["cash_fen"]})
        return None

    def refer(self) -> None:
        """推荐: a seeker of the user's unit to an opening it reaches."""
        pair = next(self.referrals, None)
        if pair is None:
            return self.jobs()
        answer = self._write_api("POST", "/api/v1/referrals", "refer a seeker (api)",
                                 {"seeker_id": pair[0], "opening_id": pair[1]}, ok=(201,))
        if answer.status_code == 201:
            self._ack({"kind": "referral", "referral": answer.json()["id"], "seeker": pair[0], "opening": pair[1]})
        return None
