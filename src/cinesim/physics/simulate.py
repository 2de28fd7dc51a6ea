"""World -> Timeline with MuJoCo.

Stepping: MuJoCo's implicitfast integrator (semi-implicit Euler where forces do not depend on velocity) at a
step that divides the frame interval (at most 1/240 s).
Velocities start half a step back (v0 - a dt/2), which turns the scheme into leapfrog: free flight and
pendulum swings are second-order accurate, so a dropped ball follows 1/2 g t^2 to within micrometres.

People are performed before the simulation starts (their motion is acted, not simulated); their capsules
follow the performance step by step as mocap bodies, pushing and striking props. A prop in a hand, and for
HANDS_OFF after it leaves one, does not collide with people (it sits in the palm, then leaves through it).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import mujoco
import numpy as np

from cinesim.catalog import Material
from cinesim.errors import SimulationError
from cinesim.people.colliders import body_capsules, capsule_poses
from cinesim.people.feet import landings
from cinesim.people.quaternions import to_matrix
from cinesim.people.rig import Rig
from cinesim.physics.carry import Possession, ballistic_velocity
from cinesim.physics.contacts import SAMPLE_RATE, ContactSampler
from cinesim.physics.friction import FrictionResponse
from cinesim.physics.impacts import (
    IMPACT_MIN_SPEED,
    ResolvedImpact,
    contact_keys,
    merged_contacts,
    normal_row,
    normal_speed,
    propagate,
    resolve_together,
)
from cinesim.physics.mjcf import (
    PEOPLE_BIT,
    PROP_BITS,
    SKIN,
    build_mjcf,
    entity_of_geom,
    pair_restitution,
    person_of_geom,
)
from cinesim.physics.overlaps import check_initial_overlaps, check_people_clear
from cinesim.timeline import Footstep, Handoff, Impact, Timeline
from cinesim.world.model import World, WorldAction
from cinesim.world.traffic import perform_cast

ROUND_GEOM_TYPES = (mujoco.mjtGeom.mjGEOM_SPHERE, mujoco.mjtGeom.mjGEOM_CYLINDER, mujoco.mjtGeom.mjGEOM_CAPSULE)
REMOVED_OFFSET = 1e4  # m; a removed entity's geom is parked this far away
ENERGY_SLACK = 1.0  # J; allowed energy growth beyond the larger of 25 % and this
RESOLVE_ROUNDS = 8  # impacts resolved in sequence within one step (a cradle needs one per ball)
REOPEN_TIME = 0.01  # s; a pair apart for less than this has not started a new impact (contact flicker)
WAKE_FORCE = 1e-12  # N: the nudge that wakes a released body (MuJoCo wakes sleeping trees on user forces)
HANDS_OFF = 0.15  # s: a thrown prop passes through its thrower's hand for this long after the release

Progress = Callable[[int, int], None]
_NO_KEYS = np.zeros(0, dtype=np.int64)
_NO_TOUCH = np.zeros(0, dtype=bool)


def compile_world(world: World) -> tuple[mujoco.MjModel, int]:
    """The MuJoCo model of a world and its physics steps per frame; checks that nothing starts overlapping."""
    layout = build_mjcf(world)
    model = mujoco.MjModel.from_xml_string(layout.xml)
    check_initial_overlaps(world, model)
    return model, layout.substeps


def simulate(world: World, progress: Progress | None = None) -> Timeline:
    """Run the world for its duration and record every entity's pose at each frame, and every event."""
    return Simulation(world).run(progress)


