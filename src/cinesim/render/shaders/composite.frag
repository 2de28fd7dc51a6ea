#version 330
// HDR composite: sky behind everything, direct + ambient x AO, aerial perspective, exposure,
// ACES filmic tone mapping, sRGB encoding and a fixed dither. Alpha carries luma for FXAA.
#include "common.glsl"
uniform sampler2D direct_light;
uniform sampler2D ambient_light;
uniform sampler2D ambient_occlusion;   // blurred, half resolution
uniform vec2 viewport;
uniform float focal_px;
uniform mat3 camera_to_world;
uniform float exposure;
uniform float fog_density;
in vec2 v_uv;
out vec4 out_color;

vec3 aces(vec3 x) {   // Narkowicz's fit of the ACES reference rendering transform
    return clamp((x * (2.51 * x + 0.03)) / (x * (2.43 * x + 0.59) + 0.14), 0.0, 1.0);
}

void main() {
    vec3 dir = normalize(camera_to_world * vec3((v_uv * viewport - 0.5 * viewport) / focal_px, -1.0));
    vec4 direct = texture(direct_light, v_uv);   // alpha: distance to the camera, 0 for sky
    float distance = direct.a;
    vec3 hdr;
    if (distance <= 0.0) {
        hdr = sky_radiance(dir);
    } else {
        hdr = direct.rgb + texture(ambient_light, v_uv).rgb * texture(ambient_occlusion, v_uv).r;
        float haze = 1.0 - exp(-distance * fog_density);
        hdr = mix(hdr, sky_radiance(normalize(vec3(dir.xy, max(dir.z, 0.02)))), haze);
    }
    vec2 centred = v_uv - 0.5;
    hdr *= 1.0 - 0.35 * dot(centred, centred);   // gentle lens vignette
    vec3 ldr = srgb_encode(aces(hdr * exposure));
    ivec2 p = ivec2(gl_FragCoord.xy) & 3;
    float bayer = float((p.x * 2 + p.y * 3 + (p.x & p.y) * 5) & 15) / 16.0 - 0.5;   // static: no flicker
    ldr += bayer / 255.0;
    out_color = vec4(ldr, dot(ldr, vec3(0.299, 0.587, 0.114)));
}
