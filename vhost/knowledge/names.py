"""How viewers name the products: names, aliases and codes in every edition, a set's own name, an alias
said one character short, homophone typos through pinyin, and three-character words only one sheet has;
and how the host names them in passing (its code, X1, else its shortest alias, 面霜)."""

from __future__ import annotations

import functools
import itertools
import re

from vhost.knowledge import attrwords as A
from vhost.knowledge import lexicon as L
from vhost.persona.model import Persona, Product
from vhost.text.fold import fold, has_cjk, looks_like_pinyin, loosen, pinyin_key, pinyin_syllables, to_traditional


class ProductNames:
    """The product-naming half of the understander (a mixin: it reads `persona`, `_names`, `_unique`)."""

    persona: Persona
    _names: list[tuple[str, str, str]]
    _unique: dict[str, str]

    def _cased(self, pid: str) -> bool:
        """Its own sheet speaks of its case ("30 hours with the case"): "the earbuds case" is that one's, not a phone case."""
        return any(re.search(r"\bcase\b|充電盒|充电盒", " ".join([*p.selling_points, *p.specs.values(), *(f.a for f in p.faqs)]), re.I)
                   for ed in self._editions() for p in ed.products if p.id == pid)  # fmt: skip

    def _editions(self) -> list[Persona]:
        eds = [self.persona]
        en = self.persona.edition("en")
        return eds + ([en] if en is not self.persona else [])

    def _product_words(self) -> list[tuple[str, str, str]]:
        """(kind, folded word or pinyin, product id), longest first: latin | cjk | pinyin."""
        out: dict[tuple[str, str], str] = {}
        for ed in self._editions():
            for p in ed.products:
                code = re.match(r"^([A-Za-z]*\d+[A-Za-z0-9]*)\b", p.name)
                splits = [w for w in re.split(r"\s+", p.name) if w.isascii()]  # "X1", not 維他命 of 維他命 C 面霜
                label = [p.promo.label] if p.promo is not None and p.promo.label else []
                for w in [p.id, p.name, *p.aliases, *([code.group(1)] if code else []), *splits, *label, *self._set_names(p)]:
                    f = fold(w)
                    if len(f) < 2 and not (w in p.aliases and has_cjk(w)):  # a one-character alias only if the author wrote it
                        continue
                    if f.isascii():
                        latin = fold(w, keep_separators=True).strip()
                        out.setdefault(("latin", latin), p.id)
                        if len(latin) > 4 and latin.endswith("s") and not latin.endswith("ss"):
                            out.setdefault(("latin", latin[:-1]), p.id)  # "earbud" of "earbuds"
                    else:
                        out.setdefault(("cjk", f), p.id)
                        if sum(has_cjk(c) for c in f) >= 2:
                            out.setdefault(("pinyin", pinyin_key(f, loose=True)), p.id)
        for kind_words in L.PRODUCT_KINDS:  # "唇彩" for the one lipstick on the sheet
            forms = {(("latin", fold(w, keep_separators=True).strip()) if fold(w).isascii() else ("cjk", fold(w))) for w in kind_words}
            owners = {pid for key, pid in out.items() if key in forms}
            if len(owners) == 1:
                pid = next(iter(owners))
                for key in forms:
                    out.setdefault(key, pid)
                    if key[0] == "cjk" and len(key[1]) >= 2:
                        out.setdefault(("pinyin", pinyin_key(key[1], loose=True)), pid)
        # the last character of a product's two-character CJK aliases, when no other product's
        # alias ends with it: 線 for 充電線/數據線 (the cable), matched alone only at word edges
        last: dict[str, set[str]] = {}
        for p in self.persona.products:
            for a in p.aliases:
                f = fold(a)
                if len(f) >= 2 and all(has_cjk(c) for c in f):
                    last.setdefault(f[-1], set()).add(p.id)
        for ch, pids in last.items():
            if len(pids) == 1 and ("cjk", ch) not in out and ch not in _VERB_CHARS:
                out[("cjk", ch)] = next(iter(pids))
        # a mixed alias said one character short ("VC霜", "維C霜" for VC面霜 / 維C面霜): a Latin part
        # keeps it specific; a form another product's words hold, or more than one product gives, is left
        short: dict[str, set[str]] = {}
        for (kind, w), pid in out.items():
            if kind == "cjk" and len(w) >= 4 and any(c.isascii() and c.isalnum() for c in w) and sum(has_cjk(c) for c in w) >= 2:
                for i, c in enumerate(w):
                    form = w[:i] + w[i + 1 :]
                    if has_cjk(c) and sum(has_cjk(x) for x in form) >= 1 and len(form) >= 3:
                        short.setdefault(form, set()).add(pid)
        held = [w for (kind, w) in out if kind in ("cjk", "latin")]
        for form, pids in short.items():
            if len(pids) == 1 and ("cjk", form) not in out and not any(form in w for w in held):
                out[("cjk", form)] = next(iter(pids))
        return sorted(((k, w, pid) for (k, w), pid in out.items()), key=lambda x: -len(x[1]))

    @staticmethod
    def _set_names(p: Product) -> list[str]:
        """A set's name and what is left of it without the product's own words ("雙瓶組" of 保濕精華雙瓶組):
        "雙瓶組要怎麼拍" is about the serum."""
        out = []
        for b in p.bundles:
            out.append(b.name)
            rest = b.name
            for w in sorted({p.name, *p.aliases, *p.name.split()}, key=len, reverse=True):
                rest = rest.replace(w, "")
            rest = rest.strip()
            if not re.search(r"[+&/]", rest) and (sum(has_cjk(c) for c in rest) >= 3 or (rest.isascii() and len(rest) >= 4)):
                out.append(rest)
        return out

    @functools.cached_property
    def _described(self) -> frozenset[str]:
        """Latin words that only describe a product inside its name ("wireless" of X1 Wireless Earbuds): they
        name it when nothing else is named, not beside a code ("does n9 have wireless charging")."""
        out: set[str] = set()
        for ed in self._editions():
            for p in ed.products:
                own = {fold(w, keep_separators=True).strip() for w in [p.id, *p.aliases]}
                for w in re.split(r"\s+", p.name):
                    f = fold(w, keep_separators=True).strip()
                    if w.isascii() and w.isalpha() and f not in own:
                        out.add(f)
        return frozenset(out)

    def _unique_words(self) -> dict[str, str]:
        """Three-character words found on one product's sheet only (充電盒 -> the earbuds)."""
        seen: dict[str, set[str]] = {}
        for p in self.persona.products:
            f = fold(_product_text(p))
            for i in range(len(f) - 2):
                g = f[i : i + 3]
                if all(has_cjk(c) for c in g) and not any(c in "的是了和在有都也就很还還" for c in g):
                    seen.setdefault(g, set()).add(p.id)
        attr_words = [fold(w) for ws in A.ATTRIBUTES.values() for w in ws]
        return {g: next(iter(ps)) for g, ps in seen.items() if len(ps) == 1 and not any(g in w or w in g for w in attr_words if len(w) >= 2)}

    def _without_names(self, text: str, kept: frozenset[str] = frozenset()) -> str:
        out = text
        for kind, w, _pid in self._names:
            if w in kept:
                continue
            if kind == "cjk" and len(w) >= 2:
                out = re.sub("".join(f"[{re.escape(c)}{re.escape(to_traditional(c))}]" for c in w), " ", out)
            elif kind == "cjk":  # 線 alone, then 是/有/多...: "線是多長" sounds like 顯示 (screen) with it
                chars = f"[{re.escape(w)}{re.escape(to_traditional(w))}]"
                out = re.sub(rf"(?:^|(?<=[\s和跟與与同的買买那這这個个各條条根]))({chars})(?=[是的有呢嗎吗多能可會会幾几])", " ", out)
        for n, sounds in self._name_sounds(kept).items():  # "口洪幾塊錢": 口紅 typed by its sound is the name too
            for i in range(len(out) - n, -1, -1):
                part = out[i : i + n]
                if all("\u4e00" <= c <= "\u9fff" and c not in _FUNCTION_CHARS for c in part) and pinyin_key(part, loose=True) in sounds \
                        and not _IN_HAND.match(out, i):  # 到手幾個米: in hand, no 手機
                    out = out[:i] + " " + out[i + n :]
        return out

    @functools.lru_cache(maxsize=8)  # noqa: B019 - a handful of keep-sets a persona, held as long as the persona
    def _name_sounds(self, kept: frozenset[str]) -> dict[int, frozenset[str]]:
        """The loose sound of each Chinese product word of two to four characters, by length."""
        out: dict[int, set[str]] = {}
        for kind, w, _pid in self._names:
            if kind == "cjk" and 2 <= len(w) <= 4 and w not in kept and all("\u4e00" <= c <= "\u9fff" for c in w):
                out.setdefault(len(w), set()).add(pinyin_key(w, loose=True))
        return {n: frozenset(v) for n, v in sorted(out.items(), reverse=True)}

    @functools.cached_property
    def _kept_names(self) -> frozenset[str]:
        """A set's name and a promotion's label stay in `unnamed`: "雙色組多少錢" asks the set's price."""
        return frozenset(fold(w) for p in self.persona.products for w in [*self._set_names(p), *([p.promo.label] if p.promo and p.promo.label else [])])

    def unnamed(self, text: str) -> str:
        """The text with every product name taken out ("X1 續航多久" -> "續航多久"): how it asks, not what about."""
        kept = self._kept_names
        out = " " + self._without_names(text, kept) + " "
        for kind, w, _pid in self._names:
            if kind == "latin" and w not in kept:
                name = r"\s*".join(re.escape(part) for part in w.split())
                out = re.sub(rf"(?i)(?<![a-z0-9]){name}(?:s|es)?(?![a-z0-9])", " ", out)
        return re.sub(r"\s+", " ", out).strip() or text

    def sheet_mentions(self, text: str) -> list[str]:
        f = fold(text)
        found: dict[str, int] = {}
        for i in range(len(f) - 2):
            pid = self._unique.get(f[i : i + 3])
            if pid is not None:
                found.setdefault(pid, i)
        return sorted(found, key=found.__getitem__)

    def _mask_not_ours(self, f: str, spaced: str = "") -> str:
        """The folded text with product words that name something else blanked out ("我手機", "耳機孔"). spaced: the
        text folded with its separators, where a word after a space or a comma starts a new thought ("拿盒子出來充
        耳機撐得完嗎": the earbuds, not "充耳機", charging some other pair)."""
        for kind, w, _pid in self._names:
            if kind != "cjk" or len(w) < 2:
                continue
            feature = w in _feature_words()  # "快充" is the P65's alias and fast charging too
            apart = [s > 0 and spaced[s - 1] in _SEPARATORS for s in (m.start() for m in re.finditer(re.escape(w), spaced))]
            for i, m in enumerate(re.finditer(re.escape(w), f)):
                before = not (i < len(apart) and apart[i]) and _NOT_OURS_BEFORE.search(f[max(0, m.start() - 5) : m.start()])
                if before or _NOT_OURS_AFTER.match(f[m.end() :]) or (feature and _AS_FEATURE.match(f[m.end() :])):
                    f = f[: m.start()] + "_" * len(w) + f[m.end() :]
        return f

    def mentions(self, text: str) -> list[str]:
        """Products the text names, in order of first mention."""
        f = _ORDINAL.sub(lambda m: "_" * len(m.group()), self._mask_not_ours(fold(text), fold(text, keep_separators=True)))  # 第二季 is a season, not 耳機 by its sound
        spaced = " " + re.sub(r"\s+", " ", fold(text, keep_separators=True)) + " "
        bounds: set[int] | None = None  # where syllables meet in py; typed pinyin ("shouji") has no marks between them
        if has_cjk(f):
            syl = pinyin_syllables(_IN_HAND.sub("_", f), loose=True)  # 到手幾個米 (what it costs in hand) is no 手機 by its sound
            py, bounds = "".join(syl), {0, *itertools.accumulate(map(len, syl))}
        else:
            py = loosen(f) if looks_like_pinyin(text) else ""
        found: dict[str, int] = {}
        named: set[str] = set()  # found by more than a word of its name that only describes it ("wireless")
        spans: dict[str, list[tuple[int, int]]] = {}  # where each product's Chinese words were found
        for kind, w, pid in self._names:
            if kind == "latin":
                hits = re.finditer(rf"(?<![a-z0-9]){re.escape(w)}(?:s|es)?(?![a-z0-9])", spaced)
                coded = any(c.isdigit() for c in w)  # "charge the N9 overnight", "my N9": a model of ours, unless ruled out ("except the N9")
                pos = next((m.start() for m in hits if (not _NOT_OURS_EN.search(before := spaced[: m.start()]) or (coded and not _RULED_OUT_EN.search(before)))
                            and not (_NOT_OURS_EN_AFTER.match(after := spaced[m.end() :]) and not (_CASE_AFTER.match(after) and self._cased(pid)))), -1)
            elif kind == "cjk" and len(w) == 1:  # 線 alone, not the 線 of 無線 or 線上
                # 充電線 holds no 充; "同時怼幾根線" counts cables plugged in, it names none; 曬傷 / 曬黑 is the sun, not the sunscreen
                m = re.search(rf"(?:^|(?<![几多少])[和跟与同的买那这个各条根罐瓶支了吗呢吧啊])({re.escape(w)})(?![上下路索圈条性电伤黑斑红])", f)
                pos = m.start(1) if m else -1
            elif kind == "cjk":
                pos = f.find(w)
                spans.setdefault(pid, []).extend((m.start(), m.end()) for m in re.finditer(re.escape(w), f))
            else:
                # a name typed by its sound ("手鸡"), whole syllables only: 到手价 sounds "dao shou jia", no "shou ji"
                pos = next((m.start() for m in re.finditer(re.escape(w), py) if bounds is None or {m.start(), m.end()} <= bounds), -1) \
                    if py and len(w) >= 4 else -1
                pos = pos * len(f) // max(1, len(py)) if pos >= 0 else -1
            if pos >= 0:
                found.setdefault(pid, pos)
                if not (kind == "latin" and w in self._described):
                    named.add(pid)
        for pid, own in spans.items():
            others = [o for other, sp in spans.items() if other != pid for o in sp]
            if own and pid in found and all(any(_inside(s, o) for o in others) for s in own):
                del found[pid]  # "快充線": the cable's name holds the charger's "快充"; only the longer name counts
        if named & set(found):  # "does n9 have wireless charging": the N9, not also the Wireless Earbuds
            found = {pid: pos for pid, pos in found.items() if pid in named}
        return sorted(found, key=found.__getitem__)


