"""Build, once per machine, the bodies the examples and tests use (`make` runs this after installing):
anny's own first build takes minutes, every later body ~10 s, a cached one a fraction of a second."""

from __future__ import annotations

import sys
from pathlib import Path

from cinesim.people.body import PHENOTYPE, body_path, load_body
from cinesim.screenplay import load_screenplay

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def needed_bodies() -> list[dict[str, float]]:
    bodies = [dict.fromkeys(PHENOTYPE, 0.5)]
    for path in sorted(EXAMPLES.glob("*.yaml")):
        bodies += [person.body.model_dump() for person in load_screenplay(path).cast]
    unique = {body_path(b): b for b in bodies}
    return list(unique.values())


def main() -> None:
    missing = [b for b in needed_bodies() if not body_path(b).exists()]
    for n, body in enumerate(missing, start=1):
        print(f"building body {n} of {len(missing)} with anny (the first one takes minutes)", file=sys.stderr,
              flush=True)
        load_body(body)


if __name__ == "__main__":
    main()
