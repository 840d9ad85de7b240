from vhost.events import EventKind
from vhost.sources.irc import LineBuffer, parse_line, unescape
from vhost.sources.twitch import Rates, parse_lines, to_event

PRIVMSG = (
    "@badge-info=;badges=broadcaster/1;client-nonce=997dcf443c31e258c1d32a8da47b6936;color=#0000FF;display-name=abc;"
    "emotes=;first-msg=0;flags=0-6:S.7;id=eb24e920-8065-492a-8aea-266a00fc5126;mod=0;room-id=713936733;subscriber=0;"
    "tmi-sent-ts=1642786203573;turbo=0;user-id=713936733;user-type= :abc!abc@abc.tmi.twitch.tv PRIVMSG #xyz :HeyGuys"
)
SUB = (
    "@badge-info=subscriber/0;badges=subscriber/0,premium/1;color=#2226B2;display-name=burago18;emotes=;flags=;"
    "id=229ecd51-0000;login=burago18;mod=1;msg-id=sub;msg-param-cumulative-months=1;msg-param-months=0;"
    "msg-param-should-share-streak=0;msg-param-sub-plan-name=Channel\\sSubscription\\s(yourchannel);msg-param-sub-plan=1000;"
    "room-id=36476430;subscriber=1;system-msg=burago18\\ssubscribed\\sat\\sTier\\s1.;tmi-sent-ts=1574904233310;"
    "user-id=44812924;user-type=mod :tmi.twitch.tv USERNOTICE #yourchannel"
)


def test_official_privmsg():
    m = parse_line(PRIVMSG)
    assert m.command == "PRIVMSG" and m.params == ["#xyz", "HeyGuys"]
    assert m.tags["badge-info"] == "" and m.tags["user-type"] == "" and m.tags["flags"] == "0-6:S.7"
    e = to_event(m, PRIVMSG)
    assert (e.platform, e.kind, e.text, e.id) == ("twitch", EventKind.DANMAKU, "HeyGuys", "eb24e920-8065-492a-8aea-266a00fc5126")
    assert (e.user.id, e.user.name, e.user.medal) == ("713936733", "abc", "broadcaster/1")
    assert e.user.moderator  # the broadcaster moderates their own chat
    assert not e.user.first_time
    assert e.timestamp == 1642786203.573


def test_tag_values_with_equals_and_empty_and_unknown():
    m = parse_line("@a=;b=x=y=z;c;weird-unknown=1 :n!n@n PRIVMSG #c :hi")
    assert m.tags == {"a": "", "b": "x=y=z", "c": "", "weird-unknown": "1"}
    assert to_event(m, "").text == "hi"


def test_unescape():
    assert unescape(r"a\sb\:c\\d\re\nf") == "a b;c\\d\re\nf"
    assert unescape("trailing\\") == "trailing"
    assert unescape(r"\x") == "x"
    assert parse_line(SUB).tags["system-msg"] == "burago18 subscribed at Tier 1."


def test_display_name_falls_back_to_nick():
    e = to_event(parse_line("@display-name=;user-id=5 :lurker!lurker@lurker.tmi.twitch.tv PRIVMSG #c :yo"), "")
    assert e.user.name == "lurker"
    e = to_event(parse_line(":bare!bare@bare.tmi.twitch.tv PRIVMSG #c :no tags"), "")
    assert (e.user.id, e.user.name) == ("bare", "bare")


def test_bits_are_a_paid_message_at_the_rate():
    line = "@bits=100;display-name=Cheerer;user-id=9;id=c1 :cheerer!cheerer@x PRIVMSG #c :Cheer100 great stream"
    e = to_event(parse_line(line), line)
    assert (e.kind, e.currency, e.amount, e.value_cny) == (EventKind.SUPERCHAT, "bits", 100.0, 7.2)
    assert e.paid
    assert to_event(parse_line(line), line, Rates(cny_per_bit=0.1)).value_cny == 10.0


def test_badges_first_msg_mod_and_sub_months():
    line = "@badge-info=subscriber/14;badges=moderator/1,subscriber/12;first-msg=1;mod=1 :m!m@m PRIVMSG #c :first!"
    e = to_event(parse_line(line), line)
    assert e.user.first_time and e.user.moderator
    assert e.user.medal == "moderator/1,subscriber/12" and e.user.medal_level == 14 and e.user.guard_level == 3


def test_me_action():
    e = to_event(parse_line(":a!a@a PRIVMSG #c :\x01ACTION waves\x01"), "")
    assert e.text == "waves"


def test_usernotice_sub_without_and_resub_with_message():
    e = to_event(parse_line(SUB), SUB)
    assert (e.kind, e.user.name, e.user.id, e.text) == (EventKind.GUARD, "burago18", "44812924", "burago18 subscribed at Tier 1.")
    assert e.gift_name == "Channel Subscription (yourchannel)" and e.user.guard_level == 3
    assert e.currency == "USD" and e.amount == 4.99 and e.value_cny == round(4.99 * 7.2, 2)
    resub = SUB.replace("msg-id=sub", "msg-id=resub").replace("msg-param-sub-plan=1000", "msg-param-sub-plan=3000")
    e = to_event(parse_line(resub + " :Still here after a year"), resub)
    assert e.text == "Still here after a year" and e.user.guard_level == 1 and e.amount == 24.99


def test_mystery_gift_counts_once_and_raid():
    mg = SUB.replace("msg-id=sub", "msg-id=submysterygift") + "x"
    mg = mg.replace("room-id=", "msg-param-mass-gift-count=5;room-id=")
    e = to_event(parse_line(mg), mg)
    assert e.kind == EventKind.GUARD and e.gift_count == 5 and e.amount == round(5 * 4.99, 2)
    part = SUB.replace("msg-id=sub", "msg-id=subgift").replace("room-id=", "msg-param-community-gift-id=123;room-id=")
    assert to_event(parse_line(part), part) is None
    single = SUB.replace("msg-id=sub", "msg-id=subgift")
    assert to_event(parse_line(single), single).kind == EventKind.GUARD
    raid = "@display-name=Raider;login=raider;msg-id=raid;msg-param-viewerCount=42;system-msg=42\\sraiders;user-id=3 :tmi.twitch.tv USERNOTICE #c"
    e = to_event(parse_line(raid), raid)
    assert (e.kind, e.count, e.user.name, e.text) == (EventKind.FOLLOW, 42, "Raider", "42 raiders")
    other = "@msg-id=announcement;login=x;system-msg= :tmi.twitch.tv USERNOTICE #c :Hello all"
    assert to_event(parse_line(other), other).kind == EventKind.SYSTEM


def test_misc_lines():
    assert parse_line("") is None
    assert parse_line("@only=tags") is None
    assert parse_line(":prefix.only") is None
    p = parse_line("PING :tmi.twitch.tv")
    assert (p.command, p.trailing, p.prefix) == ("PING", "tmi.twitch.tv", "")
    assert parse_line(":tmi.twitch.tv 001 justinfan1 :Welcome, GLHF!").params == ["justinfan1", "Welcome, GLHF!"]
    assert len(parse_lines(PRIVMSG + "\r\n" + SUB + "\r\nPING :x\r\n")) == 2


def test_line_buffer_joins_split_lines_and_is_bounded():
    b = LineBuffer()
    assert b.feed("PING :a\r\nPRIVMSG #c :hel") == ["PING :a"]
    assert b.feed("lo\r\n") == ["PRIVMSG #c :hello"]
    assert b.feed("x" * 20000) == []
    assert b.dropped == 1
    assert b.feed("tail\r\n") == ["tail"]
