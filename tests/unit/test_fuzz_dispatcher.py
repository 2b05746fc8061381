"""A fuzz run over the one dispatcher (``Dispatcher.handle``), issue 11: arbitrary text, commands with
arbitrary arguments, button data, files and unknown users, in private chats and groups. No unhandled
exception, no record written without a confirmation, no data of one unit in a reply to another's
member. CI-sized; the facade-level fuzz is ``test_fuzz_services``."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.address import Account, Address
from bot.core.replies import FileReply, Reply
from bot.services.command_table import COMMANDS
from bot.services.conversation import Event, Kind
from storage.models import Activity, PendingDraft
from tests.unit import test_fuzz_services as shared

SECRET_NAME, SECRET_TITLE = shared.SECRET_NAME, shared.SECRET_TITLE
button_data, texty, words = shared.button_data, shared.texty, shared.words
world = shared.world  # the same two-unit database fixture

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
names = st.sampled_from([c.name for c in COMMANDS] + ["start", "nonsense", ""])
users = st.one_of(st.just(1101), st.integers(min_value=1, max_value=2**40))
events = st.builds(
    lambda kind, user, private, text, command, data, event_id: Event(
        kind=kind,
        account=Account.telegram(user),
        chat=Address.telegram(user if private else -100777),
        private=private,
        text=text,
        command=command if kind is Kind.COMMAND else None,
        data=data if kind is Kind.BUTTON else None,
        message=Address.telegram(user if private else -100777, 1) if kind is Kind.BUTTON else None,
        display_name="fuzz",
        event_id=event_id,
    ),
    st.sampled_from([Kind.TEXT, Kind.COMMAND, Kind.BUTTON, Kind.JOIN, Kind.OTHER]),
    users,
    st.booleans(),
    st.one_of(texty, words),
    names,
    button_data,
    st.one_of(st.none(), st.integers(min_value=1, max_value=10**6).map(str)),
)


def _shown(app, outcome) -> str:
    parts = [*outcome.replies, outcome.edit, outcome.toast]
    text = []
    for part in parts:
        if isinstance(part, FileReply):
            text.append(part.filename + (part.caption or "") + part.data.decode("utf-8", "replace"))
        elif isinstance(part, Reply):
            text.append(app.translator.render(part))
    return " ".join(text)


@FUZZ
@given(event=events)
def test_the_dispatcher_survives_anything_writes_nothing_unconfirmed_and_keeps_units_apart(
    world, event
) -> None:
    dispatcher = world.dispatcher
    with world.uow() as uow:
        before = uow.session.query(Activity).filter(Activity.deleted_at.is_(None)).count()
    outcome = dispatcher.handle(event)
    shown = _shown(world, outcome)
    assert SECRET_TITLE not in shown and SECRET_NAME not in shown
    with world.uow() as uow:
        after = uow.session.query(Activity).filter(Activity.deleted_at.is_(None)).count()
        assert (
            uow.session.query(Activity)
            .filter(Activity.title == SECRET_TITLE, Activity.deleted_at.is_(None))
            .count()
            == 1
        )
        # 甲's card (the world's first draft) is never confirmed by anyone fuzzed.
        assert uow.session.get(PendingDraft, 1).status == "pending"
        if after != before:
            # A fuzzed member (乙's CDO, 1101) may make a card of their own (a line that reads as a
            # log, a guided /train) and confirm it later: the only way to a new record.
            assert after == before + 1 and event.kind is Kind.BUTTON, event
            draft_id = int((event.data or "").split(":")[2])
            draft = uow.session.get(PendingDraft, draft_id)
            presser = uow.members.active_by_account("telegram", event.account.external_id)
            assert draft is not None and presser is not None and draft.member_id == presser.id, event
            assert draft.status == "confirmed"
