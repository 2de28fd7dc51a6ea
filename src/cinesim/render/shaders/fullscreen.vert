#version 330
out vec2 v_uv;
void main() {
    vec2 p = vec2((gl_VertexID << 1) & 2, gl_VertexID & 2);   // one triangle covering the screen
    v_uv = p;
    gl_Position = vec4(p * 2.0 - 1.0, 1.0, 1.0);   // at the far plane (the sky is drawn behind everything)
}