def _inside(s: tuple[int, int], o: tuple[int, int]) -> bool:
    """Span s lies within the longer span o."""
    return o[0] <= s[0] and s[1] <= o[1] and o[1] - o[0] > s[1] - s[0]


# a product word that names something else: the viewer's own device ("我手機", "my phone", "華為手機"),
# devices in general ("兩台手機", "充兩部機", "charge two phones"; not "求鏈接 手機…", the shop link), a part ("耳機孔", "手機殼") or a feature ("多少瓦快充")
_ORDINAL = re.compile(r"第[一二三四五六七八九十\d]+[季集期部]")
# words that rule a product out ("别推手机", "除了手機"): not the one asked about, and left off the shelf offered
_RULED_OUT_ZH = r"别推荐?|别再推|不要推荐?|不用推荐?|别给我推|除了|不考虑|不要"
_FUNCTION_CHARS = frozenset("的了是在有就都也很还還才吗嗎呢吧啊和跟个個这這那")  # "線才到" is not 線材 typed by its sound
_NOT_OURS_BEFORE = re.compile(r"(?:(?:充|冲|叉|插)(?:[两二三四五几多]|\d)?[台部个只支]?|玩|(?:笔电|电脑|平板)(?:跟|和|同|加|与)?|我的?|你的?|他的?|她的?|(?:(?<!手机)连|(?<!链)接)(?:不|唔)?(?:到|上)?[两二几多]?[台部个只]?|别的|其他|安卓|苹果|华为|小米|三星|旧|瓦|w|支持|支援|" + _RULED_OUT_ZH + r")$")  # "别推手机", "除了手機": not wanted; "手機連叉電頭" is the phone and the charger
_NOT_OURS_AFTER = re.compile(r"^(?:孔|壳|套(?!装|餐)|膜|协议|配对|(?:跟|和|同|加|、)?(?:笔电|电脑|平板)|一起充)")  # 手機套 is a case, 手機套裝 the set; 跟手機配對: the viewer's
_RULED_OUT_EN_WORDS = r"\bno|\bnot|\bexcept(?:\s+the)?|\bother\s+than(?:\s+the)?|\bbesides(?:\s+the)?|\banother|\bother|\bwithout(?:\s+the)?"
_RULED_OUT_EN = re.compile(rf"(?:{_RULED_OUT_EN_WORDS})\s+$")  # "anything except the N9": ruled out, even a model of ours
_NOT_OURS_EN_AFTER = re.compile(r"^\s*(?:jack|port|socket|case)\b|^\s*(?:and|n|\+|&)\s*(?:a\s+|my\s+|his\s+|her\s+)?(?:laptop|macbook|ipad|tablet)")
_CASE_AFTER = re.compile(r"^\s*case\b")
_NOT_OURS_EN = re.compile(r"(?:\blike\s+an?|\bcharge\s+(?:a|the)|\b(?:charge|charging|do|power)\s+(?:two|2|both|multiple|several)|\b(?:laptop|macbook|ipad|tablet)\s*(?:and|n|\+|&)(?:\s+a|\s+my)?|\bmy|\bandroid|\bsamsung|\bhuawei|\bwired|(?:connect|pair)\w*\s+(?:to|with)\s+(?:two|2|both|a)?|" + _RULED_OUT_EN_WORDS + r")\s+$")


