"""Registry search at county scale: 1,000,000 children, 50 townships, 1,000 villages.

Builds the database in a temporary SQLite file (migrated schema, bulk insert), then times
three searches through casework.services.registry (what the API calls) next to the same SQL
run through the sqlite3 module on the same file, in the same run:

- a village's first page of children (by name),
- an ID-number look-up,
- a name search (children whose name starts with a given name).

Prints the median per query and ends with `ratio: <worst ORM/raw>`. Targets: each query
under 20 ms, ratio at most 2.

    .venv/bin/python -m bench.registry [--children 1000000] [--runs 300]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from stdnum.cn import ric

from bench.defaults import defaults
from casework.db import bind, db, migrate
from casework.models import Child
from casework.services import registry
from casework.vocabulary import Role
from casework.workflows.definition import Actor

CHILD_COLUMNS = ("id_number, name, sex, birth_date, place_id, residence_basis, disability_types, "
                 "categories, address, version, created_at, updated_at")  # fmt: skip
MORE_COLUMNS, MORE_VALUES = defaults(Child, CHILD_COLUMNS)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅鑫宇浩然子轩欣怡佳琪梓涵雨"
NOW = dt.datetime(2026, 3, 2, 2, 0)


def build(path: Path, children: int, rng: random.Random) -> dict:
    bind(f"sqlite:///{path}")
    migrate()
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=wal")
    con.execute("PRAGMA synchronous=off")
    con.execute("INSERT INTO place (id, name, level, parent_id, code, path) "
                "VALUES (1, '测试县', 'county', NULL, '330127', '/1/')")  # fmt: skip
    places, villages = [], []
    for t in range(50):
        tid = 2 + t
        places.append((tid, f"第{t + 1}镇", "township", 1, f"330127{t:03d}", f"/1/{tid}/"))
    for v in range(1000):
        vid, tid = 100 + v, 2 + v // 20
        places.append((vid, f"第{v + 1}村", "village", tid, f"3301270{v:05d}", f"/1/{tid}/{vid}/"))
        villages.append(vid)
    con.executemany("INSERT INTO place (id, name, level, parent_id, code, path) "
                    "VALUES (?, ?, ?, ?, ?, ?)", places)  # fmt: skip
    start, sample = time.perf_counter(), {"ids": [], "names": []}
    # bulk load without the child indexes, then build them as the migration defines them
    indexes = con.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'child' "
        "AND sql IS NOT NULL"
    ).fetchall()
    for name, _ in indexes:
        con.execute(f'DROP INDEX "{name}"')
    for chunk in range(0, children, 50_000):
        rows = [_child(n, rng, villages) for n in range(chunk, min(chunk + 50_000, children))]
        con.executemany(
            f"INSERT INTO child ({CHILD_COLUMNS}{MORE_COLUMNS}) "
            f"VALUES (?, ?, ?, ?, ?, 'permanent_hukou', '[]', '[\"family\"]', '', 1, ?, ?"
            f"{MORE_VALUES})",
            rows,
        )
        sample["ids"] += [r[0] for r in rng.sample(rows, 20)]
        sample["names"] += [r[1][:2] for r in rng.sample(rows, 20)]
    for _, sql in indexes:
        con.execute(sql)
    con.commit()
    con.execute("ANALYZE")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    print(f"built {children:,} children in {time.perf_counter() - start:.1f} s")
    sample["villages"] = villages
    return sample


def _child(n: int, rng: random.Random, villages: list[int]) -> tuple:
    birth = dt.date(2008, 1, 1) + dt.timedelta(days=rng.randrange(18 * 365))
    # region and sequence together are unique per row, so the 1M numbers are distinct
    body = f"{330000 + n // 1000:06d}{birth:%Y%m%d}{n % 1000:03d}"
    number = body + ric.calc_check_digit(body + "0")
    name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
    sex = "M" if int(number[16]) % 2 else "F"
    return (number, name, sex, birth.isoformat(), rng.choice(villages), NOW, NOW)


def timed(run, cases: list, repeat: int) -> float:
    """Median milliseconds of `run(case)` over `repeat` calls cycling through `cases`."""
    times = []
    for i in range(repeat):
        case = cases[i % len(cases)]
        start = time.perf_counter()
        run(case)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(20260302)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "registry.db"
        sample = build(path, args.children, rng)
        results = measure(path, sample, args.runs)
    worst = 1.0
    print(f"{'query':<24}{'ORM ms':>10}{'raw ms':>10}{'ORM/raw':>10}")
    for name, (orm, raw) in results.items():
        worst = max(worst, orm / raw)
        print(f"{name:<24}{orm:>10.3f}{raw:>10.3f}{orm / raw:>10.2f}")
    print(f"ratio: {worst:.2f}")


def measure(path: Path, sample: dict, runs: int) -> dict[str, tuple[float, float]]:
    actor = Actor(1, Role.CASE_WORKER, "县民政", 1, "/1/")
    villages = sample["villages"][:: max(len(sample["villages"]) // 100, 1)]
    raw = sqlite3.connect(path)
    for pragma in ("journal_mode=wal", "synchronous=normal", "cache_size=-16000"):
        raw.execute(f"PRAGMA {pragma}")
    queries = {
        "village first page": (
            lambda v: registry.search(actor, place_id=v, per_page=20),
            lambda v: _raw(raw, ("village", "scope"), (v, "/1/%", 21, 0)),
            villages,
        ),
        "ID-number look-up": (
            lambda n: registry.search(actor, id_number=n),
            lambda n: _raw(raw, ("id_exact", "scope"), (n, "/1/%", 21, 0)),
            sample["ids"],
        ),
        "name search": (
            lambda s: registry.search(actor, name=s, per_page=20),
            lambda s: _raw(raw, ("name_prefix", "scope"), (s + "*", "/1/%", 21, 0)),
            sample["names"],
        ),
    }
    results = {}
    with db.connection_context():
        for name, (orm, plain, cases) in queries.items():
            for run in (orm, plain):  # warm both caches before timing either
                timed(run, cases, len(cases))
            results[name] = (timed(orm, cases, runs), timed(plain, cases, runs))
    raw.close()
    return results


def _raw(con: sqlite3.Connection, shape: tuple[str, ...], params: tuple) -> list:
    return con.execute(registry.search_sql(db.obj, shape), params).fetchall()


if __name__ == "__main__":
    main()
