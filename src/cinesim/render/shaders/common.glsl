// Shared by the scene and sky shaders: the sky model and the film transform (exposure, vignette, ACES, sRGB).
uniform vec3 sun_dir;        // towards the sun, world space, unit
uniform vec3 sun_color;      // linear radiance scale
uniform vec3 sky_zenith;
uniform vec3 sky_horizon;
uniform vec3 ground_color;   // light bounced from below
uniform float exposure;
uniform float fog_density;   // 1/m, aerial perspective
uniform vec2 viewport;

// Powers by repeated squaring and roots by sqrt: pow() is a log and an exp per call on a CPU rasteriser.
vec3 sky_radiance(vec3 dir) {
    float up = clamp(dir.z, -1.0, 1.0);
    vec3 sky = mix(sky_horizon, sky_zenith, sqrt(clamp(up, 0.0, 1.0)));
    float c = max(dot(dir, sun_dir), 0.0);
    float c2 = c * c, c4 = c2 * c2, c8 = c4 * c4, c16 = c8 * c8, c32 = c16 * c16, c64 = c32 * c32;
    sky += sun_color * (0.035 * c8 + 0.25 * c64);
    sky += sun_color * smoothstep(0.99985, 0.99995, c) * 40.0;   // the disc
    vec3 below = mix(sky_horizon, ground_color, clamp(-up * 4.0, 0.0, 1.0));
    return up >= 0.0 ? sky : below;
}

vec3 srgb_encode(vec3 c) {
    // Linear -> sRGB from square roots (Taylor's fit; max error 0.0012, a third of an 8-bit step).
    c = clamp(c, 0.0, 1.0);
    vec3 s1 = sqrt(c), s2 = sqrt(s1), s3 = sqrt(s2);
    return clamp(0.662002687 * s1 + 0.684122060 * s2 - 0.323583601 * s3 - 0.0225411470 * c, 0.0, 1.0);
}

vec3 aces(vec3 x) {   // Narkowicz's fit of the ACES reference rendering transform
    return clamp((x * (2.51 * x + 0.03)) / (x * (2.43 * x + 0.59) + 0.14), 0.0, 1.0);
}

// Scene radiance -> display sRGB, with a gentle lens vignette.
vec3 film(vec3 hdr) {
    vec2 centred = gl_FragCoord.xy / viewport - 0.5;
    return srgb_encode(aces(hdr * exposure * (1.0 - 0.35 * dot(centred, centred))));
}