_AS_FEATURE = re.compile(r"^(?:吗|嘛|么|不|没|协议)")  # "能快充嗎": asked of as a feature


@functools.lru_cache(maxsize=1)
def _feature_words() -> frozenset[str]:
    return frozenset(fold(w) for ws in A.ATTRIBUTES.values() for w in ws if not w.isascii())


_IN_HAND = re.compile(r"(?<=[到])手(?=[几幾多])")  # "到手幾個米": what it costs in hand, never 手機 by its sound
_VERB_CHARS = frozenset("充冲插用买戴擦抹涂")  # the last character of 快充 is to charge: "充一次聽多久" names no charger
_SEPARATORS = frozenset(" \t\n,.!?;:，。！？；：、~")


_UNWANTED_BEFORE = re.compile(rf"(?:{_RULED_OUT_ZH})$|(?:\bno|\bexcept(?:\sthe)?|\bother\sthan(?:\sthe)?)\s$")


def unwanted(persona: Persona, text: str) -> set[str]:
    """Products the viewer rules out ("别推手机", "除了N9", "no phones"): left off the shelf that is offered."""
    f = fold(text, keep_separators=True)
    out = set()
    for p in persona.products:
        for w in {fold(x) for x in (short_name(p.name), *p.aliases) if x}:
            if any(_UNWANTED_BEFORE.search(f[: m.start()]) for m in re.finditer(re.escape(w), f)):
                out.add(p.id)
    return out


