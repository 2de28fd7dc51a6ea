#version 330
// Screen-space ambient occlusion from view normals and ray distances (normal-oriented hemisphere).
// On llvmpipe this pass is arithmetic-bound: each tap reuses its own projection (the tangent-plane
// point s = xy / -z) to find the depth of what the screen shows there, instead of rebuilding the ray.
uniform sampler2D normal_distance;
uniform vec2 viewport;      // of the full-resolution buffers (this pass runs at half resolution)
uniform float focal_px;
uniform vec3 kernel[SAMPLES];   // SAMPLES and RADIUS are defined by renderer.py
in vec2 v_uv;
out vec2 out_ao_distance;   // the blur weighs by distance: one fetch per tap

void main() {
    vec4 nd = texture(normal_distance, v_uv);
    if (nd.w <= 0.0) { out_ao_distance = vec2(1.0, 0.0); return; }
    vec2 to_uv = focal_px / viewport;   // tangent-plane point -> texture coordinate, about the centre
    vec3 p = normalize(vec3((v_uv - 0.5) / to_uv, -1.0)) * nd.w;
    vec3 n = normalize(nd.xyz);
    ivec2 cell = ivec2(gl_FragCoord.xy) & 3;
    float angle = float(cell.x * 4 + cell.y) * 2.39996;   // golden angle: 16 fixed rotations, no flicker
    vec3 r = vec3(cos(angle), sin(angle), 0.0);
    vec3 t = normalize(r - n * dot(r, n));
    float radius = RADIUS * nd.w;
    mat3 tbn = mat3(t, cross(n, t), n) * radius;
    float bias = 0.02 * radius;
    float occluded = 0.0;
    for (int i = 0; i < SAMPLES; ++i) {
        vec3 q = p + tbn * kernel[i];
        vec2 s = q.xy / -q.z;
        float d = texture(normal_distance, s * to_uv + 0.5).w;
        float hit_z = -d * inversesqrt(1.0 + dot(s, s));   // the view depth of the ray through s, d along it
        float range = smoothstep(0.0, 1.0, radius / abs(p.z - hit_z));
        occluded += d > 0.0 && hit_z >= q.z + bias ? range : 0.0;
    }
    out_ao_distance = vec2(1.0 - occluded / float(SAMPLES), nd.w);
}
