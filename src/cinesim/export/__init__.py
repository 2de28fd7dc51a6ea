"""Frames and data out: MP4 (H.264), stills, Kubric-style annotations."""
