"""The writer: jobs in, guarded lines out (LLM with persona fallbacks)."""

from vhost.writer.writer import Line, WriteJob, Writer, WriterConfig

__all__ = ["Line", "WriteJob", "Writer", "WriterConfig"]
