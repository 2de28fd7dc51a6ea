#version 330
// A person: linear blend skinning of the rest mesh by up to four bones (each a 3x4 matrix stored as three
// rows), this frame and the next (optical flow). The matrices already place the body in the world.
#include "skinning.glsl"
#include "shadow_coord.glsl"
uniform mat4 view_projection;
uniform mat4 next_view_projection;
in vec3 in_position;
in vec3 in_normal;
in vec3 in_color;
in vec2 in_surface;
in vec4 in_bones;
in vec4 in_weights;
out vec3 v_world;
out vec3 v_normal;
out vec3 v_local;
out vec3 v_local_normal;
out vec2 v_uv;
out vec4 v_clip;
out vec4 v_next_clip;
out vec3 v_color;
out vec2 v_surface;
out vec3 v_shadow;
void main() {
    mat4x3 pose = BLEND(bones, in_bones, in_weights);
    vec3 world = pose * vec4(in_position, 1.0);
    v_world = world;
    v_normal = mat3(pose) * in_normal;
    v_shadow = shadow_coord(world, v_normal);
    v_local = in_position;   // rest-pose coordinates: cloth texture moves with the body
    v_local_normal = in_normal;
    v_uv = vec2(0.0);
    v_color = in_color;
    v_surface = in_surface;
    v_clip = view_projection * vec4(world, 1.0);
#ifdef ANNOTATIONS
    v_next_clip = next_view_projection * vec4(BLEND(next_bones, in_bones, in_weights) * vec4(in_position, 1.0), 1.0);
#else
    v_next_clip = v_clip;
#endif
    gl_Position = v_clip;
}