def _product_text(p: Product) -> str:
    return " ".join([p.name, *p.aliases, *p.selling_points, *p.gifts, *(f"{k} {v}" for k, v in p.specs.items()),
                     *(f.a for f in p.faqs), *p.compliance_notes])  # fmt: skip


def short_name(name: str) -> str:
    """A product's code when its name starts with one ("X1" of "X1 無線藍牙耳機"), else the name."""
    m = re.match(r"^([A-Za-z]*\d+[A-Za-z0-9]*)\b", name)
    return m.group(1) if m else name


def spoken_name(persona: Persona, pid: str | None, en: bool = False) -> str | None:
    """What a host calls the product in passing: its code (X1), else its shortest alias (面霜)."""
    p = persona.product(pid) if pid else None
    if p is None:
        return None
    short = short_name(p.name)
    if short != p.name:
        return short
    aliases = [a for a in p.aliases if (2 <= len(a) <= 4 and has_cjk(a)) if not en] or [
        a for a in p.aliases if en and a.isascii() and 2 <= len(a) <= 12]  # fmt: skip
    return min(aliases, key=len) if aliases else p.name


def name_product(text: str, persona: Persona, pid: str | None, *, full: bool = False) -> str:
    """Prefix the product's name when the line does not say which product it is about (`full`: its whole name, as a
    recommendation says what to buy: "清透防曬乳：…", not "防曬：…")."""
    p = persona.product(pid) if pid else None
    if p is None:
        return text
    f = fold(text)
    if any(fold(w) in f for w in (p.name, short_name(p.name), *p.aliases) if w):
        return text
    name = p.name if full else spoken_name(persona, pid, en=text.isascii()) or p.name
    return f"{name[:1].upper()}{name[1:]}: {text}" if text.isascii() else f"{name}：{text}"  # "Serum: …" leads its sentence
