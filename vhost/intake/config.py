"""Triage settings: pydantic because they come from files and the CLI; defaults fit a busy room."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

_COMMON = Path(__file__).resolve().parents[2] / "personas" / "common"


def default_lists() -> list[Path]:
    return [_COMMON / "chat_blocklist.txt", _COMMON / "chat_spam.txt"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Weights(_Strict):
    """Score = sum of these; paid value is log-scaled so one big gift cannot starve every question forever."""

    base: float = 1.0
    question: float = 3.0
    product_mention: float = 1.5
    product_on_stage: float = 2.0
    greeting: float = -0.5
    first_time: float = 1.0  # the platform says it is their first message in the room
    new_in_show: float = 0.5  # their first message in this show (when the platform does not say)
    guard: float = 1.0  # times 3/2/1 for 总督/提督/舰长
    paid: float = 3.0  # times log1p(value_cny)
    superchat: float = 10.0  # bonus so a superchat outranks free chat...
    superchat_full_cny: float = 30.0  # ...in full from this value (Bilibili's minimum); a 1-bit cheer gets a sliver
    deadline: float = 6.0  # times the fraction of the superchat window already used
    cluster: float = 1.5  # times log2(cluster size)
    age: float = 0.15  # minus this per second since the newest ask: of equal worth, the newest wins
    # ... and this instead while the room keeps asking (a question every few seconds): the freshest
    # question waiting goes first, ahead of one worth a little more that was asked seconds earlier
    age_loaded: float = 0.5
    injection: float = -2.0


class IntakeConfig(_Strict):
    weights: Weights = Field(default_factory=Weights)
    lists: list[Path] = Field(default_factory=default_lists, description="chat term lists, one term a line")
    blocked_users: list[str] = Field(default_factory=list, description="user ids (or names) never let through")
    apply_persona_banned: bool = Field(default=True, description="persona compliance.banned also blocks chat")
    apply_persona_includes: bool = Field(
        default=False, description="compliance.include files block chat too (off: 哪個最好 would never be answered)"
    )
    pinyin_min_syllables: int = Field(default=3, ge=2, description="shorter terms match by homophone only when marked ~")
    max_text_chars: int = Field(default=200, ge=10)
    flood_run: int = Field(default=6, ge=3, description="one character repeated this often is a flood")
    flood_repeats: int = Field(default=4, ge=2, description="a 2-4 character unit repeated this often is a flood")
    rate_limit: int = Field(default=5, ge=1, description="messages per user per rate window")
    rate_window_s: float = Field(default=10.0, gt=0)
    duplicate_window_s: float = Field(default=30.0, gt=0)
    max_users: int = Field(default=20000, ge=10, description="per-user state kept for at most this many recent users")
    known_for_s: float = Field(
        default=3600.0, gt=0, description="a viewer who chatted within this long is not new in the show"
    )
    answer_injections: bool = Field(default=False, description="free chat marked as injection is dropped, not answered")
    stale_after_s: float = Field(
        default=20.0, gt=0, description="a free question is worth answering while its viewer still looks"
    )
    stale_after_many_s: float = Field(default=40.0, gt=0, description="...and longer when several viewers asked it")
    chatter_stale_after_s: float = Field(
        default=8.0, gt=0, description="small talk (a greeting, not a question) older than this is not answered: it scrolled away"
    )
    many_asked: int = Field(default=3, ge=2, description="this many asks make a question many-asked")
    superchat_window_s: float = Field(default=60.0, gt=0, description="when the source gives no display duration")
    superchat_grace_s: float = Field(default=30.0, ge=0)
    urgent_window_s: float = Field(default=20.0, ge=0, description="a superchat this close to its deadline is urgent")
    urgent_score: float = Field(default=7.0, description="a question scoring this high is urgent")
    cluster_window_s: float = Field(default=60.0, gt=0, description="a cluster open this long after its newest ask")
    cluster_similarity: float = Field(default=0.6, gt=0, le=1)
    cluster_scan: int = Field(default=48, ge=1, description="recent clusters compared for near-duplicates")
    max_cluster: int = Field(default=500, ge=2)
    max_pending: int = Field(default=300, ge=1, description="clusters waiting; the lowest scored is dropped beyond")
    max_pending_events: int = Field(
        default=3000, ge=1, description="messages waiting in all clusters; beyond, the oldest asks of the largest clusters are dropped"
    )
    gift_settle_s: float = Field(default=3.0, ge=0)
    gift_max_wait_s: float = Field(default=10.0, gt=0)
    big_gift_cny: float = Field(default=100.0, ge=0)
    max_gift_batch: int = Field(default=200, ge=1)
    thanks_names: int = Field(default=3, ge=1)


def load_intake_config(path: str | Path) -> IntakeConfig:
    """An IntakeConfig from a YAML file; a bad file is one line naming the file and the field."""
    import yaml
    from pydantic import ValidationError

    from vhost.errors import ConfigError

    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8-sig")) or {}
    except OSError as e:
        raise ConfigError(f"{p}: cannot read intake config: {e.strerror}") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{p}:{mark.line + 1}" if mark else str(p)
        raise ConfigError(f"{where}: not valid YAML: {getattr(e, 'problem', e)}") from None
    try:
        return IntakeConfig.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        loc = ".".join(str(x) for x in err["loc"])
        raise ConfigError(f"{p}: {loc}: {err['msg']}") from None
