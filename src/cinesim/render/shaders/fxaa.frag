#version 330
// FXAA (after Lottes, FXAA 3.11 console variant): edge-aware anti-aliasing at a fraction of MSAA's cost.
uniform sampler2D image;
uniform vec2 viewport;
in vec2 v_uv;
out vec4 out_color;

void main() {
    vec2 px = 1.0 / viewport;
    vec4 centre = texture(image, v_uv);
    float nw = texture(image, v_uv + vec2(-0.5, -0.5) * px).a;
    float ne = texture(image, v_uv + vec2(0.5, -0.5) * px).a;
    float sw = texture(image, v_uv + vec2(-0.5, 0.5) * px).a;
    float se = texture(image, v_uv + vec2(0.5, 0.5) * px).a;
    float m = centre.a;
    float lo = min(m, min(min(nw, ne), min(sw, se)));
    float hi = max(m, max(max(nw, ne), max(sw, se)));
    if (hi - lo < max(0.0312, hi * 0.125)) { out_color = vec4(centre.rgb, 1.0); return; }
    vec2 dir = vec2(-((nw + ne) - (sw + se)), (nw + sw) - (ne + se));
    float reduce = max((nw + ne + sw + se) * 0.25 * 0.125, 1.0 / 128.0);
    dir = clamp(dir / (min(abs(dir.x), abs(dir.y)) + reduce), -8.0, 8.0) * px;
    vec3 a = 0.5 * (texture(image, v_uv + dir * (1.0 / 3.0 - 0.5)).rgb + texture(image, v_uv + dir * (2.0 / 3.0 - 0.5)).rgb);
    vec3 b = a * 0.5 + 0.25 * (texture(image, v_uv - dir * 0.5).rgb + texture(image, v_uv + dir * 0.5).rgb);
    float lb = dot(b, vec3(0.299, 0.587, 0.114));
    out_color = vec4((lb < lo || lb > hi) ? a : b, 1.0);
}
