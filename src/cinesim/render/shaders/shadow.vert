#version 330
uniform mat4 light_vp;
uniform mat4 model;
in vec3 in_position;
void main() { gl_Position = light_vp * model * vec4(in_position, 1.0); }
