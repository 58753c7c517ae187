#!/usr/bin/env python3
"""The review page of a big batch: size and time to open in headless Chromium.

Makes a synthetic JSONL report of N records (default 10,000) by repeating the records of a real
report (e.g. the demo's out/samples/report.jsonl) under new names, builds its page with
conforme-page, and opens it from the disk three times, reporting the page size and, for each open,
the time from navigation to the load event and to the page's first listing (its script marks
`document.body.dataset.ready`). Not a test: numbers for BENCHMARKS.md.

  python3 bench/page_open.py --report out/samples/report.jsonl --page-tool build/conforme-page \
      [--records 10000] [--work out/page-bench]
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "page"))
import cdp  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--report", required=True)
    ap.add_argument("--page-tool", required=True)
    ap.add_argument("--records", type=int, default=10000)
    ap.add_argument("--work", default="out/page-bench")
    args = ap.parse_args()
    source = [json.loads(line) for line in open(args.report, encoding="utf-8") if line.strip()]
    inputs = {}
    for r in source:
        inputs.setdefault(r["input_index"], []).append(r)
    groups = list(inputs.values())
    os.makedirs(args.work, exist_ok=True)
    synthetic = os.path.join(args.work, f"report-{args.records}.jsonl")
    written, index = 0, 0
    with open(synthetic, "w", encoding="utf-8") as out:
        while written < args.records:
            for r in groups[index % len(groups)]:
                r = dict(r)
                stem, ext = os.path.splitext(os.path.basename(r["input"]))
                r["input"] = f"batch/{index // 1000:02d}/{stem}-{index:05d}{ext}"
                r["input_index"] = index
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
                written += 1
            index += 1
    page = os.path.abspath(os.path.join(args.work, f"review-{args.records}.html"))
    start = time.monotonic()
    os.system(f"'{args.page_tool}' '{synthetic}' '{page}'")
    build_s = time.monotonic() - start
    statuses = {}
    for line in open(synthetic, encoding="utf-8"):
        s = json.loads(line)["status"]
        statuses[s] = statuses.get(s, 0) + 1
    print(f"records: {written} ({statuses}); report {os.path.getsize(synthetic) / 1e6:.1f} MB; "
          f"page {os.path.getsize(page) / 1e6:.2f} MB, built in {build_s:.2f} s")
    chromium = cdp.find_chromium()
    if not chromium:
        print("chromium not installed: open time not measured")
        return 0
    browser = cdp.Browser(chromium)
    try:
        browser.open_tab()
        for attempt in range(3):
            browser.navigate("about:blank")
            t0 = time.monotonic()
            browser.navigate("file://" + page, timeout=60)
            load = time.monotonic() - t0
            ready = browser.eval("Number(document.body.dataset.ready)")
            phases = browser.eval("(()=>{const n=performance.getEntriesByType('navigation')[0],m={};"
                                  "for(const e of performance.getEntriesByType('mark'))m[e.name]=Math.round(e.startTime);"
                                  "return {file_read:Math.round(n.responseEnd),...m}})()")
            rows = browser.eval("document.querySelectorAll('#list tbody tr').length")
            t1 = time.monotonic()
            browser.eval("(s=>{s.value='bg.colour';s.dispatchEvent(new Event('change'))})(document.getElementById('f-check'));"
                         "document.getElementById('sort-margin').click();document.body.dataset.shown")
            filt = time.monotonic() - t1
            print(f"open {attempt + 1}: load event {load:.2f} s, listed at {ready / 1000:.2f} s ({rows} rows shown); "
                  f"filter + sort by margin {filt * 1000:.0f} ms; ms since navigation: {phases}")
    finally:
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
