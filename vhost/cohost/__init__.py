"""Co-hosting next to a human anchor: modes (auto, review, assist), the anchor's voice, requests."""
