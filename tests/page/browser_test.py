#!/usr/bin/env python3
"""The review page in a real browser (headless Chromium over the DevTools protocol): a batch of
generated and sample photos (a planche among them, and an unreadable file) is checked with
`conforme check --html`; the page is opened from the disk (file://), filtered, sorted by margin,
zoomed, a check is hidden, two decisions are recorded, the page is reloaded (they are kept) and
the decisions are exported; the CSV downloaded is read back. Every expected number is computed
here from the JSONL report, not from the page.

Without Chromium the test is skipped (exit 77) on a developer machine, and fails under CI=true.
  browser_test.py --cli build/conforme --make-planche build/conforme-make-planche \
      --samples samples --work DIR [--screenshots DIR]
"""
import argparse
import csv
import glob
import io
import json
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdp  # noqa: E402

SAMPLES = ["C001088_bg-white.jpg", "S001183_bg-white.jpg", "C001088_head-0.86.jpg", "S001183_head-0.65.jpg",
           "C001088_two-faces.jpg", "C001088_roll+12.jpg", "S001183_eyes-0.73.jpg", "C001088_ok.jpg",
           "S001183_mirror-left.jpg"]

failures = []


def expect(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)


def margin(check):
    """How far the value of a failed check lies beyond the limit it failed: the largest over its
    values relative to the allowed range, in the value's unit (as the page computes it)."""
    best = None
    for name, v in check["values"].items():
        lim = check["limits"].get(name, {})
        lo, hi = (lim.get("warn_min"), lim.get("warn_max")) if check["verdict"] == "warn" else (lim.get("min"), lim.get("max"))
        value = v["value"]
        if hi is not None and value > hi:
            m, at = value - hi, hi
        elif lo is not None and value < lo:
            m, at = lo - value, lo
        else:
            continue
        span = hi - lo if lo is not None and hi is not None and hi > lo else max(abs(at), 1e-9)
        if best is None or m / span > best[1]:
            best = (m, m / span)
    return best[0] if best else None


