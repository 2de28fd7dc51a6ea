#version 330
#include "shadow_coord.glsl"
uniform mat4 model;
uniform mat4 view_projection;
uniform mat4 next_model;             // this entity at the next frame (optical flow)
uniform mat4 next_view_projection;   // the camera at the next frame
in vec3 in_position;
in vec3 in_normal;
in vec2 in_uv;
out vec3 v_world;
out vec3 v_normal;
out vec3 v_local;
out vec3 v_local_normal;
out vec2 v_uv;
out vec4 v_clip;
out vec4 v_next_clip;
out vec3 v_shadow;
void main() {
    vec4 world = model * vec4(in_position, 1.0);
    v_world = world.xyz;
    v_normal = mat3(model) * in_normal;
    v_shadow = shadow_coord(v_world, v_normal);
    v_local = in_position;
    v_local_normal = in_normal;
    v_uv = in_uv;
    v_clip = view_projection * world;
    v_next_clip = next_view_projection * (next_model * vec4(in_position, 1.0));
    gl_Position = v_clip;
}
