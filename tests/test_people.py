"""People: bodies from anny, DeepMimic motion retargeted, feet that do not skate, and what the camera sees
of them (masks, keypoints) checked on the rendered frames."""

from __future__ import annotations

import itertools
import time

import numpy as np
import pytest
from PIL import Image
from scipy import ndimage

import cinesim
from cinesim.errors import CinesimError
from cinesim.people.body import PHENOTYPE, _load, body_path, load_body
from cinesim.people.feet import TOUCH, _sole
from cinesim.people.performance import Step, perform
from cinesim.people.rig import Rig, keypoint_basis, skin_points
from cinesim.screenplay import parse_screenplay

DEFAULT = dict.fromkeys(PHENOTYPE, 0.5)
STILL = 0.15  # m/s: a touching sole point slower than this is planted (what must not slide)


@pytest.fixture(scope="module")
def body():
    return load_body(DEFAULT)


def test_a_cached_body_loads_fast_and_stands_on_the_floor(body):
    _load.cache_clear()
    started = time.perf_counter()
    again = _load(body_path(DEFAULT))
    assert time.perf_counter() - started < 2.0
    assert again.vertices.shape == body.vertices.shape and len(again.bone_names) == 104
    assert abs(float(body.vertices[:, 2].min())) < 1e-6  # feet on z = 0
    assert 1.5 < body.height < 1.9
    eyes = body.heads[body.bone("eye.L")]
    assert eyes[0] > 0.05 and eyes[1] > 0  # faces +x, left side at +y


def test_keypoints_from_bones_equal_keypoints_from_skinned_vertices(body):
    """The per-bone keypoint basis is exact: skinning is linear in the rest vertex."""
    performance = perform(body, [Step(0.0, "dance_a")], (0.0, 0.0), 0.3, 24, 10)
    skin = performance.skin[7].astype(float)
    which = body.keypoint_vertices
    direct = np.einsum("ks,ksd->kd", body.keypoint_weights,
                       skin_points(body, skin, which.ravel()).reshape(*which.shape, 3))
    via_basis = np.einsum("bij,kbj->ki", skin, keypoint_basis(body))
    assert np.abs(direct - via_basis).max() < 1e-5


def _touching_slip(body, performance, fps: int, side: str) -> list[float]:
    """Per stance: how far the sole slides where it touches the floor (each frame's touching point, followed
    to the next frame while it is still the touching point: a foot rolling from heel to toe moves its
    contact along the sole without sliding)."""
    sole = _sole(Rig(body), side)
    points = np.stack([skin_points(body, s.astype(float), sole) for s in performance.skin])
    lowest = points[:, :, 2].argmin(axis=1)
    frames = np.arange(len(points) - 1)
    here, after = points[frames, lowest[:-1]], points[frames + 1, lowest[:-1]]
    slip = np.linalg.norm((after - here)[:, :2], axis=1)
    still_touching = after[:, 2] < points[1:, :, 2].min(axis=1) + 0.002
    planted = (here[:, 2] < TOUCH) & still_touching & (slip * fps < STILL)
    stances, total = [], 0.0
    for k, on in enumerate(planted):
        if on:
            total += slip[k]
        elif total:
            stances.append(total)
            total = 0.0
    return stances


@pytest.mark.parametrize("fps", [24, 60])
def test_a_walking_foot_does_not_skate(body, fps):
    performance = perform(body, [Step(0.5, "walk", target=(5.0, 1.5))], (0.0, 0.0), 0.0, fps, 7 * fps)
    arrived = np.linalg.norm(performance.root[-1, :2] - [5.0, 1.5])
    assert arrived < 0.05
    for side in "LR":
        stances = _touching_slip(body, performance, fps, side)
        assert len(stances) >= 4, stances
        assert max(stances) < 0.02, (side, stances)


