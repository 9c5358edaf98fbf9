"""Rules as things: the :class:`Rule` record, the kinds of mentions, and the order rules run in.

Every extraction rule (a mention rule, a relation rule, the statistics rule) is one :class:`Rule`
record, registered in the ``RULES`` list of the module that holds its function (Duckling style).
A rule names what it ``requires``: the rules, or the kinds of mentions, whose output it reads.
:func:`ordered` derives the order rules run in from those requirements (a deterministic
topological sort, ties broken by the order of registration) and raises :class:`RuleOrderError`
for a cycle, a requirement that no rule provides, or two rules of one name: a package whose rules
cannot be ordered does not load.

A rule's name is what its output carries (``Mention.rule``, ``Relation.rule``, ``Statistic.rule``)
and what the rules corpus (``data/rules/cases``) names; a mention also carries its rule's
:class:`MentionKind`, which later stages test instead of rule names.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

#: the stages a rule may belong to, in the order the pipeline runs them
STAGES: tuple[str, ...] = ("mentions", "nested", "document", "statistics", "relations", "document_relations")


class MentionKind:
    """How a mention's name was found: what resolution and relations test instead of rule names.

    Plain strings (a mention is pickled by the million; a string is the cheapest field).
    """

    ADMIN_PLACE = "admin_place"  # 东莞市, 贺兰县: an administrative place named as such
    PROVINCE = "province"  # 广东, 宁夏回族自治区
    RELATIVE_PLACE = "relative_place"  # 全市, 我县: a word standing for the article's place
    LEVEL_PLACE = "level_place"  # 乡镇(街道), 村(社区): a level of places, no one place
    LOCAL_PLACE = "local_place"  # 桥头镇, 平安大厦: a town, village or site
    GAZETTEER_PLACE = "gazetteer_place"  # 长寿区, 恩施州: a province, prefecture or county of the gazetteer
    GAZETTEER_LOCAL_PLACE = "gazetteer_local_place"  # 晾马台镇, 石回村: a town or village of the gazetteer
    LEXICON_WORD = "lexicon_word"  # 公安机关, 网格员: a kind of body or post of the lexicon
    NATIONAL_TERM = "national_term"  # 枫桥经验: a nation-wide concept or programme of the lexicon
    QUOTED = "quoted"  # “红色物业”: a quoted name
    QUOTED_WITH_HEAD = "quoted_with_head"  # “莞邑调解”工作品牌: a quoted name and its head noun
    HEADED_NAME = "headed_name"  # 数据合规法律研究会: an unquoted name built up to its head noun
    ALIAS = "alias"  # (“瓯e治”): another name of the entity named just before
    PATTERN = "pattern"  # found by a pattern of the wording (获评…, 某某, 市长+name ...)
    REPEATED = "repeated"  # a name found once by a pattern, met again unmarked
    SOURCE = "source"  # the article's source line (来源)
    METADATA = "metadata"  # the article's publisher or editor
    TAGGED = "tagged"  # found by the statistical tagger (extract.tagger), merged after the rules
    LEARNED = "learned"  # found by the learned span model (extract.learned) where the rules found nothing

    ALL: tuple[str, ...] = (
        ADMIN_PLACE,
        PROVINCE,
        RELATIVE_PLACE,
        LEVEL_PLACE,
        LOCAL_PLACE,
        GAZETTEER_PLACE,
        GAZETTEER_LOCAL_PLACE,
        LEXICON_WORD,
        NATIONAL_TERM,
        QUOTED,
        QUOTED_WITH_HEAD,
        HEADED_NAME,
        ALIAS,
        PATTERN,
        REPEATED,
        SOURCE,
        METADATA,
        TAGGED,
        LEARNED,
    )


@dataclass(frozen=True)
class Rule:
    """One named extraction rule.

    ``produces`` holds entity types (mention rules) or predicates (relation rules);
    ``requires`` the names of rules, or :class:`MentionKind` values, whose output the rule reads
    (a kind stands for every rule of its stage with that kind); ``priority`` breaks ties between
    candidate mentions of one span (the longer span always wins first); ``kind`` is the
    :class:`MentionKind` its mentions carry; ``function`` does the work, called as its stage
    calls every rule of the stage.
    """

    name: str
    stage: str
    produces: tuple[str, ...]
    function: Callable
    priority: int = 0
    requires: tuple[str, ...] = ()
    kind: str = ""
    doc: str = ""

    def __post_init__(self) -> None:
        if self.stage not in STAGES:
            raise RuleOrderError(f"rule {self.name}: unknown stage {self.stage!r}")
        if self.kind and self.kind not in MentionKind.ALL:
            raise RuleOrderError(f"rule {self.name}: unknown mention kind {self.kind!r}")

    @property
    def summary(self) -> str:
        """The first line of the rule's description (its function's docstring unless given)."""
        text = self.doc or (self.function.__doc__ or "")
        return text.strip().splitlines()[0] if text.strip() else ""


class RuleOrderError(ValueError):
    """The rules cannot be ordered: a cycle, a requirement no rule provides, or a name twice."""


def ordered(rules: Sequence[Rule], provided: Iterable[str] = ()) -> tuple[Rule, ...]:
    """``rules`` in an order where each runs after every rule it requires.

    Deterministic: Kahn's algorithm taking, among the rules whose requirements are met, the one
    registered first (its index in ``rules``). A requirement is a rule name or a mention kind
    (every rule of ``rules`` with that kind); ``provided`` names what an earlier stage already
    provides. Raises :class:`RuleOrderError` for a name given twice, a requirement nothing
    provides, or a cycle.
    """
    index: dict[str, int] = {}
    for position, rule in enumerate(rules):
        if rule.name in index:
            raise RuleOrderError(f"two rules are named {rule.name}")
        index[rule.name] = position
    by_kind: dict[str, list[int]] = {}
    for position, rule in enumerate(rules):
        if rule.kind:
            by_kind.setdefault(rule.kind, []).append(position)
    given = set(provided)
    needs: list[set[int]] = []
    for rule in rules:
        deps: set[int] = set()
        for req in rule.requires:
            if req in index:
                deps.add(index[req])
            elif req in by_kind:
                deps.update(j for j in by_kind[req] if j != index[rule.name])
            elif req not in given:
                raise RuleOrderError(f"rule {rule.name} requires {req}, which no rule provides")
        needs.append(deps)
    users: list[list[int]] = [[] for _ in rules]
    for position, deps in enumerate(needs):
        for dependency in deps:
            users[dependency].append(position)
    waiting = [len(deps) for deps in needs]
    ready = [i for i, n in enumerate(waiting) if n == 0]
    heapq.heapify(ready)
    out: list[Rule] = []
    while ready:
        position = heapq.heappop(ready)
        out.append(rules[position])
        for user in users[position]:
            waiting[user] -= 1
            if waiting[user] == 0:
                heapq.heappush(ready, user)
    if len(out) < len(rules):
        stuck = sorted(rules[i].name for i, n in enumerate(waiting) if n)
        raise RuleOrderError(f"the requirements of these rules form a cycle: {', '.join(stuck)}")
    return tuple(out)


def check_settings(table: Mapping[str, object], rules: Iterable[Rule], what: str) -> None:
    """A settings table keyed by rule name (in ``data/rules/rules.toml``) must name exactly the
    registered ``rules``: an unknown name or a missing one is an error, never a silent default."""
    names = {rule.name for rule in rules}
    unknown = sorted(set(table) - names)
    missing = sorted(names - set(table))
    if unknown or missing:
        raise RuleOrderError(f"{what}: unknown rules {unknown}, rules missing {missing}")


def check_rule_tables(settings: Mapping[str, object], rules: Iterable[Rule]) -> None:
    """Each table named ``priority`` in ``rules.toml`` under a stage (``[mentions.priority]``)
    must name exactly the registered ``rules`` of that stage (priorities live in the records; a
    table kept there is checked, never silently partial)."""
    by_stage: dict[str, list[Rule]] = {}
    for rule in rules:
        by_stage.setdefault(rule.stage, []).append(rule)
    for stage, section in settings.items():
        if isinstance(section, Mapping) and isinstance(section.get("priority"), Mapping):
            if stage not in by_stage:
                continue  # another package's stage: checked where its rules are registered
            check_settings(section["priority"], by_stage[stage], f"rules.toml [{stage}.priority]")


def rule_of_label(label: str) -> str:
    """The rule name of an output's ``rule`` label (``clause_trigger:创建`` -> ``clause_trigger``)."""
    return label.partition(":")[0]
