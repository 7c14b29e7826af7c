"""What kipp learns from a media file itself.

probe.py            ffprobe's facts (container, streams, duration)  -> ProbeResult
duration.py         which duration figure is presented, and why
analyze.py          the one decode pass: integrity, quality signals, frames -> Analysis
decode_progress.py  ffmpeg's -progress lines, read while the decode runs
filekind.py         what a file that is not a video is, from its first bytes
"""
