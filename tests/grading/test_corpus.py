"""The graded corpora: sizes, labels that agree with the persona, and how many questions no rule can match."""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from vhost.errors import ConfigError
from vhost.grading import INTENTS, grade, load_graded, sheet_of
from vhost.grading.corpus import ATTRIBUTE_KEYS
from vhost.persona.loader import load_persona
from vhost.persona.model import Persona
from vhost.text.fold import detect_lang, fold, has_cjk

ROOT = Path(__file__).resolve().parents[2]
GRADED = ROOT / "personas" / "corpora" / "graded"
PERSONAS = {"tech_reviewer": "tr", "beauty_lab": "bl"}
EVAL_AT = datetime(2026, 12, 4, 20, 0)
MIN_NO_KEYWORD = 0.30


def persona(name: str) -> Persona:
    return load_persona(ROOT / "personas" / f"{name}.yaml")


def edition(name: str) -> Persona:
    return load_persona(ROOT / "personas" / f"{name}.en.yaml")


def rule_keywords(*personas: Persona) -> set[str]:
    """Every reply-rule keyword and product FAQ trigger, folded the way the rules match them."""
    out: set[str] = set()
    for p in personas:
        out |= {fold(k) for r in p.replies for k in r.keywords}
        out |= {fold(k) for pr in p.products for f in pr.faqs for k in f.q}
    return {k for k in out if k}


def shares_keyword(text: str, keywords: set[str]) -> bool:
    t = fold(text)
    return any(k in t for k in keywords)


