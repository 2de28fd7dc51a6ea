"""The frame renderer: OpenGL 3.3 through moderngl on a headless EGL context (Mesa llvmpipe on a CPU,
any GPU driver elsewhere), with cinesim's own passes:

shadow map (sun) -> scene (PBR, patterns, filtered shadows, sky and ground light, aerial perspective,
ACES filmic tone mapping, sRGB; the sky fills what no surface covers; the floor away from the casters'
shadows skips the shadow filter, see sunlit.py; also view normal + distance, and on request flow and ids)
-> SSAO + blur (half resolution) -> finish (FXAA around outlines, see outlines.py; AO on the ambient share,
dither).

On llvmpipe every full-screen pass costs 1-3 ms before its shader does anything, a bilinear read ~1.4 ms
more and a whole-pixel read ~0.4 ms, and a shader pays for the reads on both sides of its branches: passes
are few and read little, and what a pixel can skip is skipped by drawing it with another program or by
failing the depth test (docs/architecture.md, "What llvmpipe charges for").
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import moderngl
import numpy as np

from cinesim.errors import CinesimError
from cinesim.people.lod import level_for as people_level_for
from cinesim.render.camera import CameraState
from cinesim.render.lighting import Lighting, lighting_for
from cinesim.render.looks import LOCAL_PLANAR, MESH_UV, look_for, uv_mode
from cinesim.render.meshes import LEVELS, level_for, mesh_for
from cinesim.render.outlines import (
    BOX_EDGES,
    MARGIN_PX,
    WHOLE_SCREEN,
    box_corners,
    edge_bands,
    point_rects,
    quad_vertices,
)
from cinesim.render.people import CLOTH_REPEAT, PERSON_FORMAT, SHADOW_FORMAT, person_meshes
from cinesim.render.sunlit import footprints, patch_vertices, shade_patches, skin_reach
from cinesim.render.textures import LAYERS, texture_layers
from cinesim.timeline import Timeline
from cinesim.world.model import Shape, World

SHADOW_SIZE = 1024  # a 2048 map costs 11 ms more a frame on llvmpipe (cache misses), for sharper penumbrae
STRING_RADIUS = 0.0008  # m: the cord a hinged prop hangs from
STRING_COLOR = (0.02, 0.02, 0.02)
SSAO_RADIUS = 0.05  # SSAO's hemisphere, as a share of the distance (so 5 % of the focal length on screen)
BLUR_REACH_PX = 4.0  # the AO blur's taps, in full-resolution pixels
SSAO_SAMPLES = 8  # 12 looked the same after the blur (no pixel off by more than 5/255) and cost 1.7 ms more
PERSON_HEIGHT = 1.7  # m: for a person's level of detail, from their distance
NOTHING_OCCLUDES = (1.0, 0.0, 0.0, 0.0)  # AO away from everything's outline by SSAO's reach (no distance: the
# blur leaves such taps out)


@dataclass(frozen=True)
class Frame:
    """One rendered frame: the picture, and on request the annotation buffers (same size)."""

    rgb: np.ndarray  # (h, w, 3) uint8, sRGB
    depth: np.ndarray | None = None  # (h, w) float32, metres from the camera centre along each pixel's ray
    segmentation: np.ndarray | None = None  # (h, w) uint16, 0 = background, k = k-th prop
    flow: np.ndarray | None = None  # (h, w, 2) float32, forward optical flow in pixels (x right, y down)


@cache
def _source(name: str) -> str:
    text = files("cinesim.render").joinpath("shaders").joinpath(name).read_text()
    return re.sub(r'#include "([^"]+)"', lambda m: _source(m.group(1)), text)


def _shader(name: str, *defines: str) -> str:
    """A shader's source with `#define`s (name, or name and value) after its version line."""
    return _source(name).replace("#version 330\n", "#version 330\n" + "".join(f"#define {d}\n" for d in defines), 1)


def create_context() -> moderngl.Context:
    # llvmpipe's default thread count can exceed the cores this process may use (measured: 110 ms per
    # frame by default against 73 ms with one thread per usable core).
    os.environ.setdefault("LP_NUM_THREADS", str(len(os.sched_getaffinity(0))))
    try:
        return moderngl.create_context(standalone=True, backend="egl")
    except Exception as exc:
        raise CinesimError(f"cannot open a headless OpenGL 3.3 context through EGL ({exc}); on Debian install "
                           "libegl1 libegl-mesa0 libgl1-mesa-dri (make demo does)") from None