def test_the_walk_goes_at_the_clips_pace_and_faces_its_way(body):
    fps = 24
    performance = perform(body, [Step(0.0, "walk", target=(4.0, 0.0))], (0.0, 0.0), 0.0, fps, 6 * fps)
    speed = np.linalg.norm(np.diff(performance.root[fps:3 * fps, :2], axis=0), axis=1).mean() * fps
    assert 0.8 < speed < 1.1  # DeepMimic's walk: 0.98 m/s for its legs, scaled to anny's
    assert abs(np.degrees(performance.heading[2 * fps])) < 12  # pelvis sway about the heading


def test_bad_cues_are_clear_errors():
    base = {"duration": 1, "cast": [{"name": "ana", "actions": []}]}
    for cue, words in (({"at": 0, "do": "moonwalk"}, "unknown motion 'moonwalk'"),
                       ({"at": 0, "do": "walk"}, "walk and run need `to"),
                       ({"at": 0, "do": "jump", "to": [1, 1]}, "other motions take no `to`")):
        data = base | {"cast": [{"name": "ana", "actions": [cue]}]}
        with pytest.raises(Exception, match=words.replace("(", r"\(")):
            parse_screenplay(data)
    with pytest.raises(Exception, match="already used"):
        parse_screenplay(base | {"props": [{"name": "ana", "kind": "tennis_ball", "position": [0, 0, 1]}]})
    with pytest.raises(Exception, match="unknown motion clip"):
        from cinesim.people.deepmimic import load_clip
        load_clip("moonwalk")
    assert issubclass(CinesimError, Exception)


TWO_PEOPLE = {
    "duration": 2.0, "fps": 12, "resolution": [320, 180], "environment": {"preset": "studio"},
    "cast": [
        {"name": "ana", "position": [-0.8, 0.0], "look": {"shirt": "red"}, "actions": [{"at": 0, "do": "dance_a"}]},
        {"name": "ben", "position": [0.9, 0.3], "facing": 180, "body": {"gender": 0.0, "height": 0.8},
         "look": {"skin": 0.8, "shirt": "green"}, "actions": [{"at": 0.2, "do": "walk", "to": [0.9, -1.0]}]},
    ],
    "cameras": [{"name": "c", "position": [0.0, -4.5, 1.2], "look_at": [0.0, 0.0, 0.9], "focal_length": 30}],
}


@pytest.fixture(scope="module")
def two_people(tmp_path_factory):
    out = tmp_path_factory.mktemp("people")
    result = cinesim.film(TWO_PEOPLE, out / "film.mp4", annotations=out / "notes", sound=False)
    return result, out / "notes"


def test_each_person_is_one_region_with_a_steady_id_and_keypoints_on_them(two_people):
    import json

    result, notes = two_people
    meta = json.loads((notes / "metadata.json").read_text())
    people = {p["name"]: p for p in meta["people"]}
    assert set(people) == {"ana", "ben"}
    ids = {name: p["segmentation_id"] for name, p in people.items()}
    assert len(set(ids.values())) == 2 and min(ids.values()) > 0
    seen = 0
    for frame in range(result.timeline.frame_count):
        masks = np.asarray(Image.open(notes / f"segmentation_{frame:05d}.png"))
        for name, person in people.items():
            mask = masks == ids[name]
            if not mask.any():
                continue
            labels, _ = ndimage.label(mask, structure=np.ones((3, 3)))
            sizes = np.bincount(labels.ravel())[1:]
            assert sizes.max() >= 0.97 * mask.sum(), (name, frame, sizes)  # one body (a stray pixel at most)
            for (x, y), visible in zip(person["keypoints_2d"][frame], person["keypoints_visible"][frame],
                                       strict=True):
                if visible:
                    xi, yi = round(x), round(y)
                    window = mask[max(0, yi - 1):yi + 2, max(0, xi - 1):xi + 2]
                    assert window.any(), (name, frame, x, y)
                    seen += 1
    assert seen > 200


def test_people_are_drawn_where_the_timeline_puts_them(two_people):
    import av

    result, _ = two_people
    with av.open(str(result.video)) as container:
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    assert len(frames) == result.timeline.frame_count == 24
    red_shirt = np.array([0.75, 0.22, 0.17]) * 255
    first = frames[6].astype(float)
    close = np.linalg.norm(first - red_shirt, axis=2) < 60
    assert close.sum() > 150  # ana's shirt is in the picture
    assert not np.array_equal(frames[3], frames[20])  # people move


