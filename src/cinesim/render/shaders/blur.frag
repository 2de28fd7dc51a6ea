#version 330
// Depth-aware 4x4 box blur of the half-resolution AO: removes the 4x4 rotation pattern of the samples.
uniform sampler2D ambient_occlusion;
uniform sampler2D normal_distance;
uniform vec2 ao_viewport;
in vec2 v_uv;
out float out_ao;

void main() {
    vec2 texel = 1.0 / ao_viewport;
    float centre = texture(normal_distance, v_uv).w;
    float sum = 0.0, weight = 0.0;
    for (int i = 0; i < 16; ++i) {
        vec2 uv = v_uv + (vec2(i & 3, i >> 2) - 1.5) * texel;
        float d = texture(normal_distance, uv).w;
        float w = (d > 0.0 && centre > 0.0) ? 1.0 / (1.0 + 40.0 * abs(d - centre) / centre) : 0.0;
        sum += texture(ambient_occlusion, uv).r * w;
        weight += w;
    }
    out_ao = weight > 0.0 ? sum / weight : 1.0;
}
