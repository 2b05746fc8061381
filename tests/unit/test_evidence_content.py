"""Evidence whose platform forgets the file (WeCom): its bytes are kept with the record."""

from __future__ import annotations

from datetime import datetime

from bot.core.address import Account, Address
from bot.core.clock import SHANGHAI, FixedClock
from bot.services import access, activity
from bot.services.activity import EvidenceFile
from storage.models import Unit

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI)


def test_the_bytes_of_a_wecom_file_are_kept_and_a_telegram_file_keeps_none(sqlite_uow_factory) -> None:
    uow, clock = sqlite_uow_factory, FixedClock(NOW)
    with uow() as u:
        u.units.add(Unit(city="zhuhai", name="香洲区", kind="district"))
        u.commit()
    info = access.create_invite(uow, clock, city="zhuhai", unit_name="香洲区", role="cdo")
    cdo = access.join_with_code(
        uow, clock, code=info.code, account=Account.telegram(5), display_name="李", chat=Address.telegram(5)
    ).actor
    card = activity.propose_activity(
        uow, clock, cdo, text="昨天组织了数据安全培训，30人参加", chat=Address.telegram(5)
    )
    activity.confirm_draft(uow, clock, cdo, card.draft_id)
    data = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10
    kept = activity.attach_evidence(
        uow,
        clock,
        cdo,
        EvidenceFile("wecom:3abc", "sha256:x", "签到.png", "image/png", len(data), content=data),
    )
    telegram = activity.attach_evidence(
        uow, clock, cdo, EvidenceFile("AgAD", "U1", "表.pdf", "application/pdf", 1000)
    )
    with uow() as u:
        assert u.activities.evidence_content(kept.evidence_id) == data
        assert u.activities.evidence_content(telegram.evidence_id) is None
