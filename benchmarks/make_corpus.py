"""Write a seeded synthetic corpus of governance news articles (平安建设, 社会治理 …) for benchmarks.

    .venv/bin/python benchmarks/make_corpus.py OUT_DIR --articles 5000 [--seed 7]
    .venv/bin/python benchmarks/make_corpus.py OUT_DIR --megabytes 20   [--seed 7]

Every article is a plain UTF-8 ``.txt`` page of the genre: a headline, a metadata line (来源, 编辑,
date), and paragraphs made from templates over generic vocabulary written here -- kinds of bodies,
posts, programmes, policies, meetings, awards and numbers. Place names, brand names and programme
names are composed from syllables with the seeded generator, so the graph grows with the corpus
(more articles, more distinct entities) while each name recurs in several articles. The same seed
and size always give the same files (``article-000001.txt`` …), spread over sub-directories of 500.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from pathlib import Path

SYLLABLES = (
    "安平阳宁清河山江海城华兴盛泰和丰嘉禾新德信泉源溪湖林松竹云霞明光远长永福瑞祥康乐吉庆"
    "春秋东西南北中金玉石桥川州台峰岭塘浦湾沙田津洲岩鹤凤龙"
)
PROVINCES = (
    "广东省",
    "浙江省",
    "江苏省",
    "安徽省",
    "福建省",
    "湖南省",
    "四川省",
    "山东省",
    "河南省",
    "湖北省",
)
BODIES = (
    "市委政法委",
    "市司法局",
    "市公安局",
    "市中级人民法院",
    "市人民检察院",
    "市综治中心",
    "市信访局",
    "市民政局",
    "市人民调解委员会",
    "市矛盾纠纷多元化解中心",
)
TOWN_BODIES = ("司法所", "派出所", "综治中心", "人民调解委员会", "社区工作站")
POSTS = ("市委书记", "市长", "市委政法委书记", "市公安局局长", "市司法局局长", "副市长")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红"
BRAND_HEADS = ("调解", "和事佬", "先锋", "护航", "连心", "管家", "驿站", "网格")
BRAND_SUFFIX = ("工作品牌", "工作室", "服务品牌", "工作法")
CONCEPTS = ("枫桥经验", "平安建设", "基层治理", "网格化管理", "诉源治理", "市域社会治理现代化", "扫黑除恶")
PLATFORMS = ("智慧平安平台", "矛盾纠纷调处平台", "综治信息系统", "网格管理平台")
INDICATORS = ("调解成功率", "化解率", "群众安全感", "满意度", "办结率")
UNITS = ("宗", "件", "人", "个", "场", "家", "次", "名")


class Vocabulary:
    """Names made from syllables, drawn once per corpus so they recur across articles."""

    def __init__(self, rng: random.Random, scale: int) -> None:
        self.rng = rng
        self.cities = self._names(max(8, scale // 40), 2, ("市",))
        self.towns = self._names(max(20, scale // 8), 2, ("镇", "街道", "乡"))
        self.brands = self._names(max(20, scale // 6), 2, ())
        self.policies = self._names(max(10, scale // 20), 2, ())
        self.people = sorted(
            {rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2)) for _ in range(scale // 4 + 20)}
        )

    def _names(self, n: int, length: int, suffixes: tuple[str, ...]) -> list[str]:
        out: set[str] = set()
        while len(out) < n:
            stem = "".join(self.rng.choice(SYLLABLES) for _ in range(length))
            out.add(stem + (self.rng.choice(suffixes) if suffixes else ""))
        return sorted(out)


def _count(rng: random.Random) -> str:
    """A count as the genre writes it: 3200, 1.2万."""
    if rng.random() < 0.2:
        return f"{rng.randint(1, 99)}.{rng.randint(1, 9)}万"
    return str(rng.randint(2, 20000))


def _rate(rng: random.Random, low: int = 80) -> str:
    return f"{rng.randint(low, 99)}.{rng.randint(0, 9)}%"


def _templates(v: Vocabulary, rng: random.Random, city: str, province: str) -> list[Callable[[], str]]:
    def town() -> str:
        return rng.choice(v.towns)

    def body() -> str:
        return rng.choice(BODIES)[1:]

    def brand() -> str:
        return f"“{rng.choice(v.brands)}{rng.choice(BRAND_HEADS)}”{rng.choice(BRAND_SUFFIX)}"

    def brand_name() -> str:
        return rng.choice(v.brands)

    def concept() -> str:
        return rng.choice(CONCEPTS)

    def platform() -> str:
        return rng.choice(PLATFORMS)

    def n() -> str:
        return _count(rng)

    return [
        lambda: f"{city}{body()}坚持和发展新时代“{concept()}”，{concept()}取得新成效。",
        lambda: f"{province}{city}{town()}{rng.choice(TOWN_BODIES)}创建{brand()}，累计化解矛盾纠纷{n()}宗。",
        lambda: (
            f"{city}出台《{city}{rng.choice(v.policies)}平安建设条例》，明确{rng.choice(BODIES)}牵头负责。"
        ),
        lambda: f"{rng.choice(POSTS)}{rng.choice(v.people)}主持召开{city}平安建设工作会议，{body()}作报告。",
        lambda: f"{city}{body()}与{rng.choice(v.cities)}{body()}签订合作协议，共建{platform()}。",
        lambda: (
            f"今年以来，全市{rng.choice(INDICATORS)}达{_rate(rng, 90)}，同比提升{rng.randint(1, 9)}个百分点。"
        ),
        lambda: (
            f"{town()}依托{platform()}，组织网格员{n()}名深入一线，排查风险隐患{n()}{rng.choice(UNITS)}。"
        ),
        lambda: (
            f"{city}连续{rng.randint(2, 9)}年获评全省“平安{rng.choice('市县区')}”，荣获“{brand_name()}杯”。"
        ),
        lambda: (
            f"{city}{body()}举办{rng.randint(2, 80)}场“{rng.choice(v.brands)}法治讲堂”活动，覆盖群众{n()}人。"
        ),
        lambda: f"据统计，{city}共有人民调解组织{n()}个，调解员{n()}名，其中专职调解员{n()}名。",
        lambda: f"{rng.choice(v.cities)}学习借鉴{city}{brand()}的做法，推动{concept()}落地见效。",
        lambda: f"下一步，{city}将深化{concept()}，推进{platform()}建设，为高质量发展提供坚强保障。",
    ]


def article(v: Vocabulary, rng: random.Random, index: int) -> str:
    """One article: headline, metadata line, 4 to 40 paragraphs of 1 to 4 sentences."""
    city = rng.choice(v.cities)
    province = rng.choice(PROVINCES)
    templates = _templates(v, rng, city, province)
    title = f"{city}：{rng.choice(('打造', '推进', '深化', '做实'))}{rng.choice(CONCEPTS)}“升级版”"
    day = f"20{rng.randint(18, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    meta = f"编辑: {rng.choice(v.people)} 来源:{city}{rng.choice(('日报', '融媒体中心', '长安网'))} {day}"
    paragraphs = []
    for _ in range(rng.choice((4, 6, 8, 10, 12, 16, 20, 40))):
        paragraphs.append("".join(rng.choice(templates)() for _ in range(rng.randint(1, 4))))
    return "\n\n".join([title, meta, *paragraphs]) + "\n"


def write_corpus(
    out: Path, articles: int | None = None, megabytes: float | None = None, seed: int = 7
) -> list[Path]:
    """Write the corpus; stop after ``articles`` files or once ``megabytes`` MB are written."""
    if articles is None and megabytes is None:
        raise ValueError("give articles or megabytes")
    rng = random.Random(seed)
    scale = articles if articles is not None else int((megabytes or 0) * 250)
    vocabulary = Vocabulary(rng, max(scale, 10))
    limit = int((megabytes or 0) * 1_000_000)
    written: list[Path] = []
    size = 0
    i = 0
    while (articles is not None and i < articles) or (articles is None and size < limit):
        i += 1
        path = out / f"part-{(i - 1) // 500:04d}" / f"article-{i:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = article(vocabulary, rng, i).encode("utf-8")
        path.write_bytes(data)
        size += len(data)
        written.append(path)
    return written


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", type=Path)
    p.add_argument("--articles", type=int)
    p.add_argument("--megabytes", type=float)
    p.add_argument("--seed", type=int, default=7)
    a = p.parse_args()
    files = write_corpus(a.out, a.articles, a.megabytes, a.seed)
    total = sum(f.stat().st_size for f in files)
    print(f"wrote {len(files)} articles, {total / 1e6:.1f} MB, to {a.out}")


if __name__ == "__main__":
    main()
