"""English -> Plan: the things a prompt names (with counts, colours, sizes, materials), what they do and to
what, where, the camera, the look and the length. A small, deterministic reading of the words against
the lexicon; every word is either used (and the plan says as what) or reported unused with a reason."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from cinesim.director import lexicon as lx
from cinesim.errors import CinesimError

MAX_PROMPT = 2000  # characters
GROUP_NOUNS = {"wall": "wall", "crate": "tower"}  # kinds that, followed by "of", describe how others stand


@dataclass
class Thing:
    """A noun phrase that became props: `count` of catalog `kind`."""

    words: str
    kind: str
    count: int = 1
    colors: list[str] = field(default_factory=list)
    material: str | None = None
    scale: float = 1.0
    group: str | None = None  # line, stack, tower, pile, wall, ring: how several stand
    moving: str | None = None  # a deed used as an adjective: "a swinging pendulum"
    all: bool = False  # "all ten pins"
    pitch: float | None = None  # "a steep ramp": degrees
    variety: tuple[str, ...] = ()  # "fruit": several kinds in turn
    at: int = 0  # token index (order in the sentence)
    names: list[str] = field(default_factory=list)  # filled by the composer


@dataclass
class Deed:
    """A verb with its doer and what it relates to: ('throw', ball, [('at', hoop)])."""

    verb: str
    subjects: list[Thing]
    relations: list[tuple[str, Thing]] = field(default_factory=list)
    agent: Thing | None = None  # "knocked over by a pendulum"
    object: Thing | None = None  # "knocks over the pins"
    at: int = 0

    def related(self, *prepositions: str) -> Thing | None:
        return next((thing for prep, thing in self.relations if prep in prepositions), None)


@dataclass
class Plan:
    prompt: str
    things: list[Thing] = field(default_factory=list)
    deeds: list[Deed] = field(default_factory=list)
    placements: list[tuple[Thing, str, Thing]] = field(default_factory=list)  # (thing, 'on', support)
    outcomes: list[tuple[str, Thing | None]] = field(default_factory=list)
    environment: str | None = None
    floor: str | None = None
    camera: list[str] = field(default_factory=list)
    time_of_day: float | None = None
    duration: float | None = None
    height: float | None = None  # drop height, metres
    temporal: list[str] = field(default_factory=list)
    used: list[tuple[str, str]] = field(default_factory=list)  # (phrase, what it became)
    unused: list[tuple[str, str]] = field(default_factory=list)  # (phrase, why not)

    def thing(self, *kinds: str) -> Thing | None:
        return next((t for t in self.things if t.kind in kinds), None)


Grounder = Callable[[list[str]], dict[str, tuple[str, float]]]


def normalise_prompt(prompt: str) -> str:
    if not isinstance(prompt, str):
        raise CinesimError("prompt: expected text")
    text = unicodedata.normalize("NFKC", prompt)
    text = "".join(c if c.isprintable() else " " for c in text).strip()
    if not text:
        raise CinesimError("prompt: empty; describe what happens, e.g. 'a red ball bounces on a wooden floor'")
    if len(text) > MAX_PROMPT:
        raise CinesimError(f"prompt: {len(text)} characters; at most {MAX_PROMPT} are read")
    return text


def tokenize(text: str) -> tuple[list[str], list[str]]:
    """Lower-case word tokens, and the words that are not plain English letters or digits (reported)."""
    lowered = text.lower().replace("\u2019", "'").replace("-", " ")
    words = re.findall(r"[^\s.,;:!?\"()]+", lowered)
    tokens, foreign = [], []
    for word in words:
        word = word.strip("'")
        if re.fullmatch(r"[a-z0-9']+", word):
            tokens.append(word.replace("'s", "s").replace("'", "") if word != "bird's" else "birds")
        elif word:
            foreign.append(word)
    return tokens, foreign


def _number(token: str) -> float | None:
    if re.fullmatch(r"\d+(\.\d+)?", token):
        return float(token)
    return None


class _Reader:
    def __init__(self, tokens: list[str], plan: Plan, grounded: dict[str, tuple[str, float]]):
        self.tokens, self.plan, self.grounded = tokens, plan, grounded
        self.nouns, self.colors, self.envs, self.mats = lx.nouns(), lx.colors(), lx.environments(), lx.materials()
        self.pending: dict = {}
        self.deed: Deed | None = None
        self.prep: str | None = None
        self.last_thing: Thing | None = None
        self.free: list[Thing] = []  # things named since the last verb and not tied to anything yet
        self.outcome: str | None = None

    def phrase(self, i: int, table: dict) -> tuple[str, int] | None:
        """The longest phrase of `table` starting at token i: (key, words)."""
        for n in range(min(lx.max_phrase_words(), len(self.tokens) - i), 0, -1):
            key = "_".join(self.tokens[i:i + n])
            if key in table:
                return key, n
        return None

    def noun_follows(self, i: int) -> bool:
        """Is token i the start of a noun (after any adjectives)?"""
        for j in range(i, min(i + 4, len(self.tokens))):
            if self.phrase(j, self.nouns) or self.tokens[j] in lx.FLOOR_WORDS or self.tokens[j] in self.grounded:
                return True
            if not (self.tokens[j] in self.colors or self.tokens[j] in self.mats or self.tokens[j] in lx.SIZE_WORDS
                    or self.tokens[j] in lx.VARIED_COLORS or self.phrase(j, self.envs)):
                return False
        return False

    def read(self) -> None:
        i = 0
        while i < len(self.tokens):
            i += self.step(i)

    def step(self, i: int) -> int:
        """One word (or phrase) at i: what it is, in priority order; returns how many tokens it used."""
        t, plan = self.tokens[i], self.plan
        for table, handler in ((lx.CAMERA_PHRASES, self.camera), (lx.LOOK_PHRASES, self.look),
                               (lx.TEMPORAL, self.temporal)):
            hit = self.phrase(i, table)
            if hit and (hit[1] > 1 or t not in self.nouns):
                handler(hit[0], table[hit[0]])
                return hit[1]
        if (value := _number(t)) is not None or t in lx.NUMBERS:
            return self.number(i, value if value is not None else float(lx.NUMBERS[t]))
        if t in lx.SLOPE_WORDS:
            self.pending["pitch"] = lx.SLOPE_WORDS[t]
            self.plan.used.append((t, f"slope {lx.SLOPE_WORDS[t]:g} degrees"))
            return 1
        if t in lx.SIZE_WORDS:
            self.pending["scale"] = lx.SIZE_WORDS[t]
            plan.used.append((t, f"size x{lx.SIZE_WORDS[t]:g}" if lx.SIZE_WORDS[t] != 1 else "a note on weight"))
            return 1
        if t in lx.VARIED_COLORS:
            self.pending["varied"] = True
            plan.used.append((t, "colours from a palette"))
            return 1
        if self.colors.get(t):
            self.pending.setdefault("colors", []).append(self.colors[t])
            plan.used.append((t, f"colour {self.colors[t]}"))
            return 1
        env = self.phrase(i, self.envs)
        if env and not (self.phrase(i, self.nouns) and self.phrase(i, self.nouns)[1] >= env[1]):
            plan.environment = plan.environment or self.envs[env[0]]
            plan.used.append((env[0].replace("_", " "), f"environment {self.envs[env[0]]}"))
            return env[1]
        if t in self.mats and (self.noun_follows(i + 1) or not self.phrase(i, self.nouns)):
            if self.noun_follows(i + 1):
                self.pending["material"] = self.mats[t]
                plan.used.append((t, f"material {self.mats[t]}"))
                return 1
            if t in lx.FLOOR_MATERIAL_NOUNS:
                return self.floor(t, lx.FLOOR_MATERIAL_NOUNS[t])
        if t in lx.FLOOR_MATERIAL_NOUNS and not self.noun_follows(i + 1):
            return self.floor(t, lx.FLOOR_MATERIAL_NOUNS[t])
        if t in lx.FLOOR_WORDS:
            return self.floor(t, self.pending.pop("material", None))
        noun = self.phrase(i, self.nouns)
        if noun:
            return self.thing(i, " ".join(self.tokens[i:i + noun[1]]), self.nouns[noun[0]], noun[1])
        if t in self.grounded:
            kind, score = self.grounded[t]
            return self.thing(i, t, kind, 1, note=f" (grounded by meaning, similarity {score:.2f})")
        outcome = self.phrase(i, lx.OUTCOME_PHRASES)
        if outcome:
            self.outcome_word(lx.OUTCOME_PHRASES[outcome[0]], outcome[0])
            return outcome[1]
        if t in lx.VERBS:
            return self.verb(i, lx.VERBS[t])
        if t == "over" and self.deed and self.deed.verb == "knock":
            return 1
        if t in ("next", "front") or t in lx.PREPOSITIONS:
            if t in ("next", "front", "behind", "beside"):
                self.prep = {"next": "next_to", "beside": "next_to", "front": "in_front_of"}.get(t, t)
            elif not (t in ("of", "to") and self.prep):
                self.prep = t
            return 1
        if t in lx.UNITS_M or t in lx.UNITS_S:
            return 1
        if t in lx.FILLER:
            if t in ("line", "row", "stack", "tower", "pile", "wall", "chain", "flight"):
                self.pending["group"] = t
            return 1
        self.unused(t)
        return 1

    # -- handlers ----------------------------------------------------------------------------------
    def camera(self, key: str, value: str) -> None:
        self.plan.camera.append(value)
        self.plan.used.append((key.replace("_", " "), f"camera: {value.replace('_', ' ')}"))

    def look(self, key: str, hours: float | None) -> None:
        if hours is None:
            self.plan.unused.append((key.replace("_", " "), "looks and styles (grades, grain, lighting moods) "
                                     "are not built yet; the film keeps its natural light"))
        else:
            self.plan.time_of_day = hours
            self.plan.used.append((key.replace("_", " "), f"time of day {hours:g} h"))

    def temporal(self, key: str, value: str) -> None:
        self.plan.temporal.append(value)
        self.plan.used.append((key.replace("_", " "), f"timing: {value.replace('_', ' ')}"))

    def number(self, i: int, value: float) -> int:
        following = self.tokens[i + 1] if i + 1 < len(self.tokens) else ""
        if following in lx.UNITS_S or (following in ("minute", "minutes")):
            seconds = value * (60 if following.startswith("minute") else 1)
            self.plan.duration = seconds
            self.plan.used.append((f"{self.tokens[i]} {following}", f"duration {seconds:g} s"))
            return 2
        if following in lx.UNITS_M:
            metres = value / (100 if following.startswith("c") else 1)
            self.plan.height = metres
            self.plan.used.append((f"{self.tokens[i]} {following}", f"height {metres:g} m"))
            return 2
        if self.prep == "from" and i + 1 < len(self.tokens) and following in ("metres", "meters"):
            return 1
        self.pending["count"] = value
        if self.tokens[i] not in ("a", "an"):
            self.plan.used.append((self.tokens[i], f"count {value:g}"))
        return 1

    def floor(self, word: str, material: str | None) -> int:
        if material:
            self.plan.floor = material
        self.plan.used.append((word, f"the floor{f' ({material})' if material else ''}"))
        self.pending.clear()
        self.prep = None  # 'onto the floor', 'across the grass': the floor is a place, not a prop
        return 1

    def thing(self, i: int, words: str, kind: str, width: int, note: str = "") -> int:
        p = self.pending
        count = int(p.get("count", 0))
        group = p.get("group")
        if not count:
            count = {"stack": 5, "tower": 6, "pile": 8, "wall": 12, "line": 10, "row": 10}.get(group or "", 1)
            if words.endswith("s") and not words.endswith("ss") and count == 1 and kind != "stairs":
                count = 3
        if count > lx.MAX_COUNT:
            self.plan.unused.append((str(count), f"at most {lx.MAX_COUNT} of one thing; using {lx.MAX_COUNT}"))
            count = lx.MAX_COUNT
        if words in lx.MIXES and count <= 1:  # "a bowl of fruit": several pieces
            count = len(lx.MIXES[words])
        material = p.get("material")
        if words.split()[-1] in ("ball", "balls") and material in lx.BALL_BY_MATERIAL:
            kind = lx.BALL_BY_MATERIAL[material]
        if words.split()[-1] in ("cup", "cups") and material in lx.CUP_BY_MATERIAL:
            kind = lx.CUP_BY_MATERIAL[material]
        colors = p.get("colors", [])
        if p.get("varied"):
            colors = [lx.PALETTE[k % len(lx.PALETTE)] for k in range(max(count, 2))]
        thing = Thing(words=words, kind=kind, count=max(count, 1), colors=colors, material=material,
                      scale=p.get("scale", 1.0), group=group, moving=p.get("moving"), at=i, pitch=p.get("pitch"),
                      variety=lx.MIXES.get(words, ()))
        if words.split()[0] in lx.SWINGING:  # a pendulum, a cradle, a wrecking ball hang and swing
            thing.moving = thing.moving or "swing"
            thing.scale = max(thing.scale, lx.SWINGING[words.split()[0]])
        if self.outcome == "all":
            thing.all = True
        self.plan.things.append(thing)
        self.plan.used.append((words, f"{thing.count} x {kind}" + (f" ({', '.join(colors)})" if colors else "")
                               + (f" of {thing.material}" if thing.material else "") + note))
        self.pending = {}
        self.attach(thing)
        self.last_thing = thing
        return width

    def attach(self, thing: Thing) -> None:
        """Tie a new thing to the verb or preposition before it."""
        prep, deed = self.prep, self.deed
        if self.outcome in ("rebound", "land", "miss", "edge") and prep:
            self.plan.outcomes.append((f"{self.outcome}_{prep}", thing))
            self.outcome, self.prep = None, None
            return
        if self.outcome == "all":
            self.plan.outcomes.append(("all_down", thing))
            self.outcome = None
        if prep == "of" and self.last_thing is not None and self.last_thing.kind in GROUP_NOUNS \
                and self.last_thing.words in ("wall", "tower"):  # "a wall of boxes", "a tower of crates"
            self.plan.things.remove(self.last_thing)
            for pool in (self.free, *(d.relations for d in self.plan.deeds)):
                for item in list(pool):
                    if item is self.last_thing or (isinstance(item, tuple) and item[1] is self.last_thing):
                        pool[pool.index(item)] = thing if item is self.last_thing else (item[0], thing)
            thing.group = thing.group or GROUP_NOUNS[self.last_thing.kind]
            used = self.plan.used
            k = max(i for i, (phrase, _) in enumerate(used) if phrase == self.last_thing.words)
            used[k] = (self.last_thing.words, f"arrangement: the {thing.words} stand as a {thing.group}")
            self.prep = None
            return
        if deed is None:
            if prep and self.last_thing is not None:
                self.plan.placements.append((self.last_thing, prep, thing))
                if self.last_thing in self.free and prep in ("on", "onto", "in", "inside", "into"):
                    self.free.remove(self.last_thing)  # it stays where it was put
            else:
                self.free.append(thing)
            self.prep = None
            return
        if prep == "by" and deed.verb in ("knock", "hit"):
            deed.agent = thing
        elif prep:
            deed.relations.append((prep, thing))
        elif not deed.subjects:
            deed.subjects.append(thing)
        elif deed.object is None:
            deed.object = thing
        self.prep = None

    def verb(self, i: int, verb: str) -> int:
        follows_article = i > 0 and self.tokens[i - 1] in ("a", "an", "the")
        after = i + 2 if i + 1 < len(self.tokens) and self.tokens[i + 1] in ("over", "down") else i + 1
        if follows_article and self.noun_follows(after):  # "a swinging pendulum", "a tipped-over crate"
            self.pending["moving"] = verb
            self.plan.used.append((self.tokens[i], f"motion: {verb}"))
            return after - i
        subjects = self.free or (self.deed.subjects if self.deed else [])
        self.free = []
        self.deed = Deed(verb=verb, subjects=list(subjects), at=i)
        self.plan.deeds.append(self.deed)
        self.plan.used.append((self.tokens[i], f"action: {verb}"))
        self.prep = None
        return 1

    def outcome_word(self, outcome: str, key: str) -> None:
        self.plan.used.append((key.replace("_", " "), f"outcome: {outcome.replace('_', ' ')}"))
        if outcome == "edge":  # "off the edge (of the table)": the preposition before it still holds
            self.plan.outcomes.append(("off_edge", None))
            return
        if outcome in ("shatter",):
            self.plan.unused.append((key, lx.NOT_SUPPORTED["shatter"]))
        if outcome in ("miss", "settle", "upside_down", "flies_out", "faster", "lower", "clatter", "face_up",
                       "scatter", "shatter"):
            self.plan.outcomes.append((outcome, None))
        self.outcome = outcome
        self.prep = None

    def unused(self, t: str) -> None:
        if t in lx.PEOPLE:
            why = "people are not supported yet (characters are a later capability)"
        elif t in lx.NOT_SUPPORTED:
            why = lx.NOT_SUPPORTED[t]
        elif t.isdigit():
            why = "a number with no unit or thing after it"
        else:
            why = "not a word the director knows, and nothing in the catalog is close enough in meaning"
        self.plan.unused.append((t, why))


def unknown_words(tokens: list[str]) -> list[str]:
    """Words no table knows, standing where a noun stands (after an article, a number, a colour, a material
    or a size): candidates for grounding by meaning."""
    known = (set(lx.nouns()) | set(lx.colors()) | set(lx.environments()) | set(lx.materials()) | set(lx.VERBS)
             | lx.PREPOSITIONS | lx.FILLER | set(lx.NUMBERS) | set(lx.SIZE_WORDS) | lx.VARIED_COLORS
             | lx.FLOOR_WORDS | set(lx.FLOOR_MATERIAL_NOUNS) | lx.UNITS_M | lx.UNITS_S | lx.PEOPLE
             | set(lx.NOT_SUPPORTED))
    phrase_words = {w for table in (lx.CAMERA_PHRASES, lx.LOOK_PHRASES, lx.OUTCOME_PHRASES, lx.TEMPORAL)
                    for key in table for w in key.split("_")}
    lead_in = {"a", "an", "the", "some", "this", "that", "my", "his", "her", "their", "our", "your"} | set(lx.NUMBERS) \
        | set(lx.colors()) | set(lx.materials()) | set(lx.SIZE_WORDS) | lx.VARIED_COLORS
    return sorted({t for i, t in enumerate(tokens) if t not in known and t not in phrase_words and t.isalpha()
                   and len(t) > 2 and i > 0 and (tokens[i - 1] in lead_in or tokens[i - 1].isdigit())})


def parse(prompt: str, ground: Grounder | None = None) -> Plan:
    """Read a prompt into a Plan. `ground` maps unknown words to catalog kinds by meaning (optional)."""
    text = normalise_prompt(prompt)
    tokens, foreign = tokenize(text)
    plan = Plan(prompt=text)
    unknown = unknown_words(tokens)
    grounded = ground(unknown) if (ground and unknown) else {}
    _Reader(tokens, plan, grounded).read()
    for word in foreign:
        plan.unused.append((word, "not English letters or digits; the director reads English"))
    return plan
