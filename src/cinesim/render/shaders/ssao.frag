#version 330
// Screen-space ambient occlusion from view normals and ray distances (normal-oriented hemisphere).
uniform sampler2D normal_distance;
uniform vec2 viewport;      // of the full-resolution buffers (this pass runs at half resolution)
uniform float focal_px;
uniform vec3 kernel[12];
in vec2 v_uv;
out vec2 out_ao_distance;   // the blur weighs by distance: one fetch per tap

vec3 ray(vec2 uv) { return normalize(vec3((uv * viewport - 0.5 * viewport) / focal_px, -1.0)); }

void main() {
    vec4 nd = texture(normal_distance, v_uv);
    if (nd.w <= 0.0) { out_ao_distance = vec2(1.0, 0.0); return; }
    vec3 p = ray(v_uv) * nd.w;
    vec3 n = normalize(nd.xyz);
    ivec2 cell = ivec2(gl_FragCoord.xy) & 3;
    float angle = float(cell.x * 4 + cell.y) * 2.39996;   // golden angle: 16 fixed rotations, no flicker
    vec3 r = vec3(cos(angle), sin(angle), 0.0);
    vec3 t = normalize(r - n * dot(r, n));
    mat3 tbn = mat3(t, cross(n, t), n);
    float radius = 0.05 * nd.w;
    float occluded = 0.0;
    for (int i = 0; i < 12; ++i) {
        vec3 q = p + tbn * kernel[i] * radius;
        vec2 uv = (q.xy / -q.z) * focal_px / viewport + 0.5;
        float d = texture(normal_distance, uv).w;
        if (d <= 0.0) continue;
        vec3 hit = ray(uv) * d;
        float range = smoothstep(0.0, 1.0, radius / abs(p.z - hit.z));
        occluded += (hit.z >= q.z + 0.02 * radius ? 1.0 : 0.0) * range;
    }
    out_ao_distance = vec2(1.0 - occluded / 12.0, nd.w);
}