def french_number(text):
    return float(text.replace("\u202f", "").replace("\xa0", "").replace(",", ".").rstrip("°").split()[0])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--make-planche", required=True)
    ap.add_argument("--samples", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--screenshots")
    args = ap.parse_args()

    chromium = cdp.find_chromium()
    if not chromium:
        if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
            print("FAIL chromium is not installed, and CI is set: the review page must be tested in CI "
                  "(scripts/setup installs Debian's chromium)")
            return 1
        print("SKIP chromium is not installed (apt-get install chromium); the page is not tested here")
        return 77

    work = os.path.abspath(args.work)
    shutil.rmtree(work, ignore_errors=True)
    photos = os.path.join(work, "photos")
    os.makedirs(photos)
    for name in SAMPLES:
        shutil.copy(os.path.join(args.samples, name), photos)
    subprocess.run([args.make_planche, "--photo", os.path.join(args.samples, "S001183_bg-white.jpg"),
                    "--output", os.path.join(photos, "planche.jpg"), "--copies", "4"], check=True,
                   stdout=subprocess.DEVNULL)
    with open(os.path.join(photos, "broken.jpg"), "wb") as f:
        f.write(b"\xff\xd8\xff\xe0 not a real JPEG")
    # A refused photo whose file libjpeg warns of (three stray bytes before the frame header): the
    # page shows the decoder's words beside it, as the report holds them.
    white = open(os.path.join(args.samples, "C001088_bg-white.jpg"), "rb").read()
    frame = white.find(b"\xff\xc0")
    with open(os.path.join(photos, "stray.jpg"), "wb") as f:
        f.write(white[:frame] + b"\x00\x00\x00" + white[frame:])
    page = os.path.join(work, "review.html")
    report = os.path.join(work, "report.jsonl")
    run = subprocess.run([args.cli, "check", "-q", "--jobs", "2", photos, "-o", report, "--html", page])
    expect(run.returncode in (1, 3), f"conforme check exits 1 or 3 (got {run.returncode})")
    records = [json.loads(line) for line in open(report, encoding="utf-8")]
    rejects = [r for r in records if r["status"] != "pass"]
    # A pass with a point to check (a warning, « à vérifier ») is listed too: a person looks at it.
    to_check = [r for r in records if r["status"] == "pass" and any(c["verdict"] == "warn" for c in r["checks"])]
    listed = rejects + to_check
    expect(to_check and len(to_check) < sum(r["status"] == "pass" for r in records),
           f"the batch holds passes to check ({len(to_check)}) and a plain pass")
    sheet = [r for r in records if r.get("box")]
    expect(len(sheet) == 4, f"the planche gives 4 records (got {len(sheet)})")
    failing = {}
    for r in records:
        for c in r.get("failed", []):
            failing.setdefault(c, []).append(r)
    check = "bg.colour"
    expect(len(failing.get(check, [])) >= 3, f"{check} fails on the white backgrounds and the planche")

    browser = cdp.Browser(chromium)
    try:
        browser.open_tab()
        downloads = os.path.join(work, "downloads")
        os.makedirs(downloads)
        browser.send("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads,
                                                     "eventsEnabled": True}, session=False)
        url = "file://" + page
        browser.navigate(url)
        rows = lambda: browser.eval("[...document.querySelectorAll('#list tbody tr')].map(t=>t.dataset.key)")
        expect(browser.eval("document.documentElement.lang") == "fr", "the page opens in French")
        expect(browser.eval("document.getElementById('sort-margin').textContent").startswith("Marge"),
               "the margin column is headed « Marge »")
        expect(len(rows()) == len(listed), f"rejects, errors and passes to check listed: {len(rows())} rows, {len(listed)} expected")
        review_keys = [f"{r['input']}#{r['photo_index']}" for r in to_check]
        expect(all(browser.eval(f"(t=>t&&t.querySelector('.status').textContent==='conforme, à vérifier'&&!!t.querySelector('img')"
                                f"&&!!t.querySelector('button[data-d=refuser]')&&!!t.querySelector('button[data-d=accepter]'))"
                                f"(document.querySelector('tr[data-key=\"{k}\"]'))") for k in review_keys),
               "a pass to check shows « conforme, à vérifier », its drawing, and Refuser / Accepter")
        passes = sum(r["status"] == "pass" for r in records)
        counts = browser.eval("document.getElementById('counts').textContent")
        expect(counts.startswith(f"{passes} conforme{'s' if passes > 1 else ''} (dont {len(to_check)} à vérifier)"),
               f"the counts say how many passes are to check: {counts}")
        expect(browser.eval("[...document.querySelectorAll('#list tbody img')].every(i=>i.getAttribute('src').startsWith('review_images/'))"),
               "thumbnails are files beside the page, not inside it")
        expect(os.path.getsize(page) < 60_000, f"the page itself is small ({os.path.getsize(page)} bytes)")

        # Every message listed is the report's, whole (the page writes the start they share once).
        def listed_messages():
            return browser.eval("Object.fromEntries([...document.querySelectorAll('#list tbody tr')].map(tr=>"
                                "[tr.dataset.key,[...tr.querySelectorAll('li')].map(li=>[li.dataset.check,"
                                "li.childNodes[1].textContent.slice(1)])]))")
        by_key = {f"{r['input']}#{r['photo_index']}": r for r in records}

        def expected_messages(lang):
            return {k: [[c["id"], c["message"][lang]] for c in r.get("checks", []) if c["verdict"] in ("fail", "warn")]
                    for k, r in by_key.items() if r in listed}
        expect(listed_messages() == expected_messages("fr"), "every French message listed is the report's, whole")
        # The decoder's warnings are shown with the photo they concern, in the report's words.
        warned = [r for r in records if r.get("warnings")]
        expect(len(warned) == 1 and warned[0]["input"].endswith("stray.jpg"), "the stray bytes give the one warned record")
        shown = browser.eval("[...document.querySelectorAll('#list tbody tr')].filter(t=>t.dataset.key.includes('stray.jpg'))"
                             ".map(t=>[...t.querySelectorAll('.decoder')].map(d=>d.textContent))[0]")
        expect(shown == [f"avertissement du décodeur d'image (texte de la bibliothèque) : « {w} »" for w in warned[0]["warnings"]],
               f"the warning is shown with its photo: {shown}")
        # An unreadable file is named by its error's French title, its code in the tooltip.
        errors = [r for r in records if r["status"] == "error"]
        shown_errors = browser.eval("[...document.querySelectorAll('#list tbody tr[data-status=error] td b')]"
                                    ".map(b=>[b.textContent,b.title])")
        expect(errors and shown_errors == [[r["error"]["title"]["fr"], r["error"]["code"]] for r in errors],
               f"errors named by their French titles: {shown_errors}")
        # Checks are named by their titles, in words; their ids (internal names) only in tooltips.
        names = browser.eval("[...document.querySelectorAll('#list li b, #list td.margin div, #f-check option')]"
                             ".map(e=>e.textContent)")
        ids = {c["id"] for r in records for c in r.get("checks", [])}
        expect(names and not any(n.split(" : ")[0].split(" (")[0] in ids for n in names),
               f"no check id shown as a name: {[n for n in names if n.split(' : ')[0].split(' (')[0] in ids][:5]}")
        expect(browser.eval(f"[...document.querySelectorAll('li[data-check=\"{check}\"] b')].every(b=>b.textContent==='couleur du fond' && b.title==='{check}')"),
               f"{check} is named « couleur du fond », its id in the tooltip")

        # Filter by one failed check.
        browser.eval(f"(s=>{{s.value='{check}';s.dispatchEvent(new Event('change'))}})(document.getElementById('f-check'))")
        shown = rows()
        expect(sorted(shown) == sorted(f"{r['input']}#{r['photo_index']}" for r in failing[check]),
               f"filter {check}: exactly the {len(failing[check])} photos failing it")

        # Sort by margin (descending on the first click) and compare with the report's values.
        browser.eval("document.getElementById('sort-margin').click()")
        shown = rows()
        expected = sorted(failing[check], key=lambda r: -margin(next(c for c in r["checks"] if c["id"] == check)))
        expected_margins = [margin(next(c for c in r["checks"] if c["id"] == check)) for r in expected]
        cells = browser.eval(f"[...document.querySelectorAll('#list tbody td.margin div')].filter(d=>d.title.startsWith('{check} ')).map(d=>d.textContent.split(' : ')[1])")
        page_margins = [french_number(c) for c in cells]
        expect(len(page_margins) == len(expected_margins) and
               all(abs(a - b) <= 0.0005 + 1e-3 * abs(b) for a, b in zip(page_margins, expected_margins)),
               f"margins shown, largest first, are the report's: {page_margins} vs {expected_margins}")

        # Hide the check: no photo failing only it stays, and it is listed nowhere.
        browser.eval("(s=>{s.value='';s.dispatchEvent(new Event('change'))})(document.getElementById('f-check'))")
        browser.eval(f"(b=>{{b.checked=false;b.dispatchEvent(new Event('change',{{bubbles:true}}))}})(document.querySelector('#checklist input[value=\"{check}\"]'))")
        only = [r for r in rejects if r["status"] == "fail" and set(r.get("failed", [])) == {check}]
        expect(len(rows()) == len(listed) - len(only) and
               browser.eval(f"document.querySelectorAll('li[data-check=\"{check}\"]').length") == 0,
               f"hiding {check}: {len(only)} photos failing only it hidden, the check listed nowhere")
        browser.eval(f"(b=>{{b.checked=true;b.dispatchEvent(new Event('change',{{bubbles:true}}))}})(document.querySelector('#checklist input[value=\"{check}\"]'))")

        # A check that only asks for a review is listed too: filtering by it shows the photos it
        # warns or fails on; hiding every check a pass to check warns on hides that pass.
        warned = sorted({c["id"] for r in to_check for c in r["checks"] if c["verdict"] == "warn"})
        browser.eval(f"(s=>{{s.value='{warned[0]}';s.dispatchEvent(new Event('change'))}})(document.getElementById('f-check'))")
        flagged = [r for r in listed if any(c["id"] == warned[0] and c["verdict"] in ("fail", "warn") for c in r.get("checks", []))]
        expect(sorted(rows()) == sorted(f"{r['input']}#{r['photo_index']}" for r in flagged),
               f"filter {warned[0]} (a review): exactly the {len(flagged)} photos it warns or fails on")
        browser.eval("(s=>{s.value='';s.dispatchEvent(new Event('change'))})(document.getElementById('f-check'))")
        for w in warned:
            browser.eval(f"(b=>{{b.checked=false;b.dispatchEvent(new Event('change',{{bubbles:true}}))}})(document.querySelector('#checklist input[value=\"{w}\"]'))")
        gone = {f"{r['input']}#{r['photo_index']}" for r in to_check
                if {c["id"] for c in r["checks"] if c["verdict"] == "warn"} <= set(warned)}
        expect(gone and not set(rows()) & gone, f"hiding {warned}: the passes to check only for them are hidden")
        for w in warned:
            browser.eval(f"(b=>{{b.checked=true;b.dispatchEvent(new Event('change',{{bubbles:true}}))}})(document.querySelector('#checklist input[value=\"{w}\"]'))")
        expect(len(rows()) == len(listed), "shown again, every listed photo is back")

        # Zoom on the planche's first copy: the sheet with its four copies and their verdicts.
        copy_key = f"{sheet[0]['input']}#{sheet[0]['photo_index']}"
        browser.eval(f"document.querySelector('#list tbody tr[data-key=\"{copy_key}\"] [data-zoom]').click()")
        time.sleep(0.5)
        expect(browser.eval("document.getElementById('zoom').classList.contains('open')"), "a click opens the zoom")
        expect(browser.eval("document.querySelectorAll('#zphoto .copy').length") == 4 and
               browser.eval("document.querySelectorAll('#zphoto .copy.fail').length") ==
               sum(r["status"] == "fail" for r in sheet),
               "the zoom shows the sheet with each copy's verdict")
        expect(browser.eval("(i=>i&&i.complete&&i.naturalWidth>0)(document.querySelector('#zdraw img'))"),
               "the drawing beside it loads")
        expect(browser.eval("(i=>i&&i.complete&&i.naturalWidth>0)(document.querySelector('#zphoto img'))"),
               "the original planche loads from its path")
        if args.screenshots:
            os.makedirs(args.screenshots, exist_ok=True)
            browser.screenshot(os.path.join(args.screenshots, "zoom.png"), 1400, 900)
        browser.eval("document.getElementById('zclose').click()")

        # Two decisions, one with a comment a spreadsheet could misread.
        reject_keys = {f"{r['input']}#{r['photo_index']}" for r in rejects}
        first, second = [k for k in rows() if k in reject_keys][:2]
        comment = '=fond blanc ; "visible"'
        browser.eval(f"document.querySelector('tr[data-key=\"{first}\"] button[data-d=confirmer_rejet]').click()")
        browser.eval(f"(t=>{{t.value={json.dumps(comment)};t.dispatchEvent(new Event('input',{{bubbles:true}}))}})(document.querySelector('tr[data-key=\"{first}\"] textarea'))")
        browser.eval(f"document.querySelector('tr[data-key=\"{second}\"] button[data-d=accepter]').click()")
        third = review_keys[0]  # a pass to check, refused by the agent
        browser.eval(f"document.querySelector('tr[data-key=\"{third}\"] button[data-d=refuser]').click()")
        browser.navigate(url)  # decisions live in localStorage: a reload keeps them
        expect(browser.eval(f"document.querySelector('tr[data-key=\"{first}\"] button[data-d=confirmer_rejet]').classList.contains('on')")
               and browser.eval(f"document.querySelector('tr[data-key=\"{first}\"] textarea').value") == comment,
               "a decision and its comment survive a reload")
        browser.eval("(s=>{s.value='todo';s.dispatchEvent(new Event('change'))})(document.getElementById('f-decision'))")
        expect(len(rows()) == len(listed) - 3, "the « à décider » filter leaves out the three decided photos")
        if args.screenshots:
            browser.eval("(s=>{s.value='';s.dispatchEvent(new Event('change'))})(document.getElementById('f-decision'))")
            browser.screenshot(os.path.join(args.screenshots, "page.png"), 1400, 900)

        browser.eval("document.getElementById('export').click()")
        browser.wait_event("Browser.downloadProgress", 20, lambda p: p.get("state") == "completed")
        files = glob.glob(os.path.join(downloads, "*.csv"))
        expect(len(files) == 1 and os.path.basename(files[0]) == "decisions-review.csv",
               f"one CSV downloaded, named after the page: {[os.path.basename(f) for f in files]}")
        data = open(files[0], "rb").read()
        expect(data.startswith(b"\xef\xbb\xbf"), "the CSV starts with a BOM (a French spreadsheet reads UTF-8)")
        table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
        expect(table[0] == ["input", "photo_index", "status", "failed_checks", "decision", "comment", "decided_at",
                            "checks_to_check"], f"CSV header: {table[0]}")
        body = {f"{r[0]}#{r[1]}": r for r in table[1:]}
        expect(len(table) == 4 and body.get(first, [None] * 8)[4] == "confirmer_rejet" and
               body.get(second, [None] * 8)[4] == "accepter", f"three decisions exported: {table[1:]}")
        warned_third = [c["id"] for c in by_key[third]["checks"] if c["verdict"] == "warn"]
        expect(body.get(third, [None] * 8)[4] == "refuser" and body.get(third, [None] * 8)[2] == "pass" and
               body.get(third, [None] * 8)[7] == " ".join(warned_third),
               f"the pass to check is exported refused, with the checks that asked for a review: {body.get(third)}")
        expect(body.get(first, [None] * 7)[5] == "'" + comment,
               "the comment is exported whole, its leading = neutralised")
        expect(body.get(first, [None] * 7)[3] == " ".join(by_key[first].get("failed", [])) or
               by_key[first]["status"] == "error", "the failed checks of the photo are exported with it")

        browser.eval("document.getElementById('lang').click()")
        expect(browser.eval("document.getElementById('sort-margin').textContent").startswith("Margin"),
               "the switch shows the page in English")
        listed, wanted = listed_messages(), expected_messages("en")
        expect(listed and all(listed[k] == wanted[k] for k in listed), "every English message listed is the report's, whole")
    finally:
        browser.close()

    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
