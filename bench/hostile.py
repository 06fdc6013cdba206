"""Stories carrying hostile markup, with planted names and places, for the publishing benchmark.

    generate_hostile(out_dir, n=52, seed=0, repo=REPO) -> list[HostileStory]

Every story's title, summary and body carry attack strings from tests/fixtures/xss/vectors.txt
(read as data: script tags, event handlers, `javascript:`/`data:` links, frames, styles...),
five at a time, so that 52 stories use every vector at least once. Each story also plants two
invented people and a town, in plain prose (where the anonymiser should find them) and in a
few hostile disguises (where it may not): inside attributes (`alt`, `title`, `href`), in a
link's URL as a slug or URL-encoded, split by an inline tag, entity-encoded, split by a soft
hyphen, inside a `<script>`, an HTML comment or an `<svg>`, in a table, a heading, a code
span and a `mailto:` link. The planted surfaces are each story's gold spans.

The last story is the site's own "Leaving on my own terms" retitled "Retitled Leaving on my
own terms" (its `slug:` dropped, so the slug is made from the new title), with one hostile
paragraph added: the same removed surfaces then come from two stories of one build.

People are drawn half from syllables (as bench/synthetic.py does) and half from Faker names
of many communities (bench/multicultural.py). Deterministic for a given seed.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

import frontmatter

from bench import synthetic
from bench.multicultural import ascii_letters, faker_person

REPO = Path(__file__).resolve().parents[1]
VECTORS_FILE = Path("tests") / "fixtures" / "xss" / "vectors.txt"
RETITLE_SOURCE = Path("content") / "stories" / "2026-04-22-leaving-on-my-own-terms.md"
RETITLE = "Retitled Leaving on my own terms"

#: Where a planted name is hidden in a story's body. Fields: {F} {L} first person, {F2} {L2}
#: second, {T} town, {f} {l} lower-case ASCII forms, {Fa} {Fb} the first name cut in two,
#: {Fe} the first name with its first letter entity-encoded, {email} a contact address.
PLACEMENTS: list[tuple[str, str]] = [
    ("javascript link text", """<a href="javascript:alert('{F}')">{F} {L}</a> wrote to me first."""),
    ("abbr title", """She signed every email <abbr title="{F2} {L2}">the chair</abbr>, never her name."""),
    ("img alt and onerror", """<img src=x alt="{F} {L}" onerror="alert('{L}')">"""),
    ("slug in a link URL", """Our old staff page is [still up](https://example.org/staff/{f}-{l}/) if you look."""),
    ("inside a script", """<script>var head = "{F} {L}"; alert(head)</script>"""),
    ("HTML comment", """<!-- note to self: {F2} {L2}, {T} -->"""),
    ("split by an inline tag", """{Fa}<em>{Fb}</em> {L} came to the gate every morning that week."""),
    ("entity-encoded", """{Fe} {L} rang again on the Friday."""),
    ("soft hyphen", """{Fa}\u00ad{Fb} {L} sent flowers, which I did not expect."""),
    ("heading and blockquote", """## {F2}'s letter\n\n> {F2} wrote: "You are not on your own in {T}." """),
    ("table cell", """| who | where |\n| --- | --- |\n| {F} {L} | {T} |"""),
    ("code span", """I kept `{F} {L}` in my phone as "the chair"."""),
    ("mailto link with title", """<a href="mailto:{email}" title="{F} {L}">write to her</a> if you need to."""),
    ("javascript: Markdown link", """[click here](javascript:alert('{F} {L}')) was the whole of the message."""),
    ("p title with onclick", """<p title="{F2} {L2}" onclick="alert(1)">a paragraph about the governors</p>"""),
    ("URL-encoded query", """<a href="https://example.org/petition?who={F}%20{L}">the petition</a> is still online."""),
    ("non-breaking space", """{F}&nbsp;{L} had run the office for twenty years."""),
    ("inside an svg", """<svg><text x="0" y="0">{F} {L} of {T}</text></svg>"""),
]
TITLES = ["The night {F} rang", "Leaving {T}", "What {F} {L} said", "A letter from {T}", "After {F2} left",
          "The governors of {T}", "{F}'s last term", "Notes on {L2}"]


@dataclass
class HostileStory:
    """One written story: its path, gold spans as (label, surface), and the placements it uses."""

    path: Path
    gold: list[tuple[str, str]]
    placements: list[str]


def load_vectors(repo: Path = REPO) -> list[str]:
    """The XSS vectors, one per line (blank lines and `#` comments skipped), in file order."""
    lines = (repo / VECTORS_FILE).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _person(rng: random.Random, use_faker: bool) -> tuple[str, str]:
    """An invented (first name, surname): Faker's (many communities) or synthetic.py's syllables."""
    if use_faker:
        for _ in range(20):
            first, last, _ = faker_person(rng)
            if len(ascii_letters(first)) >= 3 and ascii_letters(last) and " " not in first:
                return first, last
    return (synthetic._word(rng, synthetic._FIRST_A, synthetic._FIRST_B),
            synthetic._word(rng, synthetic._LAST_A, synthetic._LAST_B))


