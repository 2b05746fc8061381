"""The WeCom envelope: WeCom's own sample vector, and the bot's and the emulator's implementations checking each other."""

from __future__ import annotations

import pytest

from bot.wecom.crypto import EnvelopeError, WeComCrypto, parse_envelope, parse_xml, signature, xml_fields
from tests.e2e.wecom_envelope import WeComSide

# WeCom's published sample (加解密方案说明 / the official WXBizMsgCrypt samples): token, key, CorpID,
# a URL-verification request and a text message from "mycreate".
TOKEN = "QDG6eK"
KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
CORP = "wx5823bf96d3bd56c7"
VERIFY = {
    "msg_signature": "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3",
    "timestamp": "1409659589",
    "nonce": "263014780",
    "echostr": "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==",
}
MESSAGE_ENCRYPT = (
    "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/"
    "sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZf"
    "JYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUc"
    "allcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl"
    "/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q=="
)
MESSAGE_BODY = (
    f"<xml><ToUserName><![CDATA[{CORP}]]></ToUserName><Encrypt><![CDATA[{MESSAGE_ENCRYPT}]]></Encrypt>"
    "<AgentID><![CDATA[218]]></AgentID></xml>"
).encode()
MESSAGE_QUERY = ("477715d11cdb4164915debcba66cb864d751f3e6", "1409659813", "1372623149")


@pytest.fixture
def crypto() -> WeComCrypto:
    return WeComCrypto(TOKEN, KEY, CORP)


def test_wecoms_url_verification_sample_decrypts_to_its_echo(crypto: WeComCrypto) -> None:
    echo = crypto.verify_url(**VERIFY)
    assert echo.isdigit()  # WeCom's echostr is a random number


def test_wecoms_message_sample_verifies_and_decrypts_to_the_documented_text(crypto: WeComCrypto) -> None:
    assert signature(TOKEN, MESSAGE_QUERY[1], MESSAGE_QUERY[2], MESSAGE_ENCRYPT) == MESSAGE_QUERY[0]
    fields = xml_fields(parse_xml(crypto.decrypt_callback(*MESSAGE_QUERY, MESSAGE_BODY)))
    assert fields["FromUserName"] == "mycreate"
    assert fields["MsgType"] == "text"
    assert fields["Content"] == "hello"
    assert fields["MsgId"] == "4561255354251345929"


def test_the_emulators_independent_implementation_opens_wecoms_sample_too() -> None:
    side = WeComSide(TOKEN, KEY, CORP)
    message, receiver = side.decrypt(MESSAGE_ENCRYPT)
    assert receiver == CORP
    assert "<Content><![CDATA[hello]]></Content>" in message


def test_what_the_emulator_seals_the_bot_opens_and_the_other_way_round(crypto: WeComCrypto) -> None:
    side = WeComSide(TOKEN, KEY, CORP)
    for text in ("短", "昨天下午3点组织了数据安全培训，30人参加" * 7, "x" * 31, "x" * 32, ""):
        sealed = side.seal(f"<xml><Content><![CDATA[{text}]]></Content></xml>", timestamp=1_700_000_000)
        plain = crypto.decrypt_callback(
            sealed.msg_signature, sealed.timestamp, sealed.nonce, sealed.body(CORP, "1000002")
        )
        assert xml_fields(parse_xml(plain))["Content"] == text
        assert side.decrypt(crypto.encrypt(text)) == (text, CORP)


def test_a_forged_signature_is_refused(crypto: WeComCrypto) -> None:
    forged = dict(VERIFY, msg_signature="0" * 40)
    with pytest.raises(EnvelopeError, match="signature"):
        crypto.verify_url(**forged)
    with pytest.raises(EnvelopeError, match="signature"):
        crypto.decrypt_callback(MESSAGE_QUERY[0], MESSAGE_QUERY[1], "other-nonce", MESSAGE_BODY)


def test_a_message_sealed_for_another_corp_is_refused_even_with_a_good_signature() -> None:
    other = WeComSide(TOKEN, KEY, "ww-other-corp")
    sealed = other.seal("<xml/>", timestamp=1_700_000_000)
    with pytest.raises(EnvelopeError, match="receiver"):
        WeComCrypto(TOKEN, KEY, CORP).decrypt_callback(
            sealed.msg_signature, sealed.timestamp, sealed.nonce, sealed.body(CORP, "1")
        )


@pytest.mark.parametrize(
    "encrypted",
    ["not base64 at all!", "QUJD", "A" * 44, MESSAGE_ENCRYPT[:-24] + "=="],
)
def test_garbage_ciphertext_is_an_envelope_error_not_a_crash(crypto: WeComCrypto, encrypted: str) -> None:
    with pytest.raises(EnvelopeError):
        crypto.decrypt(encrypted)


def test_hostile_xml_is_refused_before_any_parsing() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><xml><Encrypt>&a;</Encrypt></xml>'
    with pytest.raises(EnvelopeError, match="DTD"):
        parse_envelope(bomb)
    with pytest.raises(EnvelopeError, match="too large"):
        parse_envelope(b"<xml>" + b" " * 300_000 + b"</xml>")
    with pytest.raises(EnvelopeError, match="Encrypt"):
        parse_envelope(b"<xml><ToUserName>x</ToUserName></xml>")


def test_a_key_of_the_wrong_length_is_a_configuration_error_at_start() -> None:
    with pytest.raises(ValueError, match="43"):
        WeComCrypto(TOKEN, KEY[:-1], CORP)
