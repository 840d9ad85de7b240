import pytest

from vhost.text.chunker import SentenceChunker, split_sentences


def stream(text: str, chunker: SentenceChunker, step: int = 1) -> list[str]:
    out: list[str] = []
    for i in range(0, len(text), step):
        out += chunker.feed(text[i : i + step])
    return out + chunker.flush()


@pytest.mark.parametrize("step", [1, 2, 3, 7])
def test_prices_and_decimals_are_never_split(step):
    text = "這款耳機到手價¥199.00元。續航5.3小時，藍牙5.3。Price is $29.95 today."
    out = stream(text, SentenceChunker(max_chars=40, early_clause_chars=100), step)
    assert out == ["這款耳機到手價¥199.00元。", "續航5.3小時，藍牙5.3。", "Price is $29.95 today."]
    assert "".join(out).replace(" ", "") == text.replace(" ", "")


def test_first_clause_released_early_then_whole_sentences():
    c = SentenceChunker(max_chars=40, early_clause_chars=6)
    first = c.feed("家人們大家晚上好，")
    assert first == ["家人們大家晚上好，"]
    assert c.feed("今天給大家帶來一款耳機，") == []  # later commas do not split
    assert c.feed("續航三十小時。") == ["今天給大家帶來一款耳機，續航三十小時。"]


def test_thousands_separator_is_not_a_clause():
    c = SentenceChunker(max_chars=60, early_clause_chars=3)
    out = stream("Over 1,000 sold, thanks!", c)
    assert out[0] == "Over 1,000 sold,"


def test_lookahead_on_latin_period():
    c = SentenceChunker()
    assert c.feed("Version 5.") == []
    assert c.feed("3 is out. Next") == ["Version 5.3 is out."]
    assert c.flush() == ["Next"]


def test_overlong_run_is_cut_at_a_clause_mark_not_inside_a_number():
    text = "一二三四五六七八九十，一二三四五六七八九十一二三四五六七八九十價格1234567元"
    out = split_sentences(text, max_chars=30)
    assert all(len(s) <= 30 for s in out)
    assert any("1234567" in s for s in out)


def test_punctuation_only_pieces_attach_to_previous():
    out = split_sentences("好的！！」……")
    assert out == ["好的！！」……"]


def test_closing_quote_stays_with_its_sentence():
    assert split_sentences("他說「好。」然後走了。") == ["他說「好。」", "然後走了。"]
