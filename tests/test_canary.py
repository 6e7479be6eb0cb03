"""Canary scan: known fake ID numbers and a diagnosis go in through the pages, the API and the register's
service, and a scanned certificate naming the diagnosis is uploaded as evidence; then the SQLite database
file, its WAL, a backup, the uploaded files under MEDIA_ROOT and the captured logs (SQL with parameters
included) are searched for their plaintext. Expected: 0 hits anywhere.

The site runs in a subprocess on a database file of its own, so that its files can be read as they lie
on disk while the connection is still open (the WAL is only there while the site is up).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.slow
BASE = Path(settings.BASE_DIR)

ID_BY_PAGE = "11010519491231002X"  # valid check digit; invented
ID_BY_API = "110105195306150016"
ID_BY_SERVICE = "110105196011020024"
DIAGNOSIS = "金丝雀诊断：尘肺病叁期伴肺纤维化7Q"

DRIVER = r"""
import json, logging, sys, django
django.setup()
from pathlib import Path
from django.db import connection
from django.test import Client
from django.core.management import call_command

log_path = Path(sys.argv[1])
handler = logging.FileHandler(log_path, encoding="utf-8")
handler.setLevel(logging.DEBUG)
logging.getLogger().addHandler(handler)
logging.getLogger().setLevel(logging.DEBUG)
logging.getLogger("django.db.backends").setLevel(logging.DEBUG)
connection.force_debug_cursor = True  # every SQL statement is logged with its parameters

from bangfu.accounts.models import OrgLevel, User, ApiToken
from bangfu.accounts.roles import ensure_roles
from bangfu.accounts.services import upsert_org_unit
from bangfu.people import services
from bangfu.people.models import Person
from bangfu.core.sensitive import id_number_index

canary = json.loads(sys.argv[2])
groups = ensure_roles()
root = upsert_org_unit(code="CN", name="全国", level=OrgLevel.NATIONAL, parent=None)
city = upsert_org_unit(code="4401", name="广州市总工会", level=OrgLevel.CITY, parent=root)
street = upsert_org_unit(code="440106011", name="五山街道总工会", level=OrgLevel.STREET, parent=city)
worker = User.objects.create_user(username="canary_worker", password="Canary-Password-2024", org=street)
worker.groups.set([groups["street_social_worker"]])
officer = User.objects.create_user(username="canary_officer", password="Canary-Password-2024", org=city)
officer.groups.set([groups["city_officer"]])

# 1. The page: the household application form, as a social worker fills it in.
page = Client()
assert page.post("/login/", {"username": "canary_worker", "password": "Canary-Password-2024"}).status_code == 302
form = {
    "org": street.pk, "address": "五山路 1 号", "primary_cause": "major_illness", "level": "grassroots",
    "note": "入户调查", "members-TOTAL_FORMS": "1", "members-INITIAL_FORMS": "0", "members-MIN_NUM_FORMS": "0",
    "members-MAX_NUM_FORMS": "20", "members-0-name": "页面金丝雀", "members-0-id_number": canary["page"],
    "members-0-relation": "self", "members-0-employment_status": "unemployed", "members-0-phone": "13912345678",
    "members-0-hukou_type": "urban",
}
response = page.post("/people/new/", form)
assert response.status_code == 302, response.content.decode()[:3000]

# 2. The API, with a personal token.
_row, token = ApiToken.issue(worker, "canary")
api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
payload = {"org": street.code, "primary_cause": "major_illness", "members": [
    {"person": {"name": "接口金丝雀", "id_number": canary["api"], "phone": "13712345678"}, "relation": "self",
     "employment_status": "unemployed"}]}
response = api.post("/api/v1/households", payload, content_type="application/json")
assert response.status_code == 201, response.content.decode()[:3000]
search = api.post("/api/v1/households/search", {"id_number": canary["page"]}, content_type="application/json")
assert search.status_code == 200, search.content.decode()[:2000]

# 3. The diagnosis: no page or API field takes it yet, so through the register's service.
person = services.create_person(actor=worker, org=street, data=services.PersonInput(
    name="服务金丝雀", id_number=canary["service"], health_note=canary["diagnosis"]))

# 3b. A scanned medical certificate naming the diagnosis, uploaded as evidence of the page's family.
from django.core.files.uploadedfile import SimpleUploadedFile
from bangfu.people.models import HardshipFile
from bangfu.people.services.evidence import upload_evidence
certificate = b"%PDF-1.4\n" + canary["diagnosis"].encode("utf-8") + b"\n" + canary["page"].encode() + b"\n%%EOF"
page_file = HardshipFile.objects.get(household__head__id_index=id_number_index(canary["page"]))
upload_evidence(actor=worker, hardship_file=page_file, kind="illness",
                upload=SimpleUploadedFile("诊断证明.pdf", certificate, content_type="application/pdf"))

# 4. An officer shows the number and the diagnosis in clear (audited), as staff would.
clear = Client()
assert clear.post("/login/", {"username": "canary_officer", "password": "Canary-Password-2024"}).status_code == 302
for field in ("id_number", "health_note"):
    shown = clear.get(f"/security/reveal/people/person/{person.pk}/{field}/")
    assert shown.status_code == 200, shown.status_code

