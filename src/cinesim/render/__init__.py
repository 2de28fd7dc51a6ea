"""World + Timeline -> frames: cameras, an OpenGL renderer with cinesim's own passes, annotations."""
