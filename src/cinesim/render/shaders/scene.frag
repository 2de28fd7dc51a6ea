#version 330
// The beauty pass: material, sun with filtered shadows, sky and ground light, aerial perspective, filmed
// to sRGB here (one full-screen pass fewer on a CPU rasteriser). Alpha keeps the share of the light that
// is ambient, which the finish pass darkens by SSAO. Also writes view normal and distance, and on request
// the optical flow and the entity id.
#include "common.glsl"

uniform vec3 base_color;
uniform float roughness;
uniform float metalness;
uniform int uv_mode;            // 0: world planar (set pieces), 1: local planar (boxes), 2: mesh UVs (round)
uniform float uv_scale;         // repeats per metre (planar) or per UV unit (mesh)
uniform float entity_id;
uniform vec3 camera_pos;
uniform mat4 view;
uniform sampler2DShadow shadow_map;
uniform sampler2DArray detail_maps;  // baked texture layers
uniform int detail_layer;

in vec3 v_world;
in vec3 v_normal;
in vec3 v_local;
in vec3 v_local_normal;
in vec2 v_uv;
in vec4 v_clip;
in vec4 v_next_clip;
in vec3 v_shadow;               // shadow-map coordinates (see shadow_coord.glsl)
#ifdef SKINNED
in vec3 v_color;
in vec2 v_surface;              // roughness, and 1 where clothes show a weave
uniform int cloth_layer;
#define BASE_COLOR v_color
#define ROUGHNESS v_surface.x
#define DETAIL_LAYER (v_surface.y > 0.5 ? cloth_layer : detail_layer)
#else
#define BASE_COLOR base_color
#define ROUGHNESS roughness
#define DETAIL_LAYER detail_layer
#endif

layout(location = 0) out vec4 out_color;
layout(location = 1) out vec4 out_normal_distance;
#ifdef ANNOTATIONS
layout(location = 2) out vec4 out_flow;
layout(location = 3) out vec4 out_id;
#endif

const float PI = 3.14159265;
const vec2 POISSON[6] = vec2[](
    vec2(-0.613, 0.617), vec2(0.170, -0.040), vec2(-0.299, -0.791), vec2(0.645, 0.493),
    vec2(-0.871, -0.125), vec2(0.791, -0.597));

struct Surface { vec3 albedo; float roughness; float metalness; };

Surface material(vec3 n_world) {
    // Baked detail (see textures.py): RGB scales the base colour, A the roughness; 128 means 1.0.
    vec2 uv;
    if (uv_mode == 2) {
        uv = v_uv * uv_scale;
    } else {
        vec3 p = uv_mode == 0 ? v_world : v_local;
        vec3 n = abs(uv_mode == 0 ? n_world : normalize(v_local_normal));
        uv = (n.z >= n.x && n.z >= n.y ? p.xy : (n.x >= n.y ? p.yz : p.xz)) * uv_scale;
    }
    vec4 detail = texture(detail_maps, vec3(uv, float(DETAIL_LAYER))) * (255.0 / 128.0);
    return Surface(BASE_COLOR * detail.rgb, clamp(ROUGHNESS * detail.a, 0.04, 1.0), metalness);
}

float shadow() {
    vec3 c = v_shadow;
    if (c.x <= 0.0 || c.x >= 1.0 || c.y <= 0.0 || c.y >= 1.0 || c.z >= 1.0) return 1.0;
    vec2 texel = 1.0 / vec2(textureSize(shadow_map, 0));
    ivec2 cell = ivec2(gl_FragCoord.xy) & 3;
    float angle = float(cell.x * 4 + cell.y) * 2.39996;   // 16 fixed rotations per 4x4 pixels: no flicker
    mat2 rot = mat2(cos(angle), sin(angle), -sin(angle), cos(angle));
    float lit = 0.0;
    for (int i = 0; i < 6; ++i) {   // each tap is a bilinear 2x2 comparison: 24 texels in all
        // an explicit level: the map has one, and llvmpipe skips working out derivatives for each tap
        lit += textureLod(shadow_map, vec3(c.xy + rot * POISSON[i] * texel * 1.6, c.z - 0.0005), 0.0);
    }
    return lit / 6.0;
}

