// Bone matrices: 3 rows of vec4 per bone ([R | t] row by row, as numpy writes a (B, 3, 4) array).
const int MAX_BONES = 104;
uniform vec4 bones[3 * MAX_BONES];
uniform vec4 next_bones[3 * MAX_BONES];

// mat4x3 is four columns of vec3: column j holds element j of each row.
#define BONE(rows, b) mat4x3(rows[3 * (b)].x, rows[3 * (b) + 1].x, rows[3 * (b) + 2].x, \
                             rows[3 * (b)].y, rows[3 * (b) + 1].y, rows[3 * (b) + 2].y, \
                             rows[3 * (b)].z, rows[3 * (b) + 1].z, rows[3 * (b) + 2].z, \
                             rows[3 * (b)].w, rows[3 * (b) + 1].w, rows[3 * (b) + 2].w)
#define BLEND(rows, index, weight) (BONE(rows, int(index.x)) * weight.x + BONE(rows, int(index.y)) * weight.y \
                                   + BONE(rows, int(index.z)) * weight.z + BONE(rows, int(index.w)) * weight.w)