def _boxes(entity, position, quaternion):
    """World centre, rotation and half size of each box of a prop (a box, or a compound's box parts)."""
    from scipy.spatial.transform import Rotation

    turn = Rotation.from_quat([*quaternion[1:], quaternion[0]])
    if entity.shape.kind == "box":
        yield position, turn, np.array(entity.shape.half_extents)
    for part in entity.shape.parts if entity.shape.kind == "compound" else ():
        if part.shape.kind == "box":
            yield position + turn.apply(part.position), turn * part.rotation, np.array(part.shape.half_extents)


@pytest.mark.parametrize("example", ["three_dancers", "walk_across_room", "basketball_rebound", "passing_ball"])
def test_people_in_the_examples_pass_through_nothing(example, examples_dir):
    """No body comes within 3 cm of another, crosses a wall, or sinks more than 3 cm into a prop's boxes
    (a seated person's thighs on a chair's seat included)."""
    from scipy.spatial import cKDTree

    world = cinesim.build_world(cinesim.load_screenplay(examples_dir / f"{example}.yaml"))
    timeline = cinesim.simulate(world)
    every = [np.arange(0, len(c.body.vertices), 3) for c in world.characters]
    width, depth, _ = world.room.size if world.room else (np.inf, np.inf, np.inf)
    props = [i for i, e in enumerate(world.entities) if not e.environment]
    for frame in range(0, timeline.frame_count, 2):
        bodies = [skin_points(c.body, p.skin[frame].astype(float), which)
                  for c, p, which in zip(world.characters, timeline.performances, every, strict=True)]
        for points in bodies:
            assert np.abs(points[:, 0]).max() < width / 2 and np.abs(points[:, 1]).max() < depth / 2
            for i in props:
                for centre, turn, half in _boxes(world.entities[i], timeline.positions[frame, i],
                                                 timeline.orientations[frame, i]):
                    inside = (half - np.abs(turn.inv().apply(points - centre))).min(axis=1)
                    assert inside.max() < 0.03, (frame, world.entities[i].name, inside.max())
        for i in range(len(bodies)):
            for j in range(i + 1, len(bodies)):
                assert cKDTree(bodies[i]).query(bodies[j])[0].min() > 0.03, (frame, i, j)


def test_the_missed_shot_is_the_ballistic_throw_and_rebounds_off_the_board(examples_dir):
    from cinesim.people.anny_export import FACE_LABELS
    from cinesim.physics.carry import ballistic_velocity

    world = cinesim.build_world(cinesim.load_screenplay(examples_dir / "basketball_rebound.yaml"))
    timeline = cinesim.simulate(world)
    throw = world.throws[0]
    ball = timeline.index("ball")
    board = [e for e in timeline.impacts() if {e.body_a, e.body_b} == {"ball", "set_basketball_hoop_0"}]
    assert board and abs(board[0].position[1] - 4.975) < 0.03  # on the board's face
    radius = world.entities[ball].shape.bounding_radius
    centre = np.array(board[0].position) - np.array(board[0].normal) * radius * (1 if board[0].body_a == "ball" else -1)
    assert np.linalg.norm(centre - throw.aim) < 0.03  # the ball's centre where the throw was solved to go
    # The free flight from the release to the board is the ballistic solution from the release point.
    times = timeline.times
    flight = (times > throw.release + 1e-6) & (times < board[0].time - 1e-6)
    dt = times[flight] - throw.release
    design = np.column_stack([np.ones_like(dt), dt])
    gravity = np.asarray(world.gravity)
    targets = timeline.positions[flight, ball] - 0.5 * np.outer(dt**2, gravity)
    (start, velocity), *_ = np.linalg.lstsq(design, targets, rcond=None)
    expected = ballistic_velocity(start, np.asarray(throw.aim), throw.angle, -gravity[2])
    assert np.linalg.norm(velocity - expected) < 0.01 * np.linalg.norm(expected)
    # No basket: the ball never comes down through the rim.
    rim = np.array([0.0, 4.6225, 3.05])
    heights = timeline.positions[:, ball, 2]
    crossing = np.flatnonzero((heights[:-1] >= rim[2]) & (heights[1:] < rim[2]))
    assert all(np.linalg.norm(timeline.positions[k, ball, :2] - rim[:2]) > 0.2275 for k in crossing)
    # On the palm until the release, and clear of the hand after it.
    body = world.characters[0].body
    hand = np.unique(body.faces[body.face_labels == FACE_LABELS.index("hand.R") + 1])
    for frame in range(timeline.frame_count):
        points = skin_points(body, timeline.performances[0].skin[frame].astype(float), hand)
        gap = np.linalg.norm(points - timeline.positions[frame, ball], axis=1).min() - radius
        if times[frame] < throw.release:
            assert gap < 0.04, (frame, gap)  # carried: the ball sits on the palm
        assert gap > -0.005, (frame, gap)  # never inside the hand