# The canaries are really there, readable through the application.
written = {name: Person.objects.filter(id_index=id_number_index(canary[name])).count()
           for name in ("page", "api", "service")}
assert written == {"page": 1, "api": 1, "service": 1}, written
assert Person.objects.get(pk=person.pk).health_note == canary["diagnosis"]

# 5. A backup, then the files as they lie on disk while the site is still up.
call_command("backup", output=str(Path(sys.argv[3])))
database = Path(connection.settings_dict["NAME"])
wal = Path(str(database) + "-wal")
print(json.dumps({"database": str(database), "wal_bytes": wal.stat().st_size if wal.exists() else 0,
                  "wal": wal.read_bytes().hex() if wal.exists() else ""}))
"""


def needles() -> dict[str, list[bytes]]:
    """Each canary in every form it could take in a file: UTF-8, JSON \\u escapes, UTF-16."""
    forms: dict[str, list[bytes]] = {}
    for name, text in (("id_page", ID_BY_PAGE), ("id_api", ID_BY_API), ("id_service", ID_BY_SERVICE),
                       ("diagnosis", DIAGNOSIS)):
        escaped = json.dumps(text)[1:-1]
        forms[name] = sorted({text.encode("utf-8"), escaped.encode("ascii"), escaped.upper().encode("ascii"),
                              text.encode("utf-16-le"), text.encode("utf-16-be")})
        if name == "diagnosis":
            core = "尘肺病叁期伴肺纤维化"  # the words without the marker, in case only part is copied
            forms[name] += [core.encode("utf-8"), json.dumps(core)[1:-1].encode("ascii")]
    return forms


def hits_in(blob: bytes) -> dict[str, int]:
    return {name: sum(blob.count(form) for form in forms) for name, forms in needles().items()}


def test_no_plaintext_canary_at_rest_or_in_logs(tmp_path: Path) -> None:
    var_dir, backups, log_file = tmp_path / "var", tmp_path / "backups", tmp_path / "site.log"
    database = tmp_path / "site" / "bangfu.sqlite3"
    database.parent.mkdir()
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("BANGFU_", "DJANGO_", "DATABASE_URL", "PYTEST"))}
    env.update({"BANGFU_VAR_DIR": str(var_dir), "DATABASE_URL": f"sqlite:///{database}", "DJANGO_DEBUG": "true",
                "LOG_LEVEL": "DEBUG", "DJANGO_SETTINGS_MODULE": "config.settings"})
    migrate = subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=BASE, env=env,
                             capture_output=True, text=True, timeout=300, check=False)
    assert migrate.returncode == 0, migrate.stderr
    canary = {"page": ID_BY_PAGE, "api": ID_BY_API, "service": ID_BY_SERVICE, "diagnosis": DIAGNOSIS}
    site = subprocess.run([sys.executable, "-c", DRIVER, str(log_file), json.dumps(canary), str(backups)],
                          cwd=BASE, env=env, capture_output=True, timeout=300, check=False)
    stdout, stderr = site.stdout.decode("utf-8", "replace"), site.stderr.decode("utf-8", "replace")
    assert site.returncode == 0, stderr[-5000:]
    report = json.loads(stdout.strip().splitlines()[-1])

    assert report["wal_bytes"] > 0, "the WAL should still hold the latest writes while the site is up"
    backup_files = sorted(backups.iterdir())
    assert any(path.name.endswith(".sqlite3.bfenc") for path in backup_files)  # encrypted as a whole
    assert log_file.stat().st_size > 10_000 and b"INSERT INTO" in log_file.read_bytes()

    media_files = [path for path in (var_dir / "media").rglob("*") if path.is_file()]
    assert media_files, "the evidence upload should have written a file"
    places = {
        "database file": database.read_bytes(),
        "WAL (while up)": bytes.fromhex(report["wal"]),
        "backup": b"".join(path.read_bytes() for path in backup_files),
        "log file": log_file.read_bytes(),
        "stdout+stderr": site.stdout + site.stderr + migrate.stdout.encode() + migrate.stderr.encode(),
        "field keys dir": b"".join(path.read_bytes() for path in var_dir.glob("*.txt")),
        "uploaded files (MEDIA_ROOT)": b"".join(path.read_bytes() for path in media_files),
    }
    found = {place: {name: n for name, n in hits_in(blob).items() if n} for place, blob in places.items()}
    assert found == {place: {} for place in places}, f"plaintext canaries found: {found}"


def test_the_scan_finds_each_form_of_a_canary() -> None:
    blob = (ID_BY_PAGE.encode() + b"|" + json.dumps(DIAGNOSIS).encode("ascii") + b"|"
            + ID_BY_API.encode("utf-16-le") + b"|" + DIAGNOSIS.encode("utf-8"))
    assert hits_in(blob) == {"id_page": 1, "id_api": 1, "id_service": 0, "diagnosis": 4}