def _fields(rng: random.Random, index: int) -> dict[str, str]:
    """The planted people and town of story `index`, and the disguised forms the placements use."""
    first, last = _person(rng, use_faker=index % 2 == 1)
    while True:
        first2, last2 = _person(rng, use_faker=index % 2 == 0)
        if not {first2, last2} & {first, last}:
            break
    town = synthetic._word(rng, synthetic._TOWN_A, synthetic._TOWN_B)
    cut = max(1, len(first) // 2)
    return {
        "F": first, "L": last, "F2": first2, "L2": last2, "T": town,
        "f": ascii_letters(first), "l": ascii_letters(last),
        "Fa": first[:cut], "Fb": first[cut:], "Fe": f"&#{ord(first[0])};{first[1:]}",
        "email": f"{ascii_letters(first)}.{ascii_letters(last)}@example.org",
    }


def _front_matter(fields: dict) -> str:
    """YAML front matter with every value written as JSON (valid YAML, whatever the vector holds)."""
    return "---\n" + "".join(f"{k}: {json.dumps(v)}\n" for k, v in fields.items() if v is not None) + "---\n"


def _story(index: int, vectors: list[str], seed: int, in_fields: bool = True) -> tuple[str, list[tuple[str, str]], list[str]]:
    """(file text, gold spans, placement names) of hostile story `index` (vectors in title and summary if `in_fields`)."""
    rng = random.Random(f"hostile:{seed}:{index}")
    f = _fields(rng, index)
    pick = [vectors[(5 * index + k) % len(vectors)] for k in range(5)]
    chosen = [PLACEMENTS[(3 * index + k) % len(PLACEMENTS)] for k in range(3)]
    lead = (pick[0] + " ", pick[1] + " ") if in_fields else ("", "")
    title = f"{lead[0]}{TITLES[index % len(TITLES)].format(**f)}, part {index + 1}"
    summary = f"{lead[1]}A head on {f['F']} {f['L']}, {f['T']} and the term that nearly broke her."
    body = "\n\n".join([
        f"I had been head in {f['T']} for six years when {f['F']} {f['L']} rang me at home.",
        pick[2],
        chosen[0][1].format(**f),
        f"{f['F']} was the only one who knew. {pick[3]}",
        chosen[1][1].format(**f),
        chosen[2][1].format(**f),
        pick[4],
        f"The rest of the term I kept to myself. If you knew {f['F2']} {f['L2']} in {f['T']}, you will know why.",
    ]) + "\n"
    meta = {
        "title": title,
        "date": f"2025-{1 + index % 12:02d}-{1 + index % 28:02d}",
        "themes": sorted({synthetic.THEMES[index % len(synthetic.THEMES)], synthetic.THEMES[(index * 7 + 3) % len(synthetic.THEMES)]}),
        "consent": True,
        "status": "published",
        "summary": summary,
    }
    gold = [("NAME", f["F"]), ("NAME", f["L"]), ("NAME", f["F2"]), ("NAME", f["L2"]), ("PLACE", f["T"])]
    if any(name == "mailto link with title" for name, _ in chosen):
        gold.append(("CONTACT", f["email"]))
    return _front_matter(meta) + body, sorted(set(gold)), [name for name, _ in chosen]


def _retitled(repo: Path, vectors: list[str], seed: int, index: int) -> tuple[str, list[tuple[str, str]], list[str]]:
    """The site's "Leaving on my own terms" retitled, its slug dropped, one hostile paragraph added."""
    post = frontmatter.loads((repo / RETITLE_SOURCE).read_text(encoding="utf-8"))
    meta = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in post.metadata.items() if k != "slug"}
    meta["title"] = RETITLE
    f = _fields(random.Random(f"hostile:{seed}:{index}"), index)
    chosen = [PLACEMENTS[0], PLACEMENTS[6], PLACEMENTS[12]]
    extra = "\n\n".join([
        f"A postscript: {f['F']} {f['L']} in {f['T']} was the first to say I should go. {vectors[-1]}",
        *(template.format(**f) for _, template in chosen),
    ])
    gold = sorted({("NAME", f["F"]), ("NAME", f["L"]), ("PLACE", f["T"]), ("CONTACT", f["email"])})
    return _front_matter(meta) + post.content.rstrip() + "\n\n" + extra + "\n", gold, [name for name, _ in chosen]


def generate_hostile(out_dir: Path, n: int = 52, seed: int = 0, repo: Path = REPO,
                     vectors_in_fields: bool = True) -> list[HostileStory]:
    """Write n hostile stories into out_dir (the last one the retitled copy); return them with gold spans.

    With `vectors_in_fields=False` titles and summaries are plain text (the vectors stay in the
    bodies): the same stories, for a site whose schema refuses markup in one-line fields.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    vectors = load_vectors(repo)
    stories = []
    for i in range(n):
        if i == n - 1 and (repo / RETITLE_SOURCE).is_file():
            text, gold, used = _retitled(repo, vectors, seed, i)
            name = f"hostile-{i:02d}-retitled.md"
        else:
            text, gold, used = _story(i, vectors, seed, vectors_in_fields)
            name = f"hostile-{i:02d}.md"
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        stories.append(HostileStory(path, gold, used))
    return stories


if __name__ == "__main__":  # a quick look: python -m bench.hostile
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        made = generate_hostile(Path(tmp))
        print(made[3].path.read_text(encoding="utf-8"))
        print(made[3].gold, made[3].placements)
        print(made[-1].path.read_text(encoding="utf-8")[:400], made[-1].gold)