def test_footsteps_are_events_heard_at_their_time(examples_dir):
    """Each time a lifted foot is set down the Timeline has a footstep on the floor's material, feet take
    turns, and the soundtrack has an onset within 5 ms of each."""
    from cinesim.audio import make_soundtrack
    from cinesim.audio.listening import onsets

    world = cinesim.build_world(cinesim.load_screenplay(examples_dir / "walk_across_room.yaml"))
    timeline = cinesim.simulate(world)
    steps = [e for e in timeline.events if e.type == "footstep"]
    assert len(steps) >= 5 and {s.surface for s in steps} == {"wood"}
    walking = [s for s in steps if 0.6 + 0.5 < s.time < 4.0]
    assert all(a.foot != b.foot for a, b in itertools.pairwise(walking))
    assert all(abs(s.position[2]) < 0.01 for s in steps)  # on the floor
    soundtrack = make_soundtrack(world, timeline, np.random.default_rng(world.seed))
    found = onsets(soundtrack.samples.mean(axis=1))
    assert max(np.abs(found - s.time).min() for s in steps) <= 0.005


def test_a_pass_is_caught_by_the_one_it_was_thrown_to(examples_dir):
    """Every throw at a person is caught by that person (a catch event, the ball then on their palm); each
    release velocity is the ballistic solution towards the receiver's palm; the ball never touches the
    floor."""
    from cinesim.physics.carry import AIM_AHEAD, REACH, Possession, ballistic_velocity

    world = cinesim.build_world(cinesim.load_screenplay(examples_dir / "passing_ball.yaml"))
    timeline = cinesim.simulate(world)
    releases = [e for e in timeline.events if e.type == "release"]
    catches = [e for e in timeline.events if e.type == "catch"]
    names = [c.name for c in world.characters]
    assert [(r.person, c.person) for r, c in zip(releases, catches, strict=True)] == [
        ("ana", "ben"), ("ben", "ana"), ("ana", "ben")]
    assert all(r.time < c.time for r, c in zip(releases, catches, strict=True))
    hands = Possession(world, timeline.performances)
    ball = timeline.index("ball")
    for release, catch, throw in zip(releases, catches, sorted(world.throws, key=lambda t: t.release), strict=True):
        receiver = throw.at_person
        assert names[receiver] == catch.person != release.person
        palm, _ = hands.palm(receiver, ball, release.time + AIM_AHEAD)
        expected = ballistic_velocity(np.array(release.position), palm, throw.angle, -world.gravity[2])
        assert np.allclose(release.velocity, expected, atol=1e-5)
        caught_at, _ = hands.palm(receiver, ball, catch.time)
        assert np.linalg.norm(np.array(catch.position) - caught_at) < REACH
    assert not [e for e in timeline.impacts() if "ball" in (e.body_a, e.body_b)]
    assert timeline.positions[:, ball, 2].min() > 0.5  # from hand to hand, never near the ground


