#version 330
// The sky, drawn last in the scene pass at the far plane: only pixels no surface covered run this.
#include "common.glsl"
uniform float focal_px;
uniform mat3 camera_to_world;
in vec2 v_uv;
layout(location = 0) out vec4 out_color;
layout(location = 1) out vec4 out_normal_distance;
#ifdef ANNOTATIONS
layout(location = 2) out vec4 out_flow;
layout(location = 3) out vec4 out_id;
#endif

void main() {
    vec3 dir = normalize(camera_to_world * vec3((v_uv * viewport - 0.5 * viewport) / focal_px, -1.0));
    out_color = vec4(film(sky_radiance(dir)), 0.0);   // alpha: no ambient light to occlude
    out_normal_distance = vec4(0.0);                  // distance 0 marks the sky
#ifdef ANNOTATIONS
    out_flow = vec4(0.0);
    out_id = vec4(0.0);
#endif
}