def model_matrix(position: np.ndarray, quaternion: np.ndarray) -> np.ndarray:
    w, x, y, z = quaternion
    m = np.eye(4)
    m[:3, :3] = [[1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
                 [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
                 [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)]]
    m[:3, 3] = position
    return m


def _set(program: moderngl.Program, name: str, value) -> None:
    """Set a uniform if the shader uses it (the compiler drops unused ones, e.g. flow without annotations)."""
    uniform = program.get(name, None)  # a dict lookup: `name in program` scans every member
    if uniform is None:
        return
    if isinstance(value, bytes):
        uniform.write(value)
    else:
        uniform.value = value


def _layout(program: moderngl.Program, vbo: moderngl.Buffer) -> tuple:
    """Bind the interleaved position/normal/uv buffer to the attributes the program actually uses."""
    formats, names = [], []
    for name, fmt, skip in (("in_position", "3f", "12x"), ("in_normal", "3f", "12x"), ("in_uv", "2f", "8x")):
        used = name in program
        formats.append(fmt if used else skip)
        names += [name] if used else []
    return (vbo, " ".join(formats), *names)


def _mat(m: np.ndarray) -> bytes:
    return np.ascontiguousarray(m.T, dtype="f4").tobytes()  # GLSL matrices are column-major


def _ssao_kernel(count: int) -> np.ndarray:
    """A fixed hemisphere kernel, denser near the centre (deterministic: no run-to-run noise)."""
    i = np.arange(count) + 0.5
    phi = i * 2.399963
    cos_theta = 1 - i / count
    sin_theta = np.sqrt(1 - cos_theta**2)
    scale = 0.15 + 0.85 * (i / count) ** 2
    return np.stack([np.cos(phi) * sin_theta, np.sin(phi) * sin_theta, cos_theta], 1) * scale[:, None]


class Renderer:
    """Owns the GL resources for one world at one resolution; `render` turns poses + camera into a Frame."""

    def __init__(self, world: World, timeline: Timeline, resolution: tuple[int, int], annotations: bool = False,
                 profile: bool = False):
        self.world = world
        self.width, self.height = resolution
        self.annotations = annotations
        self.profile = profile
        self.timings: dict[str, float] = {}  # seconds per pass, summed over frames (when profiling)
        self.people: Sequence[tuple[np.ndarray, np.ndarray]] = ()  # this frame's bone matrices, per character
        self.lighting = lighting_for(world)
        # Segmentation ids: props count from 1 in screenplay order; the set (floor, walls) is background 0.
        props = np.cumsum([not e.environment for e in world.entities])
        self.prop_ids = np.where([e.environment for e in world.entities], 0, props)
        self.ctx = ctx = create_context()
        extra = ("ANNOTATIONS",) if annotations else ()
        self.scene = ctx.program(vertex_shader=_source("scene.vert"), fragment_shader=_shader("scene.frag", *extra))
        # the same without the shadow map's taps, for the floor where no shadow can fall (sunlit.py)
        self.scene_lit = ctx.program(vertex_shader=_source("scene.vert"),
                                     fragment_shader=_shader("scene.frag", *extra, "SUNLIT"))
        self.shadow = ctx.program(vertex_shader=_source("shadow.vert"), fragment_shader=_source("shadow.frag"))
        fullscreen = _source("fullscreen.vert")
        self.sky = ctx.program(vertex_shader=fullscreen, fragment_shader=_shader("sky.frag", *extra))
        ssao = (f"SAMPLES {SSAO_SAMPLES}", f"RADIUS {SSAO_RADIUS}")
        self.ssao = ctx.program(vertex_shader=fullscreen, fragment_shader=_shader("ssao.frag", *ssao))
        self.blur = ctx.program(vertex_shader=fullscreen, fragment_shader=_source("blur.frag"))
        self.finish = ctx.program(vertex_shader=fullscreen, fragment_shader=_source("finish.frag"))
        # the same without anti-aliasing, for the screen away from outlines (outlines.py)
        self.finish_plain = ctx.program(vertex_shader=fullscreen, fragment_shader=_shader("finish.frag", "PLAIN"))
        self.mark = ctx.program(vertex_shader=_source("mark.vert"), fragment_shader=_source("mark.frag"))
        self.passes = {name: ctx.vertex_array(getattr(self, name), [])
                       for name in ("sky", "ssao", "blur", "finish", "finish_plain")}
        self.person_ids = [float(props.max(initial=0) + 1 + i) for i in range(len(world.characters))]
        if world.characters:
            self.skinned = ctx.program(vertex_shader=_shader("skinned.vert", *extra),
                                       fragment_shader=_shader("scene.frag", *extra, "SKINNED"))
            self.skinned_shadow = ctx.program(vertex_shader=_source("skinned_shadow.vert"),
                                              fragment_shader=_source("shadow.frag"))
        self._build_meshes()
        self._build_targets()
        self._bind_constants(prop_bounds(world, timeline))
        self.surfaces = [self._surface(i) for i in range(len(world.entities))]

    # -- setup -----------------------------------------------------------------------------------
    def _build_meshes(self) -> None:
        string = mesh_for(Shape("cylinder", radius=1.0, half_length=0.5), level=0)
        vbo = self.ctx.buffer(string.interleaved().tobytes())
        ibo = self.ctx.buffer(string.indices.astype("u4").tobytes())
        self.string_vaos = (self.ctx.vertex_array(self.scene, [_layout(self.scene, vbo)], ibo),
                            self.ctx.vertex_array(self.shadow, [_layout(self.shadow, vbo)], ibo))
        cache: dict = {}
        self.entity_vaos = []  # per entity, per level of detail: (scene VAO, shadow VAO)
        for entity in self.world.entities:
            round_shape = entity.shape.turned
            levels = range(len(LEVELS)) if round_shape else [len(LEVELS) - 1]
            for level in levels:
                if (entity.shape, level) not in cache:
                    mesh = mesh_for(entity.shape, level)
                    vbo = self.ctx.buffer(mesh.interleaved().tobytes())
                    ibo = self.ctx.buffer(mesh.indices.astype("u4").tobytes())
                    cache[entity.shape, level] = (self.ctx.vertex_array(self.scene, [_layout(self.scene, vbo)], ibo),
                                                  self.ctx.vertex_array(self.shadow, [_layout(self.shadow, vbo)], ibo))
            self.entity_vaos.append([cache[entity.shape, level] for level in levels])
        self.radii = np.array([e.shape.bounding_radius for e in self.world.entities])
        self.bounds = np.array([e.shape.bounds for e in self.world.entities]).reshape(-1, 2, 3)
        self.floors = {}  # per plane of the set: its VAO for the shader without the shadow taps (sunlit.py)
        for i, entity in enumerate(self.world.entities):
            if entity.environment and entity.shape.kind == "plane":
                mesh = mesh_for(entity.shape, len(LEVELS) - 1)
                vbo = self.ctx.buffer(mesh.interleaved().tobytes())
                ibo = self.ctx.buffer(mesh.indices.astype("u4").tobytes())
                self.floors[i] = self.ctx.vertex_array(self.scene_lit, [_layout(self.scene_lit, vbo)], ibo)
        entities = self.world.entities
        casters = sum(not e.environment for e in entities) + sum(e.motion == "hinge" for e in entities) + len(
            self.world.characters)  # props, their cords, people
        self.patch_vbo = self.ctx.buffer(reserve=max(casters, 1) * 6 * 8 * 4)  # six vertices of eight floats each
        self.patch_vao = self.ctx.vertex_array(self.scene, [_layout(self.scene, self.patch_vbo)])
        outlines = 2 * casters + len(BOX_EDGES) * sum(e.environment for e in entities)
        self.outline_vbo = self.ctx.buffer(reserve=outlines * 6 * 2 * 4)  # six vertices of two floats each
        self.outline_vao = self.ctx.vertex_array(self.mark, [(self.outline_vbo, "2f", "in_position")])
        self.occluder_vbo = self.ctx.buffer(reserve=outlines * 6 * 2 * 4)  # the same regions, for SSAO
        self.occluder_vao = self.ctx.vertex_array(self.mark, [(self.occluder_vbo, "2f", "in_position")])
        self.person_reach = [skin_reach(c.body.vertices, c.body.heads) for c in self.world.characters]
        self.person_vaos = []  # per character, per level of detail: (scene VAO, shadow VAO)
        for character in self.world.characters:
            vaos = []
            for vertices, faces in person_meshes(character):
                vbo, ibo = self.ctx.buffer(vertices.tobytes()), self.ctx.buffer(faces.astype("u4").tobytes())
                vaos.append((self.ctx.vertex_array(self.skinned, [(vbo, *PERSON_FORMAT)], ibo),
                             self.ctx.vertex_array(self.skinned_shadow, [(vbo, *SHADOW_FORMAT)], ibo)))
            self.person_vaos.append(vaos)

    def _build_targets(self) -> None:
        ctx, size = self.ctx, (self.width, self.height)
        self.shadow_depth = ctx.depth_texture((SHADOW_SIZE, SHADOW_SIZE))
        self.shadow_depth.compare_func = "<="
        self.shadow_depth.filter = (moderngl.LINEAR, moderngl.LINEAR)
        self.shadow_fbo = ctx.framebuffer(depth_attachment=self.shadow_depth)
        self.color = ctx.texture(size, 4)
        self.color.filter = (moderngl.LINEAR, moderngl.LINEAR)  # FXAA reads between pixels
        self.color.repeat_x = self.color.repeat_y = False
        # Half floats are enough for SSAO (2 mm at 4 m, 3 cm at 60 m) and halve what the scene pass writes
        # (-0.6 ms a frame); the depth annotation reads the distance and keeps full precision.
        self.normal_distance = ctx.texture(size, 4, dtype="f4" if self.annotations else "f2")
        attachments = [self.color, self.normal_distance]
        if self.annotations:
            self.flow = ctx.texture(size, 4, dtype="f4")
            self.ids = ctx.texture(size, 4, dtype="f4")
            attachments += [self.flow, self.ids]
        self.scene_fbo = ctx.framebuffer(color_attachments=attachments, depth_attachment=ctx.depth_renderbuffer(size))
        self.ao = ctx.texture((self.width // 2, self.height // 2), 2, dtype="f2")  # half resolution
        half_depth = ctx.depth_renderbuffer(self.ao.size)  # where SSAO runs, marked for both its passes
        self.ao_fbo = ctx.framebuffer(color_attachments=[self.ao], depth_attachment=half_depth)
        self.ao_blurred = ctx.texture(self.ao.size, 1, dtype="f2")
        self.ao_blurred.filter = (moderngl.LINEAR, moderngl.LINEAR)
        self.ao_blurred.repeat_x = self.ao_blurred.repeat_y = False
        self.blur_fbo = ctx.framebuffer(color_attachments=[self.ao_blurred], depth_attachment=half_depth)
        self.final_fbo = ctx.framebuffer(color_attachments=[ctx.renderbuffer(size, 4)],
                                         depth_attachment=ctx.depth_renderbuffer(size))  # outlines marked
        for texture in (self.normal_distance, self.ao):
            texture.filter = (moderngl.NEAREST, moderngl.NEAREST)
            texture.repeat_x = texture.repeat_y = False
        layers = texture_layers()
        self.detail_maps = ctx.texture_array((layers.shape[2], layers.shape[1], layers.shape[0]), 4,
                                             layers.tobytes())
        self.detail_maps.build_mipmaps()
        self.detail_maps.filter = (moderngl.LINEAR_MIPMAP_LINEAR, moderngl.LINEAR)
        # (no anisotropic filtering: on llvmpipe it doubles the cost of the scene pass)

    def _bind_constants(self, shadow_bounds: tuple[np.ndarray, float]) -> None:
        light: Lighting = self.lighting
        people = (self.skinned,) if self.world.characters else ()
        for program in (self.scene, self.scene_lit, self.sky, *people):
            for name in ("sun_dir", "sun_color", "sky_zenith", "sky_horizon", "ground_color"):
                _set(program, name, tuple(float(v) for v in getattr(light, name)))
            _set(program, "exposure", light.exposure)
            _set(program, "fog_density", light.fog_density)
        centre, radius = shadow_bounds
        eye = centre + light.sun_dir * (radius + 50.0)
        view = _look_at(eye, centre)
        near, far = 1.0, 2 * radius + 100.0
        ortho = np.diag([1 / radius, 1 / radius, -2 / (far - near), 1.0])
        ortho[2, 3] = -(far + near) / (far - near)
        self.light_vp = ortho @ view
        for program in (self.scene, self.shadow, *people, *((self.skinned_shadow,) if people else ())):
            _set(program, "light_vp", _mat(self.light_vp))
        for program in (self.scene, self.scene_lit, *people):
            _set(program, "shadow_texel", 2 * radius / SHADOW_SIZE)
            _set(program, "shadow_map", 0)
            _set(program, "detail_maps", 1)
        for program in people:
            for name, value in {"uv_mode": LOCAL_PLANAR, "uv_scale": CLOTH_REPEAT, "metalness": 0.0,
                                "detail_layer": LAYERS.index("plain"), "cloth_layer": LAYERS.index("cloth")}.items():
                _set(program, name, value)
        viewport = (float(self.width), float(self.height))
        for program in (self.scene, self.scene_lit, self.sky, self.ssao, self.finish, self.finish_plain, *people):
            _set(program, "viewport", viewport)
        _set(self.ssao, "kernel", _ssao_kernel(SSAO_SAMPLES).astype("f4").tobytes())
        _set(self.ssao, "normal_distance", 0)
        _set(self.blur, "ao_distance", 0)
        _set(self.blur, "ao_viewport", (float(self.ao.width), float(self.ao.height)))
        for program in (self.finish, self.finish_plain):
            _set(program, "image", 0)
            _set(program, "ambient_occlusion", 1)

    # -- per frame -------------------------------------------------------------------------------
    def render(self, positions: np.ndarray, orientations: np.ndarray, visible: np.ndarray, camera: CameraState,
               next_positions: np.ndarray | None = None, next_orientations: np.ndarray | None = None,
               next_camera: CameraState | None = None, people: Sequence[tuple[np.ndarray, np.ndarray]] = ()) -> Frame:
        """Draw the entities at the given poses (and, for optical flow, where they are one frame later), and
        each character posed by its (B, 3, 4) bone matrices, now and one frame later."""
        self.people = people
        self.shadow_regions: list[np.ndarray] | None = []  # world quads (M, 4, 3) of floor a shadow can reach
        models = [model_matrix(p, q) for p, q in zip(positions, orientations, strict=True)]
        next_models = models if next_positions is None else [
            model_matrix(p, q) for p, q in zip(next_positions, next_orientations, strict=True)]
        strings = self._strings(positions, visible)
        next_strings = strings if next_positions is None else self._strings(next_positions, visible)
        self.vaos = [self._detail(i, positions[i], camera) for i in range(len(self.world.entities))]
        self.ctx.enable(moderngl.DEPTH_TEST)
        self.ctx.depth_func = "<="  # the sky, at the far plane, fills what the cleared depth still holds
        with self._pass("shadow"):
            self._shadow_pass(models, strings, visible)
        with self._pass("scene"):
            parts = self._part_corners(strings)  # cords and people, once a frame for all that bounds them
            casters = self._casters(models, positions, visible, parts) if self.floors else None
            self._scene_pass(models, next_models, strings, next_strings, visible, camera, next_camera or camera,
                             casters)
        self.ctx.disable(moderngl.DEPTH_TEST)
        with self._pass("ssao"):
            outline = self._outline_points(models, visible, parts)
            self._ssao_pass(outline, camera)
        with self._pass("finish"):
            self._finish_pass(outline, camera)
        with self._pass("readback"):
            rgb = self._read(self.final_fbo, 3, "f1")
            if not self.annotations:
                return Frame(rgb)
            distance = self._read_texture(self.normal_distance, 4)[..., 3]
            ids = self._read_texture(self.ids, 4)[..., 0]
            flow = self._read_texture(self.flow, 4)[..., :2]
        return Frame(rgb, depth=distance.astype("f4"), segmentation=np.rint(ids).astype("u2"),
                     flow=flow.astype("f4"))

    def _finish_pass(self, outline: tuple[np.ndarray, np.ndarray, np.ndarray], camera: CameraState) -> None:
        """FXAA where outlines and shadows are, the plain shader elsewhere (outlines.py)."""
        self.color.use(0)
        self.ao_blurred.use(1)
        if self.shadow_regions is None:  # a shadow can be anywhere
            vertices = quad_vertices(WHOLE_SCREEN, np.zeros((0, 4, 2)))
        else:
            rects, bands = self._outline_regions(outline, camera, MARGIN_PX)
            shadows = point_rects(np.concatenate(self.shadow_regions or [np.zeros((0, 4, 3))]),
                                  camera.projection @ camera.view, (self.width, self.height))
            vertices = quad_vertices(np.concatenate([rects, shadows]), bands)
        self._marked(self.final_fbo, self.outline_vbo, self.outline_vao, vertices, self.passes["finish"],
                     self.passes["finish_plain"])

    def _marked(self, fbo: moderngl.Framebuffer, vbo: moderngl.Buffer | None, marks: moderngl.VertexArray | None,
                vertices: np.ndarray | None, inside: moderngl.VertexArray,
                outside: moderngl.VertexArray | tuple[float, ...]) -> None:
        """Draw a full-screen pass by two programs: `inside` the regions marked (depth 0) by the triangles
        `vertices`, `outside` elsewhere (or, if `outside` is a colour, clear to it first: cheaper than a
        pass). Both triangles sit at depth 1; llvmpipe does not shade the blocks that fail. Without
        `vertices` the marks already in the depth buffer are used again."""
        ctx = self.ctx
        ctx.enable(moderngl.DEPTH_TEST)
        if vertices is not None:
            vbo.write(vertices.tobytes())
            fbo.color_mask = (False, False, False, False)
            fbo.use()
            fbo.clear(depth=1.0)  # the colour is all drawn below
            ctx.depth_func = "<"
            marks.render(moderngl.TRIANGLES, vertices=len(vertices))
            fbo.color_mask = (True, True, True, True)
        fbo.depth_mask = False
        fbo.use()
        if isinstance(outside, tuple):
            fbo.clear(*outside)  # the depth mask keeps the marks
        ctx.depth_func = ">"
        inside.render(moderngl.TRIANGLES, vertices=3)
        if not isinstance(outside, tuple):
            ctx.depth_func = "<="
            outside.render(moderngl.TRIANGLES, vertices=3)
        fbo.depth_mask = True
        ctx.disable(moderngl.DEPTH_TEST)

    def _outline_points(self, models: list[np.ndarray], visible: np.ndarray,
                        parts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """This frame's outlines in the world: the corners (K, 8, 3) of boxes round props, set pieces, cords
        and people (`parts`), and the floor's edges (starts, ends). Floors are outlined by their edges, the
        rest by its bounds (walls too: shadows fall on them)."""
        floors = [i for i in self.floors if visible[i]]
        things = [i for i, e in enumerate(self.world.entities) if visible[i] and i not in self.floors]
        corners = self._corners(models, floors)
        starts, ends = corners[:, BOX_EDGES[:, 0]].reshape(-1, 3), corners[:, BOX_EDGES[:, 1]].reshape(-1, 3)
        return np.concatenate([self._corners(models, things), parts]), starts, ends

    def _outline_regions(self, outline: tuple[np.ndarray, np.ndarray, np.ndarray], camera: CameraState,
                         margin_px: float) -> tuple[np.ndarray, np.ndarray]:
        """Screen rectangles round the outlines' boxes and bands along the floor's edges, grown by
        `margin_px` (outlines.py)."""
        things, starts, ends = outline
        view_projection = camera.projection @ camera.view
        size = (self.width, self.height)
        return (point_rects(things, view_projection, size, margin_px),
                edge_bands(starts, ends, view_projection, size, margin_px))

    def _shadow_pass(self, models, strings, visible) -> None:
        """Sun depth map of the props only (walls and ceiling would shade the whole set)."""
        self.shadow_fbo.use()
        self.shadow_fbo.clear(depth=1.0)
        for i, entity in enumerate(self.world.entities):
            if visible[i] and not entity.environment:
                _set(self.shadow, "model", _mat(models[i]))
                self.vaos[i][1].render()
        for matrix in strings.values():
            _set(self.shadow, "model", _mat(matrix))
            self.string_vaos[1].render()
        for (bones, _), vaos in zip(self.people, self.person_vaos, strict=True):
            _set(self.skinned_shadow, "bones", np.ascontiguousarray(bones, dtype="f4").tobytes())
            vaos[-1][1].render()  # the coarsest level: its shadow matches the finest at a ~1 cm texel

    def _scene_pass(self, models, next_models, strings, next_strings, visible, camera: CameraState,
                    next_camera: CameraState, casters: np.ndarray | None) -> None:
        self.scene_fbo.use()
        self.scene_fbo.clear(0.0, 0.0, 0.0, 0.0, depth=1.0)
        for program in (self.scene, self.scene_lit):
            _set(program, "view_projection", _mat(camera.projection @ camera.view))
            _set(program, "next_view_projection", _mat(next_camera.projection @ next_camera.view))
            _set(program, "view", _mat(camera.view))
            _set(program, "camera_pos", tuple(float(c) for c in camera.position))
        self.shadow_depth.use(0)
        self.detail_maps.use(1)
        self._draw_people(camera, next_camera)
        # Props first, the set last: the set's pixels hidden behind props fail the depth test early.
        order = sorted(range(len(self.world.entities)), key=lambda i: self.world.entities[i].environment)
        for i in order:
            if not visible[i]:
                continue
            if i in self.floors:
                self._draw_floor(i, models[i], casters)
            else:
                self._draw_entity(i, models[i], next_models[i])
        for i, matrix in strings.items():  # hinged props hang on a fine dark cord from their anchor
            for name, value in {"base_color": STRING_COLOR, "roughness": 0.6, "metalness": 0.0,
                                "uv_mode": MESH_UV, "uv_scale": 1.0, "detail_layer": 0}.items():
                _set(self.scene, name, value)
            _set(self.scene, "model", _mat(matrix))
            _set(self.scene, "next_model", _mat(next_strings[i]))
            self.string_vaos[0].render()
        _set(self.sky, "focal_px", camera.focal_px)
        _set(self.sky, "camera_to_world", np.ascontiguousarray(camera.axes, dtype="f4").tobytes())
        self.passes["sky"].render(moderngl.TRIANGLES, vertices=3)

    def _draw_people(self, camera: CameraState, next_camera: CameraState) -> None:
        if not self.people:
            return
        program = self.skinned
        _set(program, "view_projection", _mat(camera.projection @ camera.view))
        _set(program, "next_view_projection", _mat(next_camera.projection @ next_camera.view))
        _set(program, "view", _mat(camera.view))
        _set(program, "camera_pos", tuple(float(c) for c in camera.position))
        for k, ((bones, next_bones), vaos) in enumerate(zip(self.people, self.person_vaos, strict=True)):
            _set(program, "bones", np.ascontiguousarray(bones, dtype="f4").tobytes())
            _set(program, "next_bones", np.ascontiguousarray(next_bones, dtype="f4").tobytes())
            _set(program, "entity_id", self.person_ids[k])
            pelvis = bones[0, :, :3] @ self.world.characters[k].body.heads[0] + bones[0, :, 3]
            distance = max(float(np.linalg.norm(pelvis - camera.position)), 1e-3)
            vaos[people_level_for(camera.focal_px * PERSON_HEIGHT / distance)][0].render()

    def _surface(self, index: int) -> dict:
        """An entity's material uniforms (constant over the film: worked out once)."""
        entity = self.world.entities[index]
        look, mode = look_for(entity), uv_mode(entity)
        return {
            "base_color": tuple(float(c) for c in entity.color),
            "roughness": float(entity.material.roughness), "metalness": float(entity.material.metalness),
            "uv_mode": mode, "uv_scale": look.mesh_repeats if mode == MESH_UV else 1.0 / look.tile,
            "detail_layer": look.layer, "entity_id": float(self.prop_ids[index]),
        }

    def _draw_entity(self, index: int, model: np.ndarray, next_model: np.ndarray) -> None:
        self._bind_surface(self.scene, index, model, next_model)
        self.vaos[index][0].render()

    def _bind_surface(self, program: moderngl.Program, index: int, model: np.ndarray, next_model: np.ndarray) -> None:
        for name, value in self.surfaces[index].items():
            _set(program, name, value)
        _set(program, "model", _mat(model))
        _set(program, "next_model", _mat(next_model))

    def _draw_floor(self, index: int, model: np.ndarray, casters: np.ndarray) -> None:
        """The floor (it does not move): first the patches a shadow can reach, by the shader with the shadow
        taps, then the rest by the one without, pushed a hair back in depth so that the patches keep their
        pixels (see sunlit.py)."""
        half_extents = self.world.entities[index].shape.half_extents[:2]
        patches = shade_patches(casters, self.light_vp, model, half_extents)
        if patches is None:
            self._draw_entity(index, model, model)
            self.shadow_regions = None  # a shadow can fall anywhere on this floor
            return
        if self.shadow_regions is not None:
            on_floor = np.concatenate([patches, np.zeros((*patches.shape[:2], 1))], axis=2)  # z = 0
            self.shadow_regions.append(on_floor @ model[:3, :3].T + model[:3, 3])
        if len(patches):
            self._bind_surface(self.scene, index, model, model)
            self.patch_vbo.write(patch_vertices(patches).tobytes())
            self.patch_vao.render(vertices=6 * len(patches))
        self._bind_surface(self.scene_lit, index, model, model)
        self.ctx.polygon_offset = (1.0, 4.0)
        self.floors[index].render()
        self.ctx.polygon_offset = (0.0, 0.0)

    def _casters(self, models: list[np.ndarray], positions: np.ndarray, visible: np.ndarray,
                 parts: np.ndarray) -> np.ndarray:
        """Footprints in the shadow map of everything the shadow pass draws this frame (sunlit.py)."""
        props = [i for i, e in enumerate(self.world.entities) if visible[i] and not e.environment]
        balls = [i for i in props if self.world.entities[i].shape.kind == "sphere"]
        others = [i for i in props if self.world.entities[i].shape.kind != "sphere"]
        corners = np.concatenate([self._corners(models, others), parts])
        return footprints(positions[balls], self.radii[balls], corners, self.light_vp, SHADOW_SIZE)

    def _corners(self, models: list[np.ndarray], indices: list[int]) -> np.ndarray:
        """Corners (K, 8, 3) of a box around each of these entities, turned with it (Shape.bounds)."""
        if not indices:
            return np.zeros((0, 8, 3))
        local = box_corners(self.bounds[indices, 0], self.bounds[indices, 1])
        frames = np.stack([models[i] for i in indices])
        return np.einsum("kij,kcj->kci", frames[:, :3, :3], local) + frames[:, None, :3, 3]

    def _part_corners(self, strings: dict[int, np.ndarray]) -> np.ndarray:
        """Corners (K, 8, 3) of boxes around each cord (from its two ends) and each person (their bone pivots
        grown by their skin's reach) this frame."""
        lo, hi = [], []
        for matrix in strings.values():
            ends = matrix[:3, 3] + np.outer([-0.5, 0.5], matrix[:3, 2])
            lo.append(ends.min(axis=0))
            hi.append(ends.max(axis=0))
        for (bones, _), character, reach in zip(self.people, self.world.characters, self.person_reach, strict=True):
            pivots = np.einsum("bij,bj->bi", bones[:, :, :3], character.body.heads) + bones[:, :, 3]
            lo.append(pivots.min(axis=0) - reach)
            hi.append(pivots.max(axis=0) + reach)
        return box_corners(np.array(lo).reshape(-1, 3), np.array(hi).reshape(-1, 3))

    def _detail(self, index: int, position: np.ndarray, camera: CameraState) -> tuple:
        """The entity's meshes at the level of detail its size on screen calls for."""
        levels = self.entity_vaos[index]
        if len(levels) == 1:
            return levels[0]
        distance = max(float(np.linalg.norm(position - camera.position)), 1e-3)
        return levels[level_for(camera.focal_px * self.world.entities[index].shape.bounding_radius / distance)]

    def _ssao_pass(self, outline: tuple[np.ndarray, np.ndarray, np.ndarray], camera: CameraState) -> None:
        """SSAO and its blur where something can occlude, AO 1 elsewhere (outlines.py)."""
        reach = SSAO_RADIUS * camera.focal_px + BLUR_REACH_PX + MARGIN_PX
        rects, bands = self._outline_regions(outline, camera, reach)
        self.normal_distance.use(0)
        _set(self.ssao, "focal_px", camera.focal_px)
        self._marked(self.ao_fbo, self.occluder_vbo, self.occluder_vao, quad_vertices(rects, bands),
                     self.passes["ssao"], NOTHING_OCCLUDES)
        self.ao.use(0)
        self._marked(self.blur_fbo, None, None, None, self.passes["blur"], NOTHING_OCCLUDES)

    @contextmanager
    def _pass(self, name: str) -> Iterator[None]:
        """Time a pass when profiling (the GL queue is drained around it, which costs a little)."""
        if not self.profile:
            yield
            return
        self.ctx.finish()
        started = time.perf_counter()
        yield
        self.ctx.finish()
        self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - started

    def _strings(self, positions: np.ndarray, visible: np.ndarray) -> dict[int, np.ndarray]:
        """Model matrices of a unit cylinder stretched from each hinged prop's anchor to its centre."""
        out = {}
        for i, entity in enumerate(self.world.entities):
            if entity.motion != "hinge" or not visible[i]:
                continue
            anchor = np.array(entity.hinge_anchor)
            span = positions[i] - anchor
            length = float(np.linalg.norm(span))
            if length < 1e-6:
                continue
            z = span / length
            x = np.cross(z, [0.0, 0.0, 1.0] if abs(z[2]) < 0.9 else [1.0, 0.0, 0.0])
            x /= np.linalg.norm(x)
            m = np.eye(4)
            m[:3, :3] = np.stack([x, np.cross(z, x), z], 1) @ np.diag([STRING_RADIUS, STRING_RADIUS, length])
            m[:3, 3] = anchor + span / 2
            out[i] = m
        return out

    def _read(self, fbo: moderngl.Framebuffer, components: int, dtype: str) -> np.ndarray:
        data = fbo.read(components=components, alignment=1, dtype=dtype)
        return np.frombuffer(data, dtype="u1" if dtype == "f1" else dtype).reshape(
            self.height, self.width, components)[::-1]

    def _read_texture(self, texture: moderngl.Texture, components: int) -> np.ndarray:
        data = texture.read(alignment=1)
        return np.frombuffer(data, dtype="f4").reshape(self.height, self.width, components)[::-1]

    def release(self) -> None:
        self.ctx.release()


def prop_bounds(world: World, timeline: Timeline) -> tuple[np.ndarray, float]:
    """A sphere holding every prop over the whole film: what the sun's shadow map must cover (fixed for the
    film, so shadows do not shimmer as things move)."""
    props = [i for i, e in enumerate(world.entities) if not e.environment]
    people = [p.root for p in timeline.performances]
    if not props and not people:
        return np.zeros(3), 1.0
    points = np.concatenate([timeline.positions[:, props].reshape(-1, 3), *people])
    lo, hi = points.min(axis=0), points.max(axis=0)
    centre = (lo + hi) / 2
    reach = max([world.entities[i].shape.bounding_radius for i in props] + [1.0] * bool(people)) + 0.1
    return centre, float(np.linalg.norm(hi - lo) / 2 + reach)


def _look_at(eye: np.ndarray, target: np.ndarray) -> np.ndarray:
    forward = target - eye
    forward /= np.linalg.norm(forward)
    up = np.array([0.0, 0.0, 1.0]) if abs(forward[2]) < 0.999 else np.array([0.0, 1.0, 0.0])
    right = np.cross(forward, up)
    right /= np.linalg.norm(right)
    axes = np.stack([right, np.cross(right, forward), -forward])
    view = np.eye(4)
    view[:3, :3] = axes
    view[:3, 3] = -axes @ eye
    return view
