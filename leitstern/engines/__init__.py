"""Pure numerical engines: plain Python + numpy/scipy, never Django."""
