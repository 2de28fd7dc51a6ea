#version 330
// Depth-aware 4x4 box blur of the half-resolution AO: removes the 4x4 rotation pattern of the samples.
uniform sampler2D ao_distance;
uniform vec2 ao_viewport;
in vec2 v_uv;
out float out_ao;

void main() {
    vec2 texel = 1.0 / ao_viewport;
    float centre = texture(ao_distance, v_uv).y;
    float sum = 0.0, weight = 0.0;
    for (int i = 0; i < 16; ++i) {
        vec2 tap = texture(ao_distance, v_uv + (vec2(i & 3, i >> 2) - 1.5) * texel).xy;
        float w = (tap.y > 0.0 && centre > 0.0) ? 1.0 / (1.0 + 40.0 * abs(tap.y - centre) / centre) : 0.0;
        sum += tap.x * w;
        weight += w;
    }
    out_ao = weight > 0.0 ? sum / weight : 1.0;
}
