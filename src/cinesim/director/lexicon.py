"""The words the director knows, and what each becomes. Nouns come from the catalog (names, synonyms,
plurals) plus everyday words for them; anything else is left to embedding grounding or reported unused."""

from __future__ import annotations

from functools import cache

from cinesim.catalog.colors import COLORS
from cinesim.catalog.colors import SYNONYMS as COLOR_SYNONYMS
from cinesim.catalog.environments import ENVIRONMENTS
from cinesim.catalog.materials import MATERIALS
from cinesim.catalog.props import PROPS
from cinesim.catalog.props import SYNONYMS as PROP_SYNONYMS

NUMBERS = {
    "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "pair": 2, "both": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "few": 3, "several": 4, "some": 3,
    "many": 8, "pile": 8, "heap": 8,
}
MAX_COUNT = 50  # of one noun: more would be a crowd the film cannot show (reported when capped)

# Everyday nouns for catalog kinds (catalog names, their synonyms and plurals are added below).
EXTRA_NOUNS = {
    "balls": "rubber_ball", "pins": "pin", "tenpins": "pin", "blocks": "wooden_block", "crates": "crate",
    "boxes": "cardboard_box", "dominoes": "domino", "dominos": "domino", "marbles": "marble", "rocks": "rock",
    "stones": "rock", "boulder": "rock", "boulders": "rock", "pendulum": "steel_ball", "wrecking_ball": "steel_ball",
    "slope": "ramp", "hillside": "ramp", "hill": "ramp", "chute": "ramp", "lane": "bowling_lane",
    "alley": "bowling_lane", "stove": "counter", "cooker": "counter", "worktop": "counter", "boards": "wall",
    "barrier": "wall", "glass_cup": "glass", "tumbler": "glass", "cup": "mug", "cups": "mug", "dice": "dice",
    "die": "dice", "puck": "hockey_puck", "ducks": "rubber_duck", "rubber_ducks": "rubber_duck", "teddy": "teddy_bear",
    "apples": "apple", "oranges": "orange", "bananas": "banana", "seesaw": "plank", "seesaws": "plank",
    "board": "plank", "basket": "basketball_hoop", "net": "basketball_hoop", "cradle": "steel_ball",
    "newtons_cradle": "steel_ball", "tower": "crate", "fruit": "apple", "fruits": "apple", "bucket": "pot",
    "pan": "pot", "stall": "table",
    "cans": "can", "bottles": "bottle", "books": "book", "plates": "plate", "bowls": "bowl", "coins": "coin",
}
# Nouns of things that hang and swing, with how much bigger than the catalog's steel ball they are.
SWINGING = {"pendulum": 1.0, "cradle": 1.0, "newtons": 1.0, "wrecking": 8.0}
# Words that name the set rather than a prop.
ENVIRONMENT_WORDS = {
    "kitchen": "kitchen", "living_room": "living_room", "lounge": "living_room", "gym": "gym", "court": "gym",
    "bowling_alley": "bowling_alley", "park": "park", "lawn": "park", "garden": "park", "yard": "park",
    "street": "street", "sidewalk": "street", "road": "street", "dirt_road": "street", "market": "street",
    "beach": "beach", "studio": "studio", "office": "studio", "stage": "studio", "rink": "studio",
}
FLOOR_WORDS = {"floor", "ground", "surface", "pavement"}
FLOOR_MATERIAL_NOUNS = {"grass": "grass", "ice": "ice", "sand": "sand", "gravel": "gravel", "tiles": "tile",
                        "carpet": "carpet", "dirt": "gravel", "mud": "sand", "concrete": "concrete"}
MATERIAL_WORDS = {
    "rubber": "rubber", "steel": "steel", "metal": "steel", "metallic": "steel", "iron": "steel",
    "wooden": "wood", "wood": "wood", "glass": "glass", "plastic": "plastic", "cardboard": "cardboard",
    "paper": "cardboard", "concrete": "concrete", "stone": "concrete", "ceramic": "ceramic", "porcelain": "ceramic",
    "aluminium": "aluminium", "aluminum": "aluminium", "tin": "aluminium", "felt": "felt", "leather": "leather",
    "marble": "marble", "ice": "ice", "brick": "brick", "tile": "tile", "tiled": "tile", "carpet": "carpet",
    "fabric": "fabric", "cloth": "fabric", "plaster": "plaster",
}
SLOPE_WORDS = {"steep": 32.0, "gentle": 12.0, "shallow": 10.0}  # ramp pitch, degrees
BALL_BY_MATERIAL = {"steel": "steel_ball", "glass": "marble", "rubber": "rubber_ball", "leather": "soccer_ball"}
CUP_BY_MATERIAL = {"glass": "glass", "ceramic": "mug", "steel": "mug", "plastic": "mug"}
MIXES = {"fruit": ("apple", "orange", "banana", "apple"), "fruits": ("apple", "orange", "banana", "apple")}
SIZE_WORDS = {"tiny": 0.5, "small": 0.7, "little": 0.7, "mini": 0.6, "big": 1.5, "large": 1.5, "huge": 2.2,
              "giant": 2.5, "massive": 2.2, "heavy": 1.0, "light": 1.0}
