"""The assistance API (mounted under /api/v1/): programs and ledger, target groups, lists, visits, medical aid.

Function names are unique across the whole API (ninja names routes `api:<function name>`).
"""

from ninja import Router

from bangfu.assistance.api.campaign import router as campaign_router
from bangfu.assistance.api.ledger import router as ledger_router
from bangfu.assistance.api.medical import router as medical_router
from bangfu.assistance.api.reopenings import router as reopening_router
from bangfu.assistance.api.topups import router as top_up_router

router = Router(tags=["帮扶与送温暖"])
router.add_router("", ledger_router)
router.add_router("", campaign_router)
router.add_router("", medical_router)
router.add_router("", top_up_router)
router.add_router("", reopening_router)
