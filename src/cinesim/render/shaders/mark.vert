#version 330
// Marks screen regions in the depth buffer (depth 0): where outlines are (outlines.py).
in vec2 in_position;   // normalised device coordinates
void main() {
    gl_Position = vec4(in_position, -1.0, 1.0);
}
