// Where a surface point falls in the sun's shadow map (texture coordinates and depth), moved off the surface
// along its normal and towards the sun by texel-sized steps so that it does not shadow itself. The sun's
// projection is orthographic, so this is affine in the position: the vertex shader works it out and the
// rasteriser interpolates it (per pixel it cost a quarter of the floor's shading on llvmpipe).
uniform mat4 light_vp;
uniform float shadow_texel;     // world size of one shadow-map texel
uniform vec3 sun_dir;           // towards the sun, world space, unit

vec3 shadow_coord(vec3 world, vec3 normal) {
    vec3 offset = world + normalize(normal) * shadow_texel * 1.5 + sun_dir * shadow_texel * 0.5;
    return (light_vp * vec4(offset, 1.0)).xyz * 0.5 + 0.5;
}
