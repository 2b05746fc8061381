"""Upload links: signed, bound to a member and a record, expiring."""

from __future__ import annotations

import pytest

from bot.wecom.upload import InvalidLink, UploadLinks, derive_key


def links(now: list[float], key: str = "secret") -> UploadLinks:
    return UploadLinks(derive_key(key, "aes"), "https://bot.example.gov.cn/", now=lambda: now[0])


def test_a_link_opens_to_its_member_and_record_until_it_expires() -> None:
    now = [1_800_000_000.0]
    url = links(now).url("zhangsan", "c42")
    assert url.startswith("https://bot.example.gov.cn/wecom/upload/")
    token = url.rsplit("/", 1)[1]
    ticket = links(now).open(token)
    assert (ticket.user, ticket.card) == ("zhangsan", "c42")
    now[0] += 24 * 3600 + 1
    with pytest.raises(InvalidLink, match="expired"):
        links(now).open(token)


def test_two_links_for_the_same_record_differ_so_each_is_used_once_on_its_own() -> None:
    now = [1_800_000_000.0]
    a, b = links(now).open(links(now).token("u", "c1")), links(now).open(links(now).token("u", "c1"))
    assert a.nonce != b.nonce


@pytest.mark.parametrize("tamper", ["other key", "changed record", "garbage", "no signature"])
def test_a_forged_or_altered_link_is_invalid(tamper: str) -> None:
    now = [1_800_000_000.0]
    token = links(now).token("zhangsan", "c42")
    body, sig = token.split(".")
    if tamper == "other key":
        token = links(now, key="someone else's").token("zhangsan", 42)
    elif tamper == "changed record":
        import base64
        import json

        payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        payload["c"] = "c43"
        token = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=") + "." + sig
    elif tamper == "garbage":
        token = "!!!.???"
    else:
        token = body
    with pytest.raises(InvalidLink, match="invalid"):
        links(now).open(token)