class Simulation:
    """A compiled world, ready to run: building it checks the world (overlaps), running it records the
    Timeline."""

    def __init__(self, world: World):
        self.world = world
        self.model, self.substeps = compile_world(world)
        self.data = mujoco.MjData(self.model)
        m = self.model
        self.dt = m.opt.timestep
        self.geom_entity = np.array([entity_of_geom(m.geom(g).name) for g in range(m.ngeom)])
        self.entity_geom = np.array([np.flatnonzero(self.geom_entity == i)[0] for i in range(len(world.entities))])
        self.entity_body = m.geom_bodyid[self.entity_geom]
        # A compound's or a lathe's pose is its body's frame (its geoms are parts around it); a primitive's is
        # its geom's.
        self.compound = np.array([e.shape.in_parts for e in world.entities])
        self.state_spec = mujoco.mjtState.mjSTATE_INTEGRATION
        self.pre_state = np.zeros(mujoco.mj_stateSize(m, self.state_spec))
        self.last_seen = np.full(m.ngeom * m.ngeom, -(10**9), dtype=np.int64)  # step each pair last touched
        self.reopen_steps = max(1, round(REOPEN_TIME / self.dt))
        self.known = np.zeros(m.ngeom * m.ngeom, dtype=bool)  # pairs whose contact geometry the sampler has
        self.sampler = ContactSampler(m.ngeom, np.isin(m.geom_type, ROUND_GEOM_TYPES))
        self.friction = FrictionResponse(m)
        self.sample_every = max(1, round(1 / (SAMPLE_RATE * self.dt)))
        self.impacts: list[ResolvedImpact] = []
        self.removed = np.zeros(len(world.entities), dtype=bool)
        self.waking: list[int] = []  # bodies given a wake-up force this step
        self.pending = list(world.actions)
        self.pre_qvel = np.zeros(m.nv)
        self.steps = 0
        self.restitution_steps = 0
        self.performances = perform_cast(world)
        self.possession = Possession(world, self.performances)
        self.hand_events: list[Handoff] = []
        self._setup_people()

    def _setup_people(self) -> None:
        """Who owns each geom (an entity or a person) and where every person's capsules are at each frame."""
        m, world = self.model, self.world
        self.owners: list[tuple[str, Material, float]] = []  # per geom: name, material, restitution
        people = [person_of_geom(m.geom(g).name) for g in range(m.ngeom)]
        for g, person in enumerate(people):
            if person is None:
                entity = world.entities[self.geom_entity[g]]
                self.owners.append((entity.name, entity.material, entity.restitution))
            else:
                self.owners.append((world.characters[person[0]].name, SKIN, SKIN.restitution))
        self.person_geom = np.array([person is not None for person in people])
        poses = [capsule_poses(body_capsules(c.body), p.skin) for c, p in zip(world.characters, self.performances,
                                                                                strict=True)]
        self.capsule_positions = np.concatenate([pos for pos, _ in poses], axis=1) if poses else np.zeros((1, 0, 3))
        self.capsule_quaternions = np.concatenate([q for _, q in poses], axis=1) if poses else np.zeros((1, 0, 4))
        self.capsule_rotations = to_matrix(self.capsule_quaternions)
        self.hands_off: dict[int, float] = {}  # carried entity: time until which it ignores people
        self.kinematic = self._capsule_velocity if world.characters else None
        self._move_people(0.0)
        mujoco.mj_kinematics(m, self.data)
        check_people_clear(world, m, self.data, np.flatnonzero(self.person_geom), self.geom_entity,
                           {t.entity for t in world.throws})

    # -- setup -----------------------------------------------------------------------------------
    def _initial_state(self) -> None:
        m, d = self.model, self.data
        mujoco.mj_resetData(m, d)
        self._move_people(0.0)
        mujoco.mj_kinematics(m, d)
        for i, entity in enumerate(self.world.entities):
            if entity.motion != "fixed":
                self._set_velocity(i, entity.velocity, entity.angular_velocity)
        self._stagger_velocities(np.arange(m.nv))
        if self.world.throws:  # carried props start on the palm
            self.energy_budget = 0.0
            self._carry()
            mujoco.mj_kinematics(m, d)
        self.energy_budget = self._energy()

    def _dofs(self, entity: int) -> np.ndarray:
        body = self.entity_body[entity]
        start, count = self.model.body_dofadr[body], self.model.body_dofnum[body]
        return np.arange(start, start + count)

    def _set_velocity(self, entity: int, linear, angular) -> None:
        dofs = self._dofs(entity)
        if len(dofs) == 6:
            rotation = self.data.xmat[self.entity_body[entity]].reshape(3, 3)
            if linear is not None:
                self.data.qvel[dofs[:3]] = linear
            if angular is not None:
                self.data.qvel[dofs[3:]] = rotation.T @ np.asarray(angular)
        elif len(dofs) == 1 and angular is not None:
            self.data.qvel[dofs[0]] = float(np.dot(angular, self.world.entities[entity].hinge_axis))

    def _stagger_velocities(self, dofs: np.ndarray) -> None:
        """Move velocities half a step back in time so that Euler steps become leapfrog steps."""
        mujoco.mj_forward(self.model, self.data)
        self.data.qvel[dofs] -= 0.5 * self.dt * self.data.qacc[dofs]

    def _energy(self) -> float:
        mujoco.mj_energyPos(self.model, self.data)
        mujoco.mj_energyVel(self.model, self.data)
        return float(self.data.energy.sum())

    # -- actions ---------------------------------------------------------------------------------
    def _apply_due_actions(self) -> None:
        while self.pending and self.pending[0].time <= self.data.time + self.dt / 2:
            self._apply(self.pending.pop(0))

    def _apply(self, action: WorldAction) -> None:
        m, d = self.model, self.data
        mujoco.mj_forward(m, d)
        if action.kind == "impulse":
            body = self.entity_body[action.entity]
            point = np.asarray(action.point if action.point is not None else d.xipos[body], dtype=float)
            jac = np.zeros((3, m.nv))
            mujoco.mj_jac(m, d, jac, None, point, body)
            delta = np.zeros((1, m.nv))
            mujoco.mj_solveM(m, d, delta, (jac.T @ np.asarray(action.vector)).reshape(1, -1))
            d.qvel[:] += delta[0]
        elif action.kind == "set_velocity":
            self._set_velocity(action.entity, action.vector, action.angular)
            self._stagger_velocities(self._dofs(action.entity))
        elif action.kind == "release":
            d.eq_active[m.equality(f"hold{action.entity}").id] = 0
            # A held body may have fallen asleep, and letting go of a weld does not wake it; a user force
            # does. A piconewton for one step changes nothing else.
            body = self.entity_body[action.entity]
            d.xfrc_applied[body, 2] = WAKE_FORCE
            self.waking.append(body)
        elif action.kind == "remove":
            self._remove(action.entity)
        self.energy_budget = max(self.energy_budget, self._energy())

    def _remove(self, entity: int) -> None:
        m, d = self.model, self.data
        geoms, body = np.flatnonzero(self.geom_entity == entity), self.entity_body[entity]
        m.geom_pos[geoms] += (0.0, 0.0, -REMOVED_OFFSET)
        m.geom_contype[geoms] = m.geom_conaffinity[geoms] = 0
        # explicit pairs ignore contype: none of the entity's closes unless geoms overlap by the parking depth
        m.pair_margin[np.isin(m.pair_geom1, geoms) | np.isin(m.pair_geom2, geoms)] = -REMOVED_OFFSET
        if body != 0:
            m.body_gravcomp[body] = 1.0
            d.qvel[self._dofs(entity)] = 0.0
        self.removed[entity] = True

    # -- people's hands ----------------------------------------------------------------------------
    def _carry(self) -> None:
        """Props in hands move with the palm; thrown ones get their throw's ballistic velocity; free ones
        within reach of a waiting palm are caught."""
        m, d = self.model, self.data
        time = d.time + self.dt / 2
        hands = self.possession
        thrown = hands.releases(time)
        if thrown:
            mujoco.mj_kinematics(m, d)
        for throw in thrown:
            start = d.geom_xpos[self.entity_geom[throw.entity]].copy()
            try:
                velocity = ballistic_velocity(start, hands.aim(throw), throw.angle, -self.world.gravity[2])
            except ValueError as exc:
                name = self.world.characters[throw.person].source
                raise SimulationError(f"{name}: throw at t = {throw.release:.2f} s: {exc}") from None
            self._set_velocity(throw.entity, velocity, (0.0, 0.0, 0.0))
            self._stagger_velocities(self._dofs(throw.entity))
            person, prop = self.world.characters[throw.person].name, self.world.entities[throw.entity].name
            self.hand_events.append(Handoff("release", round(d.time, 9), person, prop,
                                            tuple(round(float(x), 6) for x in start),
                                            tuple(round(float(v), 6) for v in velocity)))
        if self.world.catches:
            hands.catch(time, {c.entity: d.geom_xpos[self.entity_geom[c.entity]] for c in self.world.catches})
        held = hands.held(time)
        for entity, position, velocity in held:
            self.hands_off[entity] = time + HANDS_OFF
            body = self.entity_body[entity]
            offset = d.geom_xpos[self.entity_geom[entity]] - d.xpos[body]
            d.qpos[m.jnt_qposadr[m.body_jntadr[body]]:][:3] = position - offset
            dofs = self._dofs(entity)
            d.qvel[dofs[:3]], d.qvel[dofs[3:]] = velocity, 0.0
        if held or thrown:
            self.energy_budget = max(self.energy_budget, self._energy())
        self._keep_hands_off(time)

    def _keep_hands_off(self, time: float) -> None:
        """Props in a hand, or just thrown from one, do not collide with people."""
        for entity, until in self.hands_off.items():
            geoms = self.geom_entity == entity
            self.model.geom_conaffinity[geoms] = PROP_BITS & ~PEOPLE_BIT if until > time else PROP_BITS

    # -- people's bodies -------------------------------------------------------------------------
    def _frame_at(self, time: float) -> tuple[int, float]:
        f = float(np.clip(time * self.world.fps, 0.0, len(self.capsule_positions) - 1.0001))
        return int(f), f - int(f)

    def _move_people(self, time: float) -> None:
        """Place every person's capsules where the performance has them at `time`."""
        if not self.world.characters:
            return
        k, w = self._frame_at(time)
        position, quaternion = self.capsule_positions, self.capsule_quaternions
        self.data.mocap_pos[:] = position[k] + (position[k + 1] - position[k]) * w
        q = quaternion[k] + (quaternion[k + 1] - quaternion[k]) * w  # consecutive frames: nlerp is slerp
        self.data.mocap_quat[:] = q / np.linalg.norm(q, axis=1, keepdims=True)

    def _capsule_velocity(self, body: int, points: np.ndarray) -> np.ndarray:
        """Velocity of points carried by a person's capsule (a mocap body), from its motion over this frame."""
        capsule = self.model.body_mocapid[body]
        k, _ = self._frame_at(self.data.time)
        rotation, position = self.capsule_rotations[:, capsule], self.capsule_positions[:, capsule]
        local = (points - position[k]) @ rotation[k]  # in the capsule's frame at frame k
        later = local @ rotation[k + 1].T + position[k + 1]
        return (later - points) * self.world.fps

    # -- stepping --------------------------------------------------------------------------------
    def _restitution_of(self, contact) -> float:
        return pair_restitution(self.owners[contact.geom1][2], self.owners[contact.geom2][2])

    def _step(self) -> None:
        """One physics step. New contacts send it back to its start to resolve their impacts; resolving
        them may close further contacts within the step (a Newton's cradle), so this repeats."""
        m, d = self.model, self.data
        mujoco.mj_getState(m, d, self.pre_state, self.state_spec)
        pre_qvel = d.qvel.copy()
        t_pre = d.time
        self.friction.update(m, d)
        mujoco.mj_step(m, d)
        keys, touching = self._touching()
        for _ in range(RESOLVE_ROUNDS):
            is_new = touching & (self.last_seen[keys] < self.steps - self.reopen_steps)
            if not is_new.any():
                break
            self.last_seen[keys[is_new]] = self.steps
            if not self._impacts(np.flatnonzero(is_new), pre_qvel, t_pre):
                break
            pre_qvel = self.pre_qvel
            keys, touching = self._touching()
        self.last_seen[keys[touching]] = self.steps
        self.sampler.accumulate(d, keys, touching, self.dt)
        if self.world.characters and self.person_geom[d.contact.geom[: d.ncon]].any():
            self.energy_budget = max(self.energy_budget, self._energy())  # people put energy in
        if not self.known[keys[touching]].all():
            self.sampler.remember(m, d, keys, touching & ~self.known[keys])
            self.known[keys[touching]] = True
        self.steps += 1

    def _touching(self) -> tuple[np.ndarray, np.ndarray]:
        """Pair id of every contact, and which contacts actually touch (penetrate)."""
        if self.data.ncon == 0:
            return _NO_KEYS, _NO_TOUCH
        return contact_keys(self.model, self.data), self.data.contact.dist[: self.data.ncon] < 0

    def _impacts(self, new: np.ndarray, pre_qvel: np.ndarray, t_pre: float) -> bool:
        """New contacts appeared during the last step (their geometry is that of the step's start).
        Returns whether the step was taken again."""
        m, d = self.model, self.data
        hits = []
        for pair in merged_contacts(m, d, new, self.kinematic):
            row = normal_row(m, d, pair)
            speed = -normal_speed(pair, row, pre_qvel)
            if speed >= IMPACT_MIN_SPEED:
                hits.append((pair, row, speed))
        if not hits:
            return False
        # Rewind the step and resolve the impacts at its start, then take the step again. Kinematics,
        # contacts and the factored mass matrix in `d` still describe the step's start, as mj_step left them.
        mujoco.mj_setState(m, d, self.pre_state, self.state_spec)
        touched: set[int] = set()
        speeds = {pair.key: speed for pair, _, speed in hits}
        for pair, approach, impulse in resolve_together(m, d, [(pair, row) for pair, row, _ in hits],
                                                        self._restitution_of):
            if approach > 0:
                self.impacts.append(ResolvedImpact(pair, self._contact_time(t_pre, pair.depth, speeds[pair.key]),
                                                   approach, impulse))
                touched |= {pair.body1, pair.body2}
        self.impacts += propagate(m, d, touched - {0}, self._restitution_of, t_pre, self.kinematic)
        self.restitution_steps += 1
        mujoco.mj_getState(m, d, self.pre_state, self.state_spec)  # the corrected start of the step
        self.pre_qvel = d.qvel.copy()
        mujoco.mj_step(m, d)
        return True

    def _contact_time(self, t_pre: float, depth: float, speed: float) -> float:
        """When the surfaces touched, from how deep they were at the step's start and how fast they closed."""
        return max(t_pre - self.dt, t_pre - depth / max(speed, 1e-9))

    # -- recording -------------------------------------------------------------------------------
    def _record(self, frame: int, positions, orientations, visible) -> None:
        d = self.data
        mujoco.mj_kinematics(self.model, d)
        live = ~self.removed
        quat = np.zeros(4)
        for e in np.flatnonzero(live):
            if self.compound[e]:
                entity = self.world.entities[e]
                body = self.entity_body[e]
                if body == 0:  # fixed compound: the world body does not carry it
                    positions[frame, e], quat[:] = entity.position, entity.orientation
                else:
                    positions[frame, e], quat[:] = d.xpos[body], d.xquat[body]
            else:
                positions[frame, e] = d.geom_xpos[self.entity_geom[e]]
                mujoco.mju_mat2Quat(quat, d.geom_xmat[self.entity_geom[e]])
            orientations[frame, e] = quat if quat[0] >= 0 else -quat
        positions[frame, ~live] = positions[frame - 1, ~live]
        orientations[frame, ~live] = orientations[frame - 1, ~live]
        visible[frame] = live

    def _check_stable(self) -> None:
        d = self.data
        if not (np.isfinite(d.qpos).all() and np.isfinite(d.qvel).all()):
            raise SimulationError(f"the simulation diverged (NaN) at t = {d.time:.3f} s; nothing was written")
        energy = self._energy()
        limit = self.energy_budget + max(ENERGY_SLACK, 0.25 * abs(self.energy_budget))
        if energy > limit:
            raise SimulationError(
                f"energy grew from {self.energy_budget:.3g} J to {energy:.3g} J by t = {d.time:.3f} s "
                "(the simulation is unstable); nothing was written")

    def run(self, progress: Progress | None) -> Timeline:
        started = time.perf_counter()
        world = self.world
        frames, count = world.frame_count, len(world.entities)
        positions = np.zeros((frames, count, 3))
        orientations = np.zeros((frames, count, 4))
        visible = np.ones((frames, count), dtype=bool)
        self._initial_state()
        self._record(0, positions, orientations, visible)
        for frame in range(1, frames):
            for _ in range(self.substeps):
                self._apply_due_actions()
                if self.world.throws:
                    self._carry()
                self._move_people(self.data.time)
                self._step()
                if self.waking:
                    self.data.xfrc_applied[self.waking] = 0.0
                    self.waking.clear()
                if self.steps % self.sample_every == 0:
                    recent = np.flatnonzero(self.last_seen > self.steps - 1 - self.sample_every)
                    absent = recent[self.last_seen[recent] < self.steps - 1]
                    self.sampler.sample(self.model, self.data, self.data.time - self.dt, absent)
            self._record(frame, positions, orientations, visible)
            self._check_stable()
            if progress:
                progress(frame + 1, frames)
        segments, changes = self.sampler.segments(self._names)
        catches = [Handoff("catch", round(t, 9), world.characters[p].name, world.entities[e].name,
                             tuple(round(float(x), 6) for x in where)) for t, e, p, where in self.possession.catches]
        events = sorted([self._impact_event(i) for i in self.impacts] + changes + self._footsteps()
                        + self.hand_events + catches,
                        key=lambda e: (e.time, e.type, getattr(e, "body_a", ""), getattr(e, "body_b", "")))
        stats = {"steps": self.steps, "timestep": self.dt, "restitution_steps": self.restitution_steps,
                 "wall_time": time.perf_counter() - started}
        return Timeline(fps=world.fps, entity_names=tuple(e.name for e in world.entities), positions=positions,
                        orientations=orientations, visible=visible, events=tuple(events),
                        segments=tuple(segments), stats=stats, performances=self.performances)

    def _footsteps(self) -> list[Footstep]:
        surface = self.world.entities[0].material.name  # the floor is the world's first entity
        return [Footstep(time=round(t, 9), person=c.name, foot=foot, surface=surface,
                         position=tuple(round(float(x), 6) for x in where), speed=round(float(speed), 6))
                for c, p in zip(self.world.characters, self.performances, strict=True)
                for t, foot, where, speed in landings(Rig(c.body), p.skin.astype(float), self.world.fps)]

    def _names(self, key: int) -> tuple[str, str, str, str]:
        (a, material_a, _), (b, material_b, _) = (self.owners[g] for g in divmod(key, self.model.ngeom))
        return a, b, material_a.name, material_b.name

    def _impact_event(self, impact: ResolvedImpact) -> Impact:
        c = impact.contact
        (a, material_a, _), (b, material_b, _) = self.owners[c.geom1], self.owners[c.geom2]
        return Impact(time=round(impact.time, 9), body_a=a, body_b=b, material_a=material_a.name,
                      material_b=material_b.name, position=tuple(round(float(p), 6) for p in c.point),
                      normal=tuple(round(float(n), 6) for n in c.normal), impulse=round(impact.impulse, 9),
                      speed=round(impact.speed, 6))


__all__ = ["Simulation", "compile_world", "simulate"]