VARIED_COLORS = {"colourful", "colorful", "multicoloured", "multicolored", "coloured", "colored", "rainbow"}
PALETTE = ("red", "orange", "yellow", "green", "blue", "purple", "pink", "white")

# Verbs: canonical deeds.
VERBS = {
    "drop": "drop", "dropped": "drop", "drops": "drop", "falls": "fall", "fall": "fall", "fell": "fall",
    "falling": "fall", "tumble": "fall", "tumbles": "fall", "tumbling": "fall", "plunges": "fall",
    "bounces": "bounce", "bounce": "bounce", "bouncing": "bounce", "bounced": "bounce",
    "rolls": "roll", "roll": "roll", "rolling": "roll", "rolled": "roll",
    "slides": "slide", "slide": "slide", "sliding": "slide", "slid": "slide", "skids": "slide",
    "thrown": "throw", "throw": "throw", "throws": "throw", "tossed": "throw", "tosses": "throw", "shot": "throw",
    "shoots": "throw", "lobbed": "throw", "hurled": "throw",
    "kicked": "kick", "kicks": "kick", "kick": "kick", "struck": "kick",
    "swings": "swing", "swing": "swing", "swinging": "swing", "swung": "swing",
    "knocks": "knock", "knock": "knock", "knocked": "knock", "topples": "knock", "toppled": "knock",
    "spins": "spin", "spin": "spin", "spinning": "spin", "twirls": "spin",
    "collide": "collide", "collides": "collide", "colliding": "collide", "crash": "collide", "crashes": "collide",
    "collapses": "collapse", "collapse": "collapse", "collapsing": "collapse",
    "spills": "spill", "spill": "spill", "spilling": "spill", "pours": "spill",
    "launches": "launch", "launch": "launch", "launched": "launch", "flings": "launch",
    "hits": "hit", "hit": "hit", "strikes": "hit", "tips": "tip", "tip": "tip", "tipped": "tip", "tipping": "tip",
}
PREPOSITIONS = {"on", "onto", "into", "in", "inside", "off", "down", "across", "at", "against", "toward", "towards",
                "over", "beside", "above", "under", "around", "from", "along", "through", "out", "behind", "near",
                "by", "within", "to", "upon", "of", "with", "below", "next", "front"}
CAMERA_PHRASES = {
    "close_up": "close", "closeup": "close", "close": "close", "macro": "close", "detail_shot": "close",
    "wide_shot": "wide", "wide": "wide", "establishing_shot": "wide", "long_shot": "wide", "medium_shot": "medium",
    "from_above": "above", "top_down": "above", "overhead": "above", "aerial_view": "aerial", "aerial": "aerial",
    "birds_eye": "above", "bird's_eye": "above", "drone": "aerial", "side_view": "side", "from_the_side": "side",
    "profile": "side", "low_angle": "low", "from_below": "low", "push_in": "push_in", "dolly_in": "push_in",
    "zoom_in": "push_in", "dolly": "push_in", "handheld": "handheld", "hand_held": "handheld",
    "tracking_shot": "track", "tracking": "track", "follows": "track", "slow_motion": "slow_motion",
    "slowmo": "slow_motion", "slow_mo": "slow_motion", "super_slow_motion": "slow_motion",
}
LOOK_PHRASES = {  # -> time of day, or None for a look not built yet
    "golden_hour": 18.6, "sunset": 18.9, "dusk": 19.2, "sunrise": 6.6, "dawn": 6.5, "morning": 9.0,
    "midday": 12.5, "noon": 12.5, "afternoon": 15.5, "evening": 18.0, "night": None, "noir": None,
    "film_noir": None, "wes_anderson": None, "cinematic": None, "vintage": None, "black_and_white": None,
    "anime": None, "cyberpunk": None, "neon": None, "candle_lit": None, "moody": None,
}
OUTCOME_PHRASES = {
    "misses": "miss", "miss": "miss", "missing": "miss", "rebounds": "rebound", "rebound": "rebound",
    "ricochets": "rebound", "all": "all", "lands": "land", "land": "land", "landing": "land",
    "upside_down": "upside_down", "settles": "settle", "settle": "settle", "comes_to_rest": "settle",
    "come_to_rest": "settle", "rest": "settle", "scatter": "scatter", "scatters": "scatter",
    "shatters": "shatter", "shatter": "shatter", "breaks": "shatter", "smashes": "shatter",
    "edge": "edge", "flies_out": "flies_out", "swings_out": "flies_out", "faster": "faster",
    "lower": "lower", "flat": "settle", "clatters": "clatter", "face_up": "face_up", "showing": "face_up",
}
TEMPORAL = {"then": "then", "after": "after", "afterwards": "then", "while": "while", "before": "before",
            "one_after_another": "sequence", "one_by_one": "sequence", "in_turn": "sequence",
            "side_by_side": "together", "at_once": "together", "at_the_same_time": "together", "same": "together",
            "slowly": "slow", "slow": "slow", "quickly": "fast", "fast": "fast", "gently": "slow", "hard": "fast",
            "head_on": "head_on", "until": "until"}
