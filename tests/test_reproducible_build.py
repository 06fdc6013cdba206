"""Two builds of the same content are byte-identical: stories that share a date are ordered by
slug, never by the order Python happened to read the files in (which follows the hash seed)."""

from tests.sitebuild import build, output_files, story, write_content

#: Ordinary words (nothing for the anonymiser to remove), and slugs in alphabetical order.
WEATHER = ["rain", "snow", "wind", "frost", "sleet", "hail", "fog", "mist", "sun", "cloud"]
SLUGS = [f"{letter}-term" for letter in "abcdefghij"]


def test_two_builds_with_different_hash_seeds_are_byte_identical(tmp_path):
    content = write_content(tmp_path, {
        f"{n:02d}.md": story(f"The term of {word}", f"A story about the {word}.", date="2026-03-14",
                             themes=["ofsted", "workload"], slug=slug)
        for n, (word, slug) in enumerate(zip(WEATHER, SLUGS))
    })
    outputs = []
    for seed in ("1", "2"):
        output = tmp_path / f"output-{seed}"
        result = build(content, output, cache=tmp_path / f"cache-{seed}" / "anon", env={"PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stdout + result.stderr
        outputs.append({p.relative_to(output).as_posix(): p.read_bytes() for p in output_files(output)})
    first, second = outputs
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []


def test_stories_of_the_same_date_are_listed_by_slug(tmp_path):
    content = write_content(tmp_path, {
        f"{n:02d}.md": story(f"The term of {word}", "A story.", date="2026-03-14", slug=slug)
        for n, (word, slug) in enumerate(reversed(list(zip(WEATHER, SLUGS))))
    })
    result = build(content, tmp_path / "output", env={"PYTHONHASHSEED": "3"})
    assert result.returncode == 0, result.stdout + result.stderr
    listing = (tmp_path / "output" / "stories" / "index.html").read_text(encoding="utf-8")
    positions = [listing.index(f"The term of {word}<") for word in WEATHER]
    assert positions == sorted(positions)
