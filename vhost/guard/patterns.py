"""Fixed patterns the host must never say: contacts, links, prompt leakage, medical claims."""

from __future__ import annotations

import re

URL = re.compile(
    r"https?://|www\.|[\w-]+?\s*(?:\.|點|点|\sdot\s)\s*(?:com|cn|net|org|io|tv|me|top|xyz|cc|shop|vip|app|link)(?![a-z])",
    re.I,
)
# digits with optional separators: 138-1234-5678, 138 1234 5678, (021) 1234 5678
_DIGIT_RUN = re.compile(r"(?:\+?\d[\s\-()]{0,2}){7,}")
CN_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")

# folded text (Simplified, lower case, separators removed)
CONTACT_TERMS = (
    "微信", "weixin", "wechat", "vx", "v信", "薇信", "威信", "wx号", "qq", "扣扣", "企鹅号", "whatsapp",
    "telegram", "lineid", "私聊", "私信我", "加我好友", "私下交易", "线下交易", "手机号", "电话号码",
)  # fmt: skip
CONTACT = re.compile("|".join(re.escape(t) for t in sorted(CONTACT_TERMS, key=len, reverse=True)))

ROLE_MARKER = re.compile(
    r"<\|[^|>]{1,40}\|>|\[/?INST\]|<<\s*/?SYS\s*>>|</?s>|<\|?im_(?:start|end)\|?>|"
    r"(?:^|[\s\n])(?:system|assistant|user|human)\s*[:：]|(?:系統|系统|助手|用戶|用户)\s*[:：]|^#{2,}\s",
    re.I,
)
AI_DISCLAIMER = re.compile(
    r"作[為为]\s*(?:一[個个名])?\s*(?:ai|人工智能|人工智慧|語言模型|语言模型|機器人|机器人|助手)|"
    r"(?:我是|我只是)\s*(?:一[個个])?\s*(?:ai|人工智能|人工智慧)?\s*(?:語言模型|语言模型|大模型)|"
    r"as an? (?:ai|language model|assistant)\b|i(?:'m| am) (?:just )?an? (?:ai|language model)\b|"
    r"system prompt|my instructions|i was instructed|系統提示|系统提示|提示詞|提示词|我的指令|系統指令|系统指令",
    re.I,
)

# health and medical efficacy: folded zh, word-bounded en
MEDICAL_ZH = (
    "治疗", "根治", "消炎", "抗癌", "防癌", "医治", "药效", "疗效", "治愈", "治好", "祛痘", "药用", "处方",
    "止痛", "杀菌", "抗菌", "抗病毒", "消肿", "降血压", "降血糖", "治病", "医疗级", "药妆", "修复皮肤屏障",
    "皮肤癌", "致癌", "癌症", "医疗人员", "医护人员", "医生推荐", "祛斑", "淡斑", "美白", "抗衰老",
    "除皱", "去皱", "生发", "减肥", "瘦身", "排毒", "疤痕", "湿疹", "痘痘消失", "不长痘", "防痘", "治痘",
)  # fmt: skip
MEDICAL_ZH_RE = re.compile("|".join(re.escape(t) for t in sorted(MEDICAL_ZH, key=len, reverse=True)))
MEDICAL_EN = re.compile(
    r"\b(?:cures?|cured|curing|heals?|healing|healed|treats? (?:acne|eczema|disease|infection)s?|treatment for|"
    r"medical[- ]grade|anti-?cancer|prescription|therapeutic|clinically proven|anti-?inflammatory|antibacterial|"
    r"(?:skin )?cancer|medical professional|whitening|anti-?aging|acne-free|clears? acne|fades? (?:spots|scars))\b",
    re.I,
)
