"""Officers' source files -> data packages, and Excel templates generated from the schemas."""
