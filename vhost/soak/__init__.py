"""`vhost soak`: an unattended show on the fast clock with scheduled faults, checked from the outside.

A parent process (vhost.soak.runner) plans the faults, listens for the show's alerts on a
local webhook (vhost.soak.receiver), runs the show as a child process (vhost.soak.child),
kills it with SIGKILL once and resumes it, and finally reads what the show left behind —
program audio, transcript, fates, alerts, memory samples — into one JSON summary
(vhost.soak.report).
"""
