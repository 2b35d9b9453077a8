"""Print the crossing for each missed-injection scenario (on time, a week late, stopped) and
each tolerance fold before treatment: the model's day with its band, the end of the label's
window, and the day from which a person must count on no blockade (the earlier of the two).

    .venv/bin/python tools/crossing_table.py

A toy model and a hypothesis (see ``naltrexone_course.blockade.crossing``), not a safe day.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from naltrexone_course import blockade, pk  # noqa: E402

SCENARIOS = {
    "on time": pk.injection(380, every_days=28, doses=2),
    "a week late": pk.injection(380, every_days=35, doses=2),
    "stopped": pk.injection(380),
}
FOLDS = (2.0, 4.0, 10.0, 20.0, 40.0)


def _day(d: float | None) -> str:
    return "none by day 56" if d is None else f"{d:.1f}"


def main() -> None:
    for fold in FOLDS:
        for name, regimen in SCENARIOS.items():
            c = blockade.crossing(regimen, fold_before=fold)
            print(
                f"fold {fold:>4g}  {name:<11}  model day {_day(c.day):>14} "
                f"(band {_day(c.earliest)} to {_day(c.latest)})  label window ends {_day(c.label_end_day)}  "
                f"count on no blockade from {_day(c.count_on_none_from)}"
            )


if __name__ == "__main__":
    main()
