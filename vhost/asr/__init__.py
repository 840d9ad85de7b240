"""Speech recognition: the Recognizer Protocol and the Whisper engine (faster-whisper)."""
