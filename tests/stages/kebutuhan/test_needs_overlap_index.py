"""`find_overlaps` looks only at pairs that share a content word (an index of word -> rows);
it must group exactly as comparing every pair with `row_similarity` does."""

from __future__ import annotations

import math
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from workshop.model import NeedRow
from workshop.stages.kebutuhan import needs

_VOCABULARY = ("pengelolaan surat masuk keluar arsip penyusunan laporan keuangan cuti pegawai "
         "pelayanan izin usaha pengadaan barang rapat koordinasi evaluasi kinerja data "
         "dan untuk SOP Penatausahaan Pelaporan")
WORDS = _VOCABULARY.split()


def every_pair(units_rows: dict[str, list[NeedRow]], threshold: float
               ) -> set[frozenset[tuple[str, str]]]:
    """The groups by brute force: every pair of rows of different units, union-find."""
    entries = [(slug, r) for slug, rows in units_rows.items() for r in rows
               if r.title.strip() or r.output.strip()]
    parent = list(range(len(entries)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    linked: set[int] = set()
    for i in range(len(entries)):
        for j in range(i + 1, len(entries)):
            if entries[i][0] != entries[j][0] and needs.row_similarity(
                    entries[i][1], entries[j][1]) >= threshold:
                linked.update((i, j))
                parent[find(j)] = find(i)
    groups: dict[int, set[tuple[str, str]]] = {}
    for i in linked:
        groups.setdefault(find(i), set()).add((entries[i][0], entries[i][1].id))
    return {frozenset(g) for g in groups.values()}


def found(units_rows: dict[str, list[NeedRow]], threshold: float
          ) -> set[frozenset[tuple[str, str]]]:
    return {frozenset((item.unit, item.need) for item in group.items)
            for group in needs.find_overlaps(units_rows, threshold)}


def text(rng: random.Random) -> str:
    return " ".join(rng.sample(WORDS, rng.randint(0, 4)))


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), threshold=st.sampled_from([0.3, 0.5, 0.6, 0.8, 1.0]))
def test_same_groups_as_every_pair(seed: int, threshold: float) -> None:
    rng = random.Random(seed)
    units_rows = {
        f"unit-{u}": [NeedRow(id=f"n{k}", title=text(rng), output=text(rng))
                      for k in range(rng.randint(0, 6))]
        for u in range(rng.randint(1, 6))
    }
    assert found(units_rows, threshold) == every_pair(units_rows, threshold)


def test_scores_are_those_of_row_similarity() -> None:
    units_rows = {
        "a": [NeedRow(id="1", title="Pengelolaan Surat Masuk", output="surat masuk")],
        "b": [NeedRow(id="1", title="Penatausahaan surat masuk", output="")],
        "c": [NeedRow(id="1", title="SOP Surat Masuk", output="agenda surat masuk")],
    }
    (group,) = needs.find_overlaps(units_rows)
    rows = {u: units_rows[u][0] for u in "abc"}
    for item in group.items:
        others = [needs.row_similarity(rows[item.unit], rows[u]) for u in "abc" if u != item.unit]
        assert math.isclose(item.score, max(others))