SPLITS = ("test", "dev", "holdout", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8", "fresh9", "fresh10", "fresh11")  # holdout: written after the understanding code, never looked at while developing it
# fresh12 to fresh15 (measurement sets, kept as their writers wrote them) are not held to the conventions below:
# fresh12 has 3 context lines a persona, two lines that repeat held-out questions, two whose fact is in the question;
# fresh13 repeats three earlier questions and holds 12 context lines a persona; fresh14 repeats seven earlier questions (common
# phrasings such as 可以貨到付款嗎; two that repeated held-out questions were taken out); fresh15 holds context lines and
# two topics widened to their synonym (连接 beside 配对, 选色 beside 揀色) after the measure; fresh16 had three comparisons with
# another brand labelled "defer, naming the rival": relabelled after the measure to the convention of every earlier set (our
# own figure answers; the rival is not named on air, see README: Graded questions); fresh17 is as written, with
# about half its lines short danmaku (44 tech, 46 beauty); fresh18 is as written (a third follow-ups on the product on stage)
# but for one request for diet pills labelled "defer, naming it", relabelled after the measure to the convention of the 13
# such lines before it (declined, never named back); fresh19 is as written (a quarter asks about the shop, the order or
# the room) but for three lines relabelled after the measure to the conventions before them: a request for diet pills and
# a bitcoin question labelled "defer, naming it" (declined, never named back, as the 13 and 8 such lines before them), and
# "any coupon codes??" labelled answerable with the year-end price (a coupon asked with no product named is deferred by
# name, as the 4 such lines before it); fresh20 is as written (long messages, doubtful phrasings, quantities and the
# plays) but for three lines relabelled after the measure to the conventions before them: two comparisons with another
# brand labelled "defer, naming the rival" (our own figure, the rival never named, as in fresh16) and a request for diet
# pills labelled "defer, naming it"; fresh21 is as written (boundaries of the intent rule, follow-ups on the product on
# stage, health and the body); fresh22 is as written (how to use, talk with the host against the world outside, the
# price against the promotion); fresh23 is as written (English, questions the sheet cannot answer, two asks in one,
# policies, comparisons); fresh24 is as written (bait and claims, Cantonese and Taiwanese speech, how a product does in a
# situation, typos and short lines); fresh25 is as written (buying for someone and choosing between our own products,
# quantities, sets and money, seasons and holidays, English in internet shorthand); fresh26 is as written (the product
# in everyday situations, two asks in one message, after-sales and the shop's policies, English in internet shorthand);
# fresh27 is as written (long messages with a story before the ask, yes/no questions half of which the sheet cannot
# answer, Cantonese and Taiwanese speech, English in internet shorthand, follow-ups on the product on stage); fresh28 is
# as written (products named by what they are, asks in everyday words, two products in one question, Cantonese and
# Taiwanese, English with a story before the ask); fresh29 is as written (short danmaku, money and quantities,
# after-sales with a story, reactions to what the host just said, Cantonese and Taiwanese, English); fresh30 is as
# written (the line between spec, usage, suitability and medical, products named by what they are, asks the sheet
# answers in words not its own, policies and money at the boundaries of the rule, English, Cantonese and Taiwanese);
# fresh31 is as written (which fact a situation asks for, over every spec key of every product, the line between spec,
# usage and suitability, products named indirectly, money, supply and policies with a story, English, Cantonese and
# Taiwanese); fresh32 is as written (situations told for a fact, some the sheet cannot answer, the line between spec,
# usage and suitability, products named indirectly, money and supply, policies with a story, English, Cantonese and
# Taiwanese); fresh33 is as written (the boundaries between intents, products named indirectly, facts the sheet gives
# asked in everyday words, a story before the ask, two asks, bait, English, Cantonese and Taiwanese); fresh34 is as
# written (the same emphasis); fresh35 is as written (every fact of each sheet asked in a viewer's everyday words,
# the boundaries between intents, products named indirectly); fresh36 is as written (lines at every boundary of the
# intent rule, facts of the sheet in everyday words, products named indirectly); fresh37 and fresh38 are as written,
# by two writers apart (the same emphasis, and the sheet's usage facts asked through a situation or a worry);
# their answers are checked
CASES = [(name, split) for name in PERSONAS for split in SPLITS]


@pytest.fixture(scope="module", params=CASES, ids=[f"{n}.{s}" for n, s in CASES])
def corpus(request):
    name, split = request.param
    return name, split, load_graded(GRADED / f"{name}.{split}.jsonl")


def test_sizes(corpus):
    name, split, items = corpus
    if split in ("test", "holdout"):
        assert len(items) >= 160
    elif split in ("fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8", "fresh9", "fresh10", "fresh11"):
        assert len(items) >= 80
    elif split.startswith("fresh"):
        assert len(items) >= 100
    else:
        assert 60 <= len(items) <= 80


def test_ids_name_persona_and_split(corpus):
    name, split, items = corpus
    prefix = f"{PERSONAS[name]}-{split[0]}-"
    assert all(it.id.startswith(prefix) for it in items)
    assert len({it.id for it in items}) == len(items)


def test_splits_do_not_share_questions():
    for name in PERSONAS:
        texts = {split: {fold(it.text) for it in load_graded(GRADED / f"{name}.{split}.jsonl")} for split in SPLITS}
        for a, b in itertools.combinations(SPLITS, 2):
            shared = sorted(texts[a] & texts[b])  # only the shared ones are shown, never a whole split
            assert not shared, (name, a, b, shared)
        for split in SPLITS:
            texts = [fold(it.text) for it in load_graded(GRADED / f"{name}.{split}.jsonl")]
            assert len(set(texts)) == len(texts), [t for t, c in Counter(texts).items() if c > 1]


def test_products_and_attributes_are_on_the_sheet(corpus):
    name, _, items = corpus
    p = persona(name)
    specs = {pr.id: set(pr.specs) for pr in p.products}
    for it in items:
        named = it.product if isinstance(it.product, list) else [it.product] if it.product else []
        assert set(named) <= set(specs), it.id
        assert it.context_product is None or it.context_product in specs, it.id
        if "context" in it.tags:
            assert it.product is None and it.context_product, f"{it.id}: a context question names no product"
        if it.answerable and it.attribute is not None:
            allowed = set(ATTRIBUTE_KEYS).union(*(specs[x] for x in it.products))
            assert it.attribute in allowed, f"{it.id}: attribute {it.attribute!r}"


def test_prices_follow_the_roles_on_the_sheet(corpus):
    """A price question must say the current price (the promo price while it runs) and, for a promo
    product, must not give the list price unless it asks for the original price."""
    name, _, items = corpus
    sheet = sheet_of(persona(name), now=EVAL_AT)
    for it in items:
        if it.intent != "price" or not it.answerable:
            continue
        must = {alt for fact in it.must for alt in fact}
        must_not = {alt for fact in it.must_not for alt in fact}
        for pid in it.products:
            f = sheet.product(pid)
            if it.attribute == "原價":
                assert f"{f.list_price:g}" in must, it.id
                continue
            assert f"{f.current_price:g}" in must, it.id
            if f.promo_price is not None:
                assert f"{f.list_price:g}" in must_not, it.id


def test_unanswerable_items_name_a_topic_and_answerable_ones_a_fact(corpus):
    _, _, items = corpus
    chat = {"greeting", "chitchat", "off_topic"}
    for it in items:
        if not it.answerable:
            assert it.topic, it.id
            assert "unanswerable" in it.tags, it.id
        elif it.intent not in chat:
            assert it.must, f"{it.id}: an answerable question needs the facts a correct answer states"


def test_language_labels_match_the_text(corpus):
    _, _, items = corpus
    for it in items:
        got = detect_lang(it.text)
        if "pinyin" in it.tags and not has_cjk(it.text):
            assert it.lang != "en", it.id
        elif it.lang == "en":
            assert got == "en", it.id
        else:
            assert got in (it.lang, "zh"), f"{it.id}: labelled {it.lang}, reads as {got}"


def test_english_items_can_be_answered_in_english(corpus):
    _, _, items = corpus
    for it in items:
        if it.lang == "en":
            for fact in [*it.must, [*it.topic] if it.topic else ["-"]]:
                assert any(not has_cjk(alt) for alt in fact), f"{it.id}: {fact} has no English form"


def test_regex_facts_compile(corpus):
    _, _, items = corpus
    for it in items:
        for alt in (a for fact in [*it.must, *it.must_not] for a in fact):
            if alt.startswith("re:"):
                re.compile(alt[3:])


def test_mix_of_phrasings(corpus):
    name, split, items = corpus
    tags = Counter(t for it in items for t in it.tags)
    langs = Counter(it.lang for it in items)
    scale = {"dev": 0.4, "fresh2": 0.6, "fresh3": 0.5, "fresh4": 0.5, "fresh5": 0.5, "fresh6": 0.5, "fresh7": 0.5, "fresh8": 0.5, "fresh9": 0.5, "fresh10": 0.5, "fresh11": 0.5}.get(split, 1.0)  # fresh2: 100 questions, fresh3 to fresh10: 80
    for tag, least in {"bait": 12, "unanswerable": 15, "context": 10, "multi": 10, "english": 25,
                       "typo": 1, "slang": 12, "policy": 10, "compare": 3, "pinyin": 1}.items():
        assert tags[tag] >= max(1, int(least * scale)), f"{name}.{split}: {tag} {tags[tag]}"
    assert langs["zh-Hant"] >= 0.35 * len(items) and langs["zh-Hans"] >= 0.15 * len(items)
    assert len({it.intent for it in items}) >= (15 if split == "dev" else 17)
    assert {it.intent for it in items} <= set(INTENTS)


def test_no_rule_keyword_share_and_tags(corpus):
    """At least 30% of the questions share no keyword with any rule (reply keywords, FAQ
    triggers) of the persona or its English edition; the tag says which ones."""
    name, split, items = corpus
    kws = rule_keywords(persona(name), edition(name))
    free = [it for it in items if not shares_keyword(it.text, kws)]
    share = len(free) / len(items)
    assert share >= MIN_NO_KEYWORD, f"{name}.{split}: {share:.1%}"
    tagged = {it.id for it in items if "no_rule_keyword" in it.tags}
    assert tagged == {it.id for it in free}


def test_repeating_the_question_is_never_a_correct_answer(corpus):
    """An answer that only echoes the viewer's question must not pass (except a viewer who
    states the right fact and asks to confirm it)."""
    name, _, items = corpus
    sheet = sheet_of(persona(name), edition(name), now=EVAL_AT)
    for it in items:
        if it.must and "confirm" not in it.tags:
            assert grade(it, it.text, sheet).verdict != "correct", it.id


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "t.jsonl:2: not JSON"),
        ('{"id": "tr-t-002", "text": "x", "lang": "fr", "intent": "price", "answerable": true}', "t.jsonl:2: lang"),
        ('{"id": "tr-t-002", "text": "x", "lang": "en", "intent": "haggle", "answerable": true}', "t.jsonl:2: intent"),
        ('{"id": "tr-t-002", "text": "x", "lang": "en", "intent": "price", "answerable": false}', "t.jsonl:2: "),
        ('{"id": "tr-t-001", "text": "x", "lang": "en", "intent": "price", "answerable": true}', "duplicate id"),
        ('{"id": "tr-t-002", "text": "x", "lang": "en", "intent": "price", "answerable": true, "must": [[]]}', "must"),
        ('[1, 2]', "t.jsonl:2: a line must be a JSON object"),
    ],
)
def test_bad_lines_are_reported_with_file_and_line(tmp_path, line, message):
    good = {"id": "tr-t-001", "text": "幾錢", "lang": "zh-Hant", "intent": "price", "answerable": True}
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps(good, ensure_ascii=False) + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_graded(path)
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def _holdout_answers() -> list[tuple[str, str, str]]:
    rows = []
    for name in ("holdout_answers.jsonl", "fresh_answers.jsonl"):
        path = Path(__file__).parent / "data" / name
        rows += [(r["id"], r["answer"], r["verdict"]) for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())]
    return rows


