"""Written Cantonese is read as Mandarin for understanding; Mandarin is left as it is."""

from __future__ import annotations

import pytest

from vhost.text.cantonese import is_cantonese, to_mandarin


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("這瓶有冇加香料", "這瓶有沒有加香料"),
        ("精華開咗要幾耐用完", "精華開了要多久用完"),
        ("口紅唔係秒殺99咩 而家落單幾錢", "口紅不是秒殺99嗎 現在下單幾錢"),
        ("面霜原價幾多 慳咗幾多", "面霜原價多少 省了多少"),
        ("求鏈接！！手機喺邊度落單", "求鏈接！！手機在哪裡下單"),
        ("N9仲有幾部？", "N9還有幾部？"),
        ("冬天乾到爆拆，推介下用咩", "冬天乾到爆拆，推薦下用什麼"),
        ("呢個一邊幾重？戴耐咗會唔會痛", "這個一邊多重？戴久了會不會痛"),
        ("屋企老人家用呢部，個mon夠唔夠大", "家裡老人家用這部，個螢幕夠不夠大"),
        ("手機同快充頭一齊買有冇平啲", "手機同快充頭一起買有沒有便宜點"),
        ("N9 同 iPhone 16 影相邊部勁啲", "N9 同 iPhone 16 拍照哪部強點"),
        ("N9 仲有冇貨", "N9 還有沒有貨"),
        ("係咪正貨嚟㗎", "是不是正貨"),
        ("今日落單聽日到唔到", "今天下單明天到不到"),
        ("呢樽啱唔啱敏感肌", "這瓶適不適合敏感肌"),
        ("朋友話精華得返十幾支 真唔真㗎", "朋友話精華只剩十幾支 真不真"),  # 得返 beside a count: what is left
        ("呢支仲有幾多支得返", "這支還有多少支只剩"),
        ("呢部仲剩返幾多部", "這部還剩多少部"),  # 剩返 is 剩 (was 還剩: "還還剩")
        ("可唔可以退得返錢", "可不可以退得返錢"),  # getting money back, not what is left
    ],
)
def test_cantonese_is_read_as_mandarin(said: str, read: str) -> None:
    assert is_cantonese(said) and to_mandarin(said) == read


@pytest.mark.parametrize("mandarin", ["防曬係數多少", "平時可以用嗎", "耳几多少米", "旁邊那個多少錢", "有几多少色號", "N9 關係到續航嗎"])
def test_mandarin_is_left_alone(mandarin: str) -> None:
    """係數, 平時, 旁邊 and a typed 耳几 before 多少 are Mandarin, not Cantonese."""
    assert to_mandarin(mandarin) == mandarin