float ggx(float ndh, float a) {
    float a2 = a * a;
    float d = ndh * ndh * (a2 - 1.0) + 1.0;
    return a2 / (PI * d * d);
}

float smith(float ndv, float ndl, float a) {
    float k = a * 0.5;
    return ndv / (ndv * (1.0 - k) + k) * ndl / (ndl * (1.0 - k) + k);
}

void main() {
    vec3 n = normalize(v_normal);
    vec3 to_eye = camera_pos - v_world;
    float distance = length(to_eye);
    vec3 v = to_eye / distance;
    if (dot(n, v) < 0.0) n = -n;   // two-sided planes seen from below
    Surface s = material(n);
    float a = max(s.roughness * s.roughness, 0.002);
    vec3 f0 = mix(vec3(0.04), s.albedo, s.metalness);
    vec3 diffuse_color = s.albedo * (1.0 - s.metalness);

    float ndl = max(dot(n, sun_dir), 0.0);
    float ndv = max(dot(n, v), 1e-4);
    vec3 h = normalize(sun_dir + v);
    float m = 1.0 - max(dot(h, v), 0.0), m2 = m * m;
    vec3 fresnel = f0 + (1.0 - f0) * (m2 * m2 * m);
    vec3 specular = ggx(max(dot(n, h), 0.0), a) * smith(ndv, ndl, a) * fresnel / max(4.0 * ndv * ndl, 1e-4);
#ifdef SUNLIT
    float lit = 1.0;   // drawn only where no shadow can fall (sunlit.py)
#else
    float lit = ndl > 0.0 ? shadow() : 0.0;
#endif
    vec3 direct = (diffuse_color * (1.0 - fresnel) / PI + specular) * sun_color * ndl * lit;

    vec3 irradiance = mix(ground_color, mix(sky_horizon, sky_zenith, 0.5), 0.5 + 0.5 * n.z);
    // Split-sum environment BRDF, Karis's analytic fit: rough surfaces lose most of their grazing sheen.
    vec4 r = s.roughness * vec4(-1.0, -0.0275, -0.572, 0.022) + vec4(1.0, 0.0425, 1.04, -0.04);
    float a004 = min(r.x * r.x, exp2(-9.28 * ndv)) * r.x + r.y;
    vec2 env = vec2(-1.04, 1.04) * a004 + r.zw;
    vec3 fresnel_v = f0 * env.x + env.y;
    vec3 reflected = sky_radiance(reflect(-v, n));
    vec3 glossy = mix(reflected, irradiance, s.roughness) * fresnel_v;
    vec3 ambient = diffuse_color * irradiance * (1.0 - fresnel_v) + glossy;

    float clear = exp(-distance * fog_density);
    vec3 hdr = mix(sky_horizon, direct + ambient, clear);   // distant things fade into the horizon's colour
    float ambient_share = clear * dot(ambient, vec3(0.3, 0.6, 0.1)) / max(dot(hdr, vec3(0.3, 0.6, 0.1)), 1e-5);
    out_color = vec4(film(hdr), clamp(ambient_share, 0.0, 1.0));
    out_normal_distance = vec4(mat3(view) * n, distance);
#ifdef ANNOTATIONS
    vec2 here = (v_clip.xy / v_clip.w * 0.5 + 0.5) * viewport;
    vec2 there = (v_next_clip.xy / v_next_clip.w * 0.5 + 0.5) * viewport;
    out_flow = vec4(there.x - here.x, -(there.y - here.y), 0.0, 1.0);   // pixels, y down as in images
    out_id = vec4(entity_id, 0.0, 0.0, 1.0);
#endif
}
