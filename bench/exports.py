"""The same export job as `callreport export`, the way a Python user would write it today:
requests pages through `list`, pandas.json_normalize flattens the documents, then pandas writes
CSV or Excel, and fpdf2 a PDF table: in Noto Sans with the script fonts callreport bundles as
fallbacks, text shaping on (uharfbuzz), so that its report draws the same names readably.

Usage: python exports.py BASE_URL SSID ROWS OUT_DIR FONTS_DIR
Prints one line per format: `python <format> <rows> rows <seconds> s <rows/s> rows/s`.
"""

import os
import sys
import time

import pandas
import requests
from fpdf import FPDF

COLUMNS = ["clId", "tm", "clTy", "st", "cNum", "cNm", "mAgt", "dur.q", "dur.c", "dur.agtOnCl", "amt"]


def fetch(base_url, ssid, rows):
    """Every document, page by page, following the server's cursor."""
    documents, cursor = [], None
    session = requests.Session()
    while len(documents) < rows:
        body = {"ssid": ssid, "lmt": 1000, "srt": "tm", "ord": "desc"}
        if cursor:
            body["aftr"] = cursor
        page = session.post(f"{base_url}/api/v2/CallReport/list", json=body, timeout=60).json()
        documents.extend(page["data"])
        cursor = page.get("nxt")
        if not cursor or not page["data"]:
            break
    return documents[:rows]


def table(documents):
    frame = pandas.json_normalize(documents)
    return frame[[c for c in COLUMNS if c in frame.columns]]


def write_pdf(frame, path, fonts_dir):
    pdf = FPDF(orientation="L")
    families = []
    for name in sorted(os.listdir(fonts_dir)):
        if name.endswith(".ttf") and name != "NotoSans-Bold.ttf":
            family = name.removesuffix(".ttf")
            pdf.add_font(family, fname=os.path.join(fonts_dir, name))
            families.append(family)
    pdf.set_font("NotoSans-Regular", size=7)
    pdf.set_fallback_fonts([f for f in families if f != "NotoSans-Regular"])
    pdf.set_text_shaping(True)
    pdf.add_page()
    for row in frame.itertuples(index=False):
        line = " | ".join(str(value) for value in row)
        pdf.cell(0, 4, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(path)


def main():
    base_url, ssid, rows, out, fonts_dir = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
    started = time.monotonic()
    frame = table(fetch(base_url, ssid, rows))
    prepared = time.monotonic() - started
    writers = {
        "csv": lambda path: frame.to_csv(path, index=False),
        "xlsx": lambda path: frame.to_excel(path, index=False),
        "pdf": lambda path: write_pdf(frame, path, fonts_dir),
    }
    chosen = os.environ.get("FORMATS", "csv xlsx pdf").split()
    for name, write in ((n, w) for n, w in writers.items() if n in chosen):
        started = time.monotonic()
        write(f"{out}/python.{name}")
        seconds = prepared + time.monotonic() - started
        print(f"python {name} {len(frame)} rows {seconds:.2f} s {len(frame) / seconds:.0f} rows/s", flush=True)


if __name__ == "__main__":
    main()
