#version 330
// The last pass: FXAA (after Lottes, FXAA 3.11 console variant) on the filmed image, then ambient
// occlusion (darkening the share of each pixel's light that is ambient) and a fixed dither. The edge test's
// four lumas between pixels are averaged from the 3x3 neighbourhood read whole (texelFetch): the same
// values as bilinear fetches there, at a third of their cost on llvmpipe (they were two thirds of the pass).
uniform sampler2D image;               // sRGB; alpha: share of the pixel's light that is ambient
uniform sampler2D ambient_occlusion;   // blurred, half resolution
uniform vec2 viewport;
in vec2 v_uv;
out vec4 out_color;

float luma(vec3 c) { return dot(c, vec3(0.299, 0.587, 0.114)); }

float luma_at(ivec2 p) {
    return luma(texelFetch(image, clamp(p, ivec2(0), ivec2(viewport) - 1), 0).rgb);
}

vec3 antialiased(vec4 centre) {
    vec2 px = 1.0 / viewport;
    ivec2 p = ivec2(gl_FragCoord.xy);
    float m = luma(centre.rgb);
    float w = luma_at(p + ivec2(-1, 0)), e = luma_at(p + ivec2(1, 0));
    float s = luma_at(p + ivec2(0, -1)), n = luma_at(p + ivec2(0, 1));
    float nw = 0.25 * (luma_at(p + ivec2(-1, -1)) + w + s + m);   // the corners at half a pixel, as
    float ne = 0.25 * (luma_at(p + ivec2(1, -1)) + e + s + m);    // v_uv +- 0.5 px would read them
    float sw = 0.25 * (luma_at(p + ivec2(-1, 1)) + w + n + m);
    float se = 0.25 * (luma_at(p + ivec2(1, 1)) + e + n + m);
    float lo = min(m, min(min(nw, ne), min(sw, se)));
    float hi = max(m, max(max(nw, ne), max(sw, se)));
    if (hi - lo < max(0.0312, hi * 0.125)) return centre.rgb;
    vec2 dir = vec2(-((nw + ne) - (sw + se)), (nw + sw) - (ne + se));
    float reduce = max((nw + ne + sw + se) * 0.25 * 0.125, 1.0 / 128.0);
    dir = clamp(dir / (min(abs(dir.x), abs(dir.y)) + reduce), -8.0, 8.0) * px;
    vec3 a = 0.5 * (texture(image, v_uv + dir * (1.0 / 3.0 - 0.5)).rgb + texture(image, v_uv + dir * (2.0 / 3.0 - 0.5)).rgb);
    vec3 b = a * 0.5 + 0.25 * (texture(image, v_uv - dir * 0.5).rgb + texture(image, v_uv + dir * 0.5).rgb);
    float lb = luma(b);
    return (lb < lo || lb > hi) ? a : b;
}

void main() {
    vec4 centre = texelFetch(image, ivec2(gl_FragCoord.xy), 0);
#ifdef PLAIN
    vec3 color = centre.rgb;   // away from outlines (outlines.py)
#else
    vec3 color = antialiased(centre);
#endif
    // AO scales linear light; on sRGB values a square root is close to the display curve's 1/2.2.
    float occlusion = texture(ambient_occlusion, v_uv).r;
    color *= sqrt(1.0 - centre.a * (1.0 - occlusion));
    ivec2 p = ivec2(gl_FragCoord.xy) & 3;
    float bayer = float((p.x * 2 + p.y * 3 + (p.x & p.y) * 5) & 15) / 16.0 - 0.5;   // static: no flicker
    out_color = vec4(color + bayer / 255.0, 1.0);
}