def test_a_walk_goes_around_a_table_in_its_way():
    """The straight line to the mark crosses a table: the walk goes round it (no body point more than 3 cm
    into it), still reaches the mark, and its feet still do not skate."""
    data = {"duration": 9.0, "fps": 24, "environment": {"preset": "living_room"},
            "props": [{"name": "table", "kind": "table", "position": [0.0, 0.0, 0.375]}],
            "cast": [{"name": "maya", "position": [-2.3, 0.0],
                      "actions": [{"at": 0.3, "do": "walk", "to": [2.2, 0.1]}]}]}
    world = cinesim.build_world(parse_screenplay(data))
    timeline = cinesim.simulate(world)
    performance = timeline.performances[0]
    body = world.characters[0].body
    assert np.linalg.norm(performance.root[-1, :2] - [2.2, 0.1]) < 0.05
    assert np.abs(performance.root[:, 1]).max() > 0.5  # it left the straight line
    table = timeline.index("table")
    for frame in range(0, timeline.frame_count, 2):
        points = skin_points(body, performance.skin[frame].astype(float), np.arange(0, len(body.vertices), 3))
        for centre, turn, half in _boxes(world.entities[table], timeline.positions[frame, table],
                                         timeline.orientations[frame, table]):
            assert (half - np.abs(turn.inv().apply(points - centre))).min(axis=1).max() < 0.03
    for side in "LR":
        assert max(_touching_slip(body, performance, 24, side)) < 0.02


GREETING = {
    "duration": 3.5, "fps": 24, "environment": {"preset": "studio"},
    "cast": [
        {"name": "ana", "position": [-1.0, 0.0], "facing": -30,
         "actions": [{"at": 0.3, "do": "wave", "look_at": "ben"}]},
        {"name": "ben", "position": [1.0, 0.0], "facing": -150, "body": {"gender": 0.0},
         "actions": [{"at": 0.0, "do": "idle", "look_at": [0.0, -4.0, 1.5]},
                     {"at": 1.0, "do": "point", "target": "ana", "look_at": "ana"}]},
    ],
}


def _pivot(body, skin, bone: str) -> np.ndarray:
    b = body.bone(bone)
    return skin[b, :, :3] @ body.heads[b] + skin[b, :, 3]


def _angle(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.degrees(np.arccos(np.clip(np.dot(a, b) / np.linalg.norm(a) / np.linalg.norm(b), -1, 1))))


def test_pointing_waving_and_looking_at():
    world = cinesim.build_world(parse_screenplay(GREETING))
    timeline = cinesim.simulate(world)
    ana, ben = world.characters
    fps = timeline.fps
    # Ben points at Ana's chest: shoulder -> wrist along the line to it.
    skin = timeline.performances[1].skin[int(2.0 * fps)].astype(float)
    shoulder, wrist = _pivot(ben.body, skin, "upperarm01.R"), _pivot(ben.body, skin, "wrist.R")
    assert _angle(wrist - shoulder, np.array([-1.0, 0.0, 1.3]) - shoulder) < 12
    # Both heads turn to what they look at: Ben to the camera side first, then to Ana; Ana to Ben.
    for person, body, at, target in ((1, ben.body, 0.6, [0.0, -4.0, 1.5]), (1, ben.body, 2.5, [-1.0, 0.0, 1.55]),
                                     (0, ana.body, 2.0, [1.0, 0.0, 1.55])):
        skin = timeline.performances[person].skin[int(at * fps)].astype(float)
        head = skin[body.bone("head")]
        eyes = (_pivot(body, skin, "eye.L") + _pivot(body, skin, "eye.R")) / 2
        assert _angle(head[:, :3] @ np.array([1.0, 0.0, 0.0]), np.array(target) - eyes) < 15, (person, at)
        for eye in ("eye.L", "eye.R"):  # the eyes turn the rest of the way, each from its own centre
            looking = skin[body.bone(eye), :, :3] @ np.array([1.0, 0.0, 0.0])
            assert _angle(looking, np.array(target) - _pivot(body, skin, eye)) < 2, (person, at, eye)
    # Ana waves: her right hand above her head, swinging from side to side.
    frames = range(int(0.9 * fps), int(3.0 * fps))
    hands = np.array([_pivot(ana.body, timeline.performances[0].skin[k].astype(float), "wrist.R") for k in frames])
    heads = np.array([_pivot(ana.body, timeline.performances[0].skin[k].astype(float), "head") for k in frames])
    assert (hands[:, 2] > heads[:, 2]).all()
    left = np.array([-np.sin(np.radians(-30)), np.cos(np.radians(-30))])  # Ana's left, on the floor
    across = np.diff(hands[:, :2] @ left)
    assert np.count_nonzero(np.diff(np.sign(across[np.abs(across) > 1e-4]))) >= 4


