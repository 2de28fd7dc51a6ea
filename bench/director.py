"""Director planning time: every tier-1 prompt of the development suite, planned on one core (reading,
grounding, outcome search with the simulator, framing), with attempts and outcomes.
Run: .venv/bin/python bench/director.py"""

from __future__ import annotations

import os
import resource
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from cinesim.director import direct  # after pinning threads

SUITE = Path(__file__).resolve().parent.parent / "tests" / "data" / "dev_prompts.txt"


def tier1() -> list[str]:
    prompts, reading = [], False
    for line in SUITE.read_text().splitlines():
        if line.startswith("#"):
            reading = line.startswith("# Tier 1")
        elif reading and line.strip():
            prompts.append(line.strip())
    return prompts


def main() -> None:
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    started = time.perf_counter()
    direct("an armchair falls over")  # loads the grounding model (an unknown noun), as a long-lived process would
    print(f"warm-up (imports, grounding model): {time.perf_counter() - started:.2f} s")
    times, unreached = [], 0
    for prompt in tier1():
        direction = direct(prompt)
        c = direction.composition
        missed = [o.what for o in c.outcomes if not o.reached]
        unreached += len(missed)
        times.append(direction.seconds)
        print(f"{direction.seconds:6.2f} s  {c.attempts:2d} tries  {c.recipe:<12} {prompt[:60]}"
              + (f"  NOT reached: {', '.join(missed)}" if missed else ""))
    print(f"{len(times)} prompts: mean {sum(times) / len(times):.2f} s, max {max(times):.2f} s per prompt "
          f"(target < 10 s); {unreached} outcome(s) not reached; peak RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
