"""The director: a text prompt -> a Screenplay, grounded in the catalog, with stated outcomes searched for
in simulation. `direct` plans; `cinesim.generate` plans and films."""

from __future__ import annotations

import time
from dataclasses import dataclass

from cinesim.director.compose import Composition, check_plan, compose
from cinesim.director.parse import Plan, parse
from cinesim.screenplay import Screenplay


@dataclass(frozen=True)
class Direction:
    """What the director made of a prompt: the Screenplay, the reading, the outcomes and the time taken."""

    plan: Plan
    composition: Composition
    seconds: float

    @property
    def screenplay(self) -> Screenplay:
        return self.composition.screenplay

    def explain(self) -> str:
        """Every phrase and what it became, what was not used and why, and whether each outcome happened."""
        lines = [f"prompt: {self.plan.prompt}", "read as:"]
        lines += [f"  {phrase!r:>28} -> {what}" for phrase, what in self.plan.used]
        if self.plan.unused:
            lines.append("not used:")
            lines += [f"  {phrase!r:>28} -> {why}" for phrase, why in self.plan.unused]
        c = self.composition
        lines.append(f"scene: {c.recipe.replace('_', ' ')} in "
                     f"{self.screenplay.environment.preset or 'the open'}"
                     f"{f' on {self.plan.floor}' if self.plan.floor else ''}, {self.screenplay.duration:g} s"
                     + (f" ({self.screenplay.duration * self.screenplay.slow_motion:g} s on screen at "
                        f"{self.screenplay.slow_motion}x slow motion)" if self.screenplay.slow_motion > 1 else "")
                     + f", {len(self.screenplay.props)} props")
        lines += [f"  {what}: {why}" for what, why in c.notes]
        if c.outcomes:
            lines.append(f"outcomes (simulated, {c.attempts} attempt{'s' if c.attempts > 1 else ''}):")
            lines += [f"  {'reached' if o.reached else 'NOT reached'}: {o.what}" for o in c.outcomes]
        lines.append(f"planned in {self.seconds:.2f} s")
        return "\n".join(lines)

    @property
    def unreached(self) -> list[str]:
        return [o.what for o in self.composition.outcomes if not o.reached]


def direct(prompt: str, seed: int = 0, fps: int = 24, resolution: tuple[int, int] = (854, 480),
           grounding: bool = True) -> Direction:
    """Plan a film from a prompt. `grounding` matches unknown nouns to the catalog by meaning (loads a small
    sentence-embedding model the first time)."""
    started = time.perf_counter()
    ground = None
    if grounding:
        from cinesim.director.ground import ground_words

        ground = ground_words
    plan = parse(prompt, ground)
    check_plan(plan)
    composition = compose(plan, seed=seed, fps=fps, resolution=resolution)
    return Direction(plan, composition, time.perf_counter() - started)


__all__ = ["Direction", "direct"]