@pytest.mark.parametrize("target", [(0.45, -0.25, 1.0), (0.35, -0.3, 0.95), (0.3, 0.0, 1.45), (0.9, -0.2, 1.3)])
def test_reaching_puts_the_palm_on_the_target(target):
    """Within reach the middle of the palm arrives on the point; beyond it the arm stretches towards it."""
    world = cinesim.build_world(parse_screenplay({
        "duration": 2.0, "fps": 24, "environment": {"preset": "studio"},
        "cast": [{"name": "ana", "position": [0.0, 0.0], "facing": 0,
                  "actions": [{"at": 0.2, "do": "reach", "target": list(target)}]}]}))
    performance = cinesim.simulate(world).performances[0]
    body = world.characters[0].body
    skin = performance.skin[int(1.5 * 24)].astype(float)
    shoulder, wrist, finger = (_pivot(body, skin, f"{bone}.R") for bone in ("upperarm01", "wrist", "finger3-1"))
    palm = wrist + 0.5 * (finger - wrist)
    if np.linalg.norm(np.array(target) - shoulder) < 0.55:
        assert np.linalg.norm(palm - target) < 0.04
    else:
        assert _angle(palm - shoulder, np.array(target) - shoulder) < 8
        assert np.linalg.norm(palm - shoulder) > 0.5


def test_standing_up_returns_to_where_the_sit_began(body):
    steps = [Step(0.0, "idle"), Step(0.5, "sit"), Step(2.5, "stand")]
    performance = perform(body, steps, (0.0, 0.0), 0.0, 24, 5 * 24)
    standing, seated, again = performance.root[int(0.4 * 24)], performance.root[int(2.4 * 24)], performance.root[-1]
    assert seated[2] < standing[2] - 0.2 and seated[0] < standing[0] - 0.3  # down and back onto the seat
    assert np.linalg.norm(again - standing) < 0.03
    for side in "LR":
        assert max(_touching_slip(body, performance, 24, side), default=0.0) < 0.02


def test_stand_needs_a_sit_before_it():
    with pytest.raises(CinesimError, match="stand at 1 s"):
        parse_screenplay({"duration": 2, "cast": [{"name": "ana", "actions": [{"at": 1.0, "do": "stand"}]}]})


def test_an_open_jacket_over_the_shirt(body):
    from cinesim.people.look import THICKNESS, Appearance, regions, shell_lift, vertex_colors

    dressed = Appearance(shirt="white", jacket="maroon")
    region, lift = regions(body, dressed), shell_lift(body, dressed)
    chest = body.heads[body.bone("spine02")]
    v = body.vertices
    front = (np.abs(v[:, 1]) < 0.02) & (np.abs(v[:, 2] - chest[2]) < 0.05) & (v[:, 0] > chest[0])
    back = (np.abs(v[:, 1]) < 0.05) & (np.abs(v[:, 2] - chest[2]) < 0.05) & (v[:, 0] < chest[0])
    assert (region[front] == "shirt").all() and (region[back] == "jacket").all()
    assert np.allclose(lift[back], THICKNESS["jacket"], atol=1e-4) and (lift[front] < THICKNESS["jacket"]).all()
    colors, _, _ = vertex_colors(body, dressed)
    assert colors[front].min() > 0.5 and colors[back][:, 1].max() < 0.1  # white shirt; maroon jacket
    with pytest.raises(CinesimError, match="jacket"):
        parse_screenplay({"duration": 1, "cast": [{"name": "ana", "look": {"jacket": "plaid"}}]})
