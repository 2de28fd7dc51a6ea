"""People in the screenplay: who they are (body), how they look, where they stand and what they do."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from cinesim.catalog import parse_color
from cinesim.people.deepmimic import CLIP_FILES
from cinesim.screenplay.base import Strict

MAX_CAST = 8
# walk and run go to a mark; throw and sit are made for each body; the clips play where the person stands
MOTIONS = ("idle", "throw", "catch", "sit", "stand", "wave", "point", "reach", *CLIP_FILES)
GAITS = ("walk", "run")


def _unit(description: str) -> Any:
    return Field(0.5, ge=0.0, le=1.0, description=description)


class BodyParameters(Strict):
    """anny's body parameters, each 0..1."""

    gender: float = _unit("0 masculine .. 1 feminine (anny's convention).")
    age: float = _unit("0 a baby .. 0.5 about 25 years .. 1 about 90 years.")
    muscle: float = _unit("0 slight .. 1 muscular.")
    weight: float = _unit("0 thin .. 1 heavy.")
    height: float = _unit("0 short .. 1 tall, for the gender and age.")
    proportions: float = _unit("0 idealised .. 1 uncommon proportions.")


class Look(Strict):
    """Skin tone, hair and clothes: colour names, '#rrggbb' or [r, g, b]."""

    skin: float = Field(0.35, ge=0.0, le=1.0, description="Skin tone, 0 light .. 1 deep.")
    hair: str = Field("brown", description="Hair colour, or 'none' for a shaved head.")
    eyes: str = Field("brown", description="Iris colour.")
    shirt: str = Field("blue", description="Shirt colour.")
    sleeves: Literal["long", "short"] = "long"
    trousers: str = Field("navy", description="Trousers (or dress) colour.")
    dress: bool = Field(False, description="A dress to the knee instead of trousers.")
    shoes: str = Field("black", description="Shoe colour.")
    jacket: str = Field("none", description="An open jacket over the shirt: its colour, or 'none'.")

    @field_validator("eyes", "shirt", "trousers", "shoes")
    @classmethod
    def _known_color(cls, value: str) -> str:
        parse_color(value)
        return value

    @field_validator("hair", "jacket")
    @classmethod
    def _color_or_none(cls, value: str) -> str:
        if value != "none":
            parse_color(value)
        return value


class Cue(Strict):
    """At a time, start doing something; it lasts until the next cue (a walk ends on arrival)."""

    at: float = Field(ge=0, description="Time in seconds.")
    do: str = Field(description=f"One of: {', '.join(MOTIONS)}.")
    to: tuple[float, float] | None = Field(None, description="walk / run: the mark to go to, [x, y] in metres.")
    facing: float | None = Field(None, description="idle: turn to this heading, degrees (0 = +x, 90 = +y).")
    prop: str | None = Field(None, description="throw: the prop, carried on the right palm until the release; "
                             "catch: the prop to wait for.")
    target: tuple[float, float, float] | str | None = Field(
        None, description="throw: the point the prop is thrown to reach, [x, y, z], or a person's name (their "
        "palm); the flight is then the simulator's. point: what to point at, a point or a person. reach: where "
        "the right hand goes (a point, or a person's chest).")
    angle: float = Field(52.0, gt=5, lt=85, description="throw: launch elevation in degrees.")
    look_at: tuple[float, float, float] | str | None = Field(
        None, description="While this cue lasts the head turns to this point [x, y, z] or person.")

    @field_validator("do")
    @classmethod
    def _known_motion(cls, value: str) -> str:
        if value not in MOTIONS:
            raise ValueError(f"unknown motion {value!r}; motions: {', '.join(MOTIONS)}")
        return value

    @model_validator(mode="after")
    def _gaits_need_a_mark(self) -> Cue:
        if (self.do in GAITS) != (self.to is not None):
            raise ValueError("walk and run need `to: [x, y]`; other motions take no `to`")
        if self.facing is not None and self.do != "idle":
            raise ValueError("`facing` goes with `do: idle` (a walk faces where it goes)")
        if (self.do in ("throw", "point", "reach")) != (self.target is not None):
            raise ValueError("throw, point and reach need `target` ([x, y, z] or a person); other motions take "
                             "none")
        if (self.do in ("throw", "catch")) != (self.prop is not None):
            raise ValueError("throw and catch need `prop`; other motions take none")
        return self


class CastMember(Strict):
    """A person: body, look, starting mark and heading, and cues."""

    name: str = Field(min_length=1, max_length=64, description="Unique name (props and people share names).")
    body: BodyParameters = Field(default_factory=BodyParameters)
    look: Look = Field(default_factory=Look)
    position: tuple[float, float] = Field((0.0, 0.0), description="Where the person stands at the start, [x, y].")
    facing: float = Field(0.0, description="Heading at the start, degrees (0 = +x, 90 = +y).")
    actions: list[Cue] = Field(default_factory=list, max_length=1000, description="Cues, in any order.")

    @model_validator(mode="after")
    def _stand_after_sit(self) -> CastMember:
        cues = sorted(self.actions, key=lambda c: c.at)
        for before, cue in zip([None, *cues], cues, strict=False):
            if cue.do == "stand" and (before is None or before.do != "sit"):
                raise ValueError(f"stand at {cue.at:g} s: a person stands up from a chair, so the cue before it "
                                 "must be `sit`")
        return self
