#version 330
#include "skinning.glsl"
uniform mat4 light_vp;
in vec3 in_position;
in vec4 in_bones;
in vec4 in_weights;
void main() { gl_Position = light_vp * vec4(BLEND(bones, in_bones, in_weights) * vec4(in_position, 1.0), 1.0); }
