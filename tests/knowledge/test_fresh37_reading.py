"""What the thirty-seventh and thirty-eighth blind sets showed, each read wrongly before (named in its comment)."""

from __future__ import annotations

from tests.knowledge.conftest import ask


def test_the_host_asked_about_itself_says_what_it_is(tech, beauty) -> None:
    x, p = ask(beauty, "主播你係邊度人呀 口音好似台灣")  # was a free line: "我係臺灣人"
    assert x.intent == "chitchat" and "AI" in p.lines[0] and "台灣人" not in " ".join(p.lines)
    x, p = ask(tech, "主播講話好像導航的聲音 你是不是預錄好的")  # was a free line
    assert "AI" in p.lines[0] and "直播" in p.lines[0]
    _, p = ask(tech, "where r u from host")
    assert p.lines[0].startswith("I'm ") and "AI" in p.lines[0]
    _, p = ask(beauty, "when r u live again? i always miss the start lol")  # the schedule, not "this is live"
    assert "this is live" not in " ".join(p.lines)
    x, p = ask(tech, "你是哪里人啊 x1多少钱")  # a product asked: the product's answer
    assert x.intent == "price" and "199" in p.lines[0]


def test_a_promotion_asked_beside_the_price_says_the_price_once(beauty) -> None:
    _, p = ask(beauty, "面霜现在多少 活动价能用到啥时候")  # was the price line, then the promotion's line saying it again
    assert len(p.lines) == 1 and "229" in p.lines[0] and "12 月 31 日" in p.lines[0]