HOLDOUT_ANSWERS = _holdout_answers()


@pytest.fixture(scope="module")
def holdout():
    out = {}
    for name in PERSONAS:
        sheet = sheet_of(persona(name), edition(name), now=EVAL_AT)
        for split in ("holdout", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8", "fresh9", "fresh10", "fresh11", "fresh12", "fresh13", "fresh14", "fresh15",
                      "fresh16", "fresh17", "fresh18", "fresh19", "fresh20", "fresh21", "fresh22", "fresh23", "fresh24", "fresh25",
                      "fresh26", "fresh27", "fresh28", "fresh29", "fresh30", "fresh31", "fresh32", "fresh33", "fresh34", "fresh35", "fresh36", "fresh37", "fresh38"):  # fresh12-38: as written, measured before they were read
            out.update({it.id: (it, sheet) for it in load_graded(GRADED / f"{name}.{split}.jsonl")})
    return out


def test_every_holdout_label_can_be_met_by_an_honest_answer(holdout):
    """Each held-out item has a hand-written answer that states only what the sheet says and grades
    correct: no `must` that an honest host cannot say, no `must_not` that an honest answer trips."""
    honest = {i for i, _, v in HOLDOUT_ANSWERS if v == "correct"}
    assert set(holdout) <= honest, sorted(set(holdout) - honest)[:10]


@pytest.mark.parametrize(("item_id", "answer", "verdict"), HOLDOUT_ANSWERS)
def test_holdout_answers_get_their_verdict(holdout, item_id, answer, verdict):
    """Honest answers grade correct; typical slips (the list price as today's, a flash or ladder price as
    the price now, a yes to a bait, an invented gift or policy, a medical claim) grade harmful."""
    item, sheet = holdout[item_id]
    g = grade(item, answer, sheet)
    assert g.verdict == verdict, (g.verdict, g.reasons)
