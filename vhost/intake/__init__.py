"""Intake triage: moderation, injection marking, clustering, scoring, deadlines, gift batching, likes."""
