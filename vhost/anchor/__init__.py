"""The human anchor's voice as an input: sources, voice activity, the floor, recognition."""