FILLER = {"the", "is", "are", "was", "were", "be", "being", "it", "its", "they", "them", "their", "and", "with",
          "that", "this", "these", "those", "which", "who", "there", "of", "by", "to", "as", "so", "very", "just",
          "a", "an", "s", "each", "other", "up", "getting", "filmed", "shown", "seen", "clip", "video",
          "film", "shot", "scene", "style", "view", "camera", "angle", "life", "still", "same", "edge", "showing",
          "face", "bottom", "top", "end", "line", "row", "stack", "flight", "chain", "wall_of", "set", "lot", "lots",
          "metres", "meters", "metre", "meter", "m", "seconds", "second", "sec", "secs", "long", "height",
          "from", "slowly", "down", "out", "over", "back", "around", "inside"}
UNITS_M = {"metres", "meters", "metre", "meter", "m", "cm", "centimetres", "centimeters"}
UNITS_S = {"seconds", "second", "sec", "secs", "s"}
NOT_SUPPORTED = {  # phrase -> why (people and the rest of tier 2 are later capabilities)
    "shatter": "breaking and shattering are not simulated yet: the object stays whole",
    "water": "liquids are not simulated yet", "wine": "liquids are not simulated yet",
    "smoke": "smoke is not simulated yet", "leaves": "foliage and wind are not simulated yet",
    "wind": "wind is not simulated yet", "tablecloth": "cloth is not simulated yet",
    "cloth": "cloth is not simulated yet", "drapes": "cloth is not simulated yet",
    "says": "dialogue is not supported yet", "talk": "dialogue is not supported yet",
    "talks": "dialogue is not supported yet", "laughs": "dialogue is not supported yet",
    "claps": "people are not supported yet", "sloshes": "liquids are not simulated yet",
    "pours": "liquids are not simulated yet", "pour": "liquids are not simulated yet",
    "tree": "trees are not in the catalog yet", "chimney": "buildings are not in the catalog yet",
    "candle": "candles are not in the catalog yet", "spotlight": "spotlights are not supported yet",
}
PEOPLE = {"man", "woman", "person", "people", "player", "child", "kid", "boy", "girl", "friends", "friend",
          "waiter", "waitress", "detective", "dancer", "dancers", "audience", "dog", "cat", "he", "she", "someone",
          "crowd", "chef", "athlete", "runner", "character", "characters"}


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


@cache
def nouns() -> dict[str, str]:
    """Every noun phrase (words joined by '_') the director maps to a catalog prop kind."""
    table: dict[str, str] = {}
    for name in list(PROPS) + list(PROP_SYNONYMS):
        kind = PROP_SYNONYMS.get(name, name)
        table[name] = kind
        parts = name.split("_")
        table["_".join([*parts[:-1], _plural(parts[-1])])] = kind
    table.update(EXTRA_NOUNS)
    return table


@cache
def colors() -> dict[str, str]:
    return {name: name for name in COLORS} | dict(COLOR_SYNONYMS) | {"colour": "", "color": ""}


def environments() -> dict[str, str]:
    return {name: name for name in ENVIRONMENTS} | ENVIRONMENT_WORDS


def materials() -> dict[str, str]:
    return {name: name for name in MATERIALS} | MATERIAL_WORDS


def max_phrase_words() -> int:
    tables = (nouns(), environments(), CAMERA_PHRASES, LOOK_PHRASES, OUTCOME_PHRASES, TEMPORAL)
    return max(len(key.split("_")) for table in tables for key in table)
