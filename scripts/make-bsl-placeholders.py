#!/usr/bin/env python3
"""Make placeholder BSL clips for a question bank, and name them in the bank.

Each clip is a short, real, playable video: a still card saying "BSL video to
come", with captions that say so, in MP4 (H.264) and WebM (VP9), and a poster.
Every clip is marked "placeholder": true, so `survey check` warns until a
real, quality-checked translation replaces it. Needs ffmpeg.

    scripts/make-bsl-placeholders.py questionnaires/london-safety-and-trust.json
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SECONDS = 3


def card(text: str, label: str, out: Path) -> None:
    """A 640x360 PNG card, drawn by ffmpeg so no image library is needed."""
    with tempfile.TemporaryDirectory() as tmp:
        title, subtitle = Path(tmp, "title.txt"), Path(tmp, "subtitle.txt")
        title.write_text("BSL video to come")
        subtitle.write_text("\n".join(textwrap.wrap(f"Placeholder for: {label}", 48)[:3]))
        draw = (
            f"drawtext=fontfile={FONT}:textfile={title}:fontcolor=white:fontsize=40:x=(w-tw)/2:y=110,"
            f"drawtext=fontfile={FONT}:textfile={subtitle}:fontcolor=white:fontsize=20:x=(w-tw)/2:y=190:line_spacing=8"
        )
        run("-f", "lavfi", "-i", "color=c=0x1d3557:s=640x360", "-vf", draw, "-frames:v", "1", str(out))


def run(*args: str) -> None:
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", *args], check=True)


def clip(media: Path, name: str, label: str) -> dict:
    poster = media / f"{name}.jpg"
    png = media / f"{name}.png"
    card(name, label, png)
    run("-i", str(png), "-q:v", "5", str(poster))
    loop = ["-loop", "1", "-framerate", "1", "-t", str(SECONDS), "-i", str(png)]
    run(*loop, "-c:v", "libx264", "-tune", "stillimage", "-pix_fmt", "yuv420p", "-crf", "35", "-r", "5",
        "-movflags", "+faststart", str(media / f"{name}.mp4"))
    run(*loop, "-c:v", "libvpx-vp9", "-b:v", "0", "-crf", "50", "-pix_fmt", "yuv420p", "-r", "5", str(media / f"{name}.webm"))
    png.unlink()
    (media / f"{name}.vtt").write_text(
        "WEBVTT\n\n"
        f"00:00.000 --> 00:0{SECONDS}.000\n"
        f"[No signing yet. This is a placeholder for the BSL translation of: {label}]\n"
    )
    return {
        "mp4": f"{name}.mp4",
        "webm": f"{name}.webm",
        "captions": f"{name}.vtt",
        "poster": f"{name}.jpg",
        "placeholder": True,
    }


def main(bank_path: Path) -> None:
    if shutil.which("ffmpeg") is None:
        sys.exit("ffmpeg is needed: apt-get install ffmpeg")
    bank = json.loads(bank_path.read_text())
    media = bank_path.parent / "media" / bank["id"]
    media.mkdir(parents=True, exist_ok=True)
    bank["formats"] = sorted(set(bank.get("formats", [])) | {"bsl"})
    bank["bsl"] = {
        "intro": clip(media, "intro", f"the introduction to {bank['title']}"),
        "check": clip(media, "check", "Check your answers before sending them"),
        "confirmation": clip(media, "confirmation", "Answers sent"),
    }
    for section in bank["sections"]:
        for page in section["questions"]:
            page["bsl"] = {"question": clip(media, page["id"], page["title"])}
    bank_path.write_text(json.dumps(bank, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {len(list(media.glob('*.mp4')))} placeholder clips to {media}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
