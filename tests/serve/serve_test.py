#!/usr/bin/env python3
"""`conforme serve` driven by real HTTP clients on a loopback port (Python's http.client and raw
sockets, standard library only).

  serve_test.py --cli build/conforme --make-planche build/conforme-make-planche \
      --samples samples --bad tests/data/bad --openapi docs/openapi.yaml --work DIR --group api|limits|drain

Each group starts its own service on a free port (--port 0 --port-file) and asserts on the real
records it answers, compared with those `conforme check` writes for the same files.
"""
import argparse
import http.client
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.parse

ARGS = None
FAILURES = []


def check(condition, message):
    if not condition:
        FAILURES.append(message)
        print("FAIL: " + message, flush=True)


class Service:
    def __init__(self, *extra, env=None):
        self.port_file = os.path.join(ARGS.work, "port-%d" % time.monotonic_ns())
        self.proc = subprocess.Popen([ARGS.cli, "serve", "--port", "0", "--port-file", self.port_file, *extra],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     env=dict(os.environ, **(env or {})))
        deadline = time.monotonic() + 60
        while not os.path.exists(self.port_file):
            if self.proc.poll() is not None:
                raise RuntimeError("conforme serve exited %d: %s" % (self.proc.returncode, self.proc.stderr.read()))
            if time.monotonic() > deadline:
                raise RuntimeError("conforme serve did not listen within 60 s")
            time.sleep(0.05)
        with open(self.port_file) as f:
            self.port = int(f.read())

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        out, err = self.proc.communicate(timeout=60)
        return self.proc.returncode, out, err

    def request(self, method, path, body=None, headers=None, timeout=60):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, dict(r.getheaders()), data

    def raw(self):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=30)
        return s


def records(data):
    return [json.loads(line) for line in data.decode().splitlines() if line.strip()]


def without_input(record):
    return {k: v for k, v in record.items() if k not in ("input", "input_index")}


def cli_records(paths, *extra):
    out = subprocess.run([ARGS.cli, "check", "--format", "jsonl", "--quiet", *extra, *paths],
                         stdout=subprocess.PIPE, check=False).stdout
    by_input = {}
    for r in records(out):
        by_input.setdefault(r["input"], []).append(r)
    return by_input


def read_file(path):
    with open(path, "rb") as f:
        return f.read()


def read_response(sock):
    """Reads one HTTP response from a raw socket until the server closes it; (status, headers, body)."""
    data = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, socket.timeout):
            break
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode(errors="replace").split("\r\n")
    status = int(lines[0].split()[1]) if lines and lines[0].startswith("HTTP/1.1") else 0
    headers = {l.split(":", 1)[0].lower(): l.split(":", 1)[1].strip() for l in lines[1:] if ":" in l}
    return status, headers, body


def multipart(files, boundary="conforme-test-boundary"):
    body = b""
    for name, data in files:
        body += (b"--" + boundary.encode() + b"\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"" +
                 name.encode() + b"\"\r\nContent-Type: image/jpeg\r\n\r\n" + data + b"\r\n")
    body += b"--" + boundary.encode() + b"--\r\n"
    return body, {"Content-Type": "multipart/form-data; boundary=" + boundary}


def sample(name):
    return os.path.join(ARGS.samples, name)


def make_planche():
    path = os.path.join(ARGS.work, "planche.jpg")
    if not os.path.exists(path):
        subprocess.run([ARGS.make_planche, "--photo", sample("C001088_ok.jpg"), "--output", path, "--copies", "4"],
                       check=True, stdout=subprocess.DEVNULL)
    return path


def metric(text, name):
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[-1])
    return 0.0


# ---------------------------------------------------------------------------------------------

def group_api():
    token = "s3cret-token"
    svc = Service("--workers", "2", "--timeout", "2", "--max-body", "4", env={"CONFORME_TOKEN": token})
    auth = {"Authorization": "Bearer " + token}
    try:
        # The served OpenAPI document is the committed one, byte for byte.
        status, _, body = svc.request("GET", "/openapi.yaml")
        check(status == 200 and body == read_file(ARGS.openapi), "GET /openapi.yaml differs from docs/openapi.yaml")
        status, _, body = svc.request("GET", "/healthz")
        check(status == 200 and json.loads(body)["status"] == "ok", "GET /healthz: %d %r" % (status, body))
        status, _, body = svc.request("GET", "/readyz")
        check(status == 200 and json.loads(body)["status"] == "ready", "GET /readyz: %d %r" % (status, body))

        # The token: none or a wrong one is refused with an error record, before any work.
        ok = read_file(sample("C001088_ok.jpg"))
        status, headers, body = svc.request("POST", "/v1/check", ok)
        check(status == 401 and records(body)[0]["error"]["code"] == "unauthorized"
              and headers.get("WWW-Authenticate", "").startswith("Bearer"), "no token: %d %r" % (status, body[:200]))
        status, _, _ = svc.request("POST", "/v1/check", ok, {"Authorization": "Bearer wrong-token!"})
        check(status == 401, "wrong token answered %d" % status)
        status, _, _ = svc.request("GET", "/metrics")
        check(status == 401, "/metrics without the token answered %d" % status)

        status, _, body = svc.request("GET", "/v1/profiles", headers=auth)
        profiles = json.loads(body)
        names = [p["name"] for p in profiles]
        check(status == 200 and "fr-ants" in names and "icao-9303" in names
              and [p["name"] for p in profiles if p["default"]] == ["fr-ants"], "GET /v1/profiles: %r" % names)
        status, _, body = svc.request("GET", "/v1/checks", headers=auth)
        ids = [c["id"] for c in json.loads(body)]
        check(status == 200 and "head.height" in ids and "bg.colour" in ids, "GET /v1/checks: %r" % ids[:5])

        # Single photos: the records the CLI writes for the same files (input name aside).
        names = ["C001088_ok.jpg", "C001088_bg-white.jpg", "C001088_two-faces.jpg", "S001183_roll+12.jpg",
                 "S001183_eyes-0.73.jpg", "C001088_grey.jpg"]
        planche = make_planche()
        bad = ["document.pdf", "jpeg_cut_in_scan.jpg", "jpeg_bomb.jpg"]
        expected = cli_records([sample(n) for n in names] + [planche] + [os.path.join(ARGS.bad, n) for n in bad])
        expected_planche = expected[planche]
        expected_icao = cli_records([sample("C001088_bg-white.jpg")], "--profile", "icao-9303")
        before = svc.request("GET", "/metrics", headers=auth)[2].decode()

        status, headers, body = svc.request("POST", "/v1/check?name=ok.jpg", ok, auth)
        got = records(body)
        check(status == 200 and len(got) == 1 and got[0]["input"] == "ok.jpg" and got[0]["status"] == "pass"
              and headers.get("Conforme-Status") == "pass"
              and headers.get("Content-Type") == "application/x-ndjson", "ok photo: %d %r" % (status, headers))
        check(without_input(got[0]) == without_input(expected[sample("C001088_ok.jpg")][0]),
              "the service's record for C001088_ok.jpg differs from conforme check's")
        status, headers, body = svc.request("POST", "/v1/check?profile=icao-9303",
                                            read_file(sample("C001088_bg-white.jpg")), auth)
        check(status == 200 and without_input(records(body)[0]) ==
              without_input(expected_icao[sample("C001088_bg-white.jpg")][0]), "?profile=icao-9303 record differs")

        # A planche: one record per copy, in reading order, as the CLI gives them.
        status, headers, body = svc.request("POST", "/v1/check", read_file(planche), auth)
        got = records(body)
        check(status == 200 and [r["photo_index"] for r in got] == [0, 1, 2, 3], "planche: %d, %d records" % (status, len(got)))
        check([without_input(r) for r in got] == [without_input(r) for r in expected_planche],
              "the planche's records differ from conforme check's")
        status, _, body = svc.request("POST", "/v1/check?format=json", read_file(planche), auth)
        check(status == 200 and isinstance(json.loads(body), list) and len(json.loads(body)) == 4, "format=json planche")

        # Multipart: several files, records in order, names from the form; the whole request fails.
        form, headers_mp = multipart([("a.jpg", ok), ("b.jpg", read_file(sample("C001088_bg-white.jpg")))])
        status, headers, body = svc.request("POST", "/v1/check", form, dict(auth, **headers_mp))
        got = records(body)
        check(status == 200 and [(r["input"], r["input_index"], r["status"]) for r in got] ==
              [("a.jpg", 0, "pass"), ("b.jpg", 1, "fail")] and headers.get("Conforme-Status") == "fail",
              "multipart: %d %r" % (status, [(r["input"], r["status"]) for r in got]))

        # format=human in French: the verdict words of the CLI's human format.
        status, headers, body = svc.request("POST", "/v1/check?format=human&lang=fr",
                                            read_file(sample("C001088_bg-white.jpg")), auth)
        check(status == 200 and body.decode().startswith("NON CONFORME") and "fond" in body.decode(),
              "format=human&lang=fr: %r" % body[:80])

        # Concurrent requests on several connections: every answer is its own photo's record.
        results = {}

        def client(i):
            for j in range(3):
                n = names[(i + j) % len(names)]
                s, _, b = svc.request("POST", "/v1/check?name=" + urllib.parse.quote(n), read_file(sample(n)), auth)
                results[(i, j)] = (n, s, records(b))

        threads = [threading.Thread(target=client, args=(i,)) for i in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        check(len(results) == 18, "concurrent: %d of 18 answered" % len(results))
        for (n, s, got) in results.values():
            check(s == 200 and len(got) == 1 and got[0]["input"] == n
                  and without_input(got[0]) == without_input(expected[sample(n)][0]),
                  "concurrent: %s answered %d with a record that is not conforme check's" % (n, s))

        # Bad inputs: the CLI's error code, the input named, the matching status.
        for name, code, want in [("document.pdf", "not_an_image", 422), ("jpeg_cut_in_scan.jpg", "truncated", 422),
                                 ("jpeg_bomb.jpg", "too_large", 413)]:
            cli = expected[os.path.join(ARGS.bad, name)][0]
            status, headers, body = svc.request("POST", "/v1/check?name=" + urllib.parse.quote(name), read_file(os.path.join(ARGS.bad, name)), auth)
            got = records(body)
            check(status == want and got[0]["error"]["code"] == code == cli["error"]["code"]
                  and got[0]["error"]["message"].startswith(name + ":") and headers.get("Conforme-Status") == "error",
                  "%s: %d %r" % (name, status, got[0].get("error")))
        check("65000 x 65000" in records(body)[0]["error"]["message"], "bomb message: %r" % records(body)[0]["error"])

        # Refused requests: one error record naming the problem.
        for method, path, body, want, code in [
                ("POST", "/v1/check?kind=sideways", ok, 400, "bad_option"),
                ("POST", "/v1/check?profile=nope", ok, 400, "unknown_profile"),
                ("POST", "/v1/check?colour=1", ok, 400, "bad_option"),
                ("POST", "/v1/check", b"", 400, "empty_file"),
                ("GET", "/v1/check", None, 405, "method_not_allowed"),
                ("GET", "/v2/nothing", None, 404, "unknown_endpoint")]:
            status, _, answer = svc.request(method, path, body, auth)
            got = records(answer)
            check(status == want and got[0]["status"] == "error" and got[0]["error"]["code"] == code,
                  "%s %s: %d %r" % (method, path, status, answer[:200]))
        status, _, answer = svc.request("POST", "/v1/check", b"--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--\r\n",
                                        dict(auth, **{"Content-Type": "multipart/form-data; boundary=x"}))
        check(status == 400 and records(answer)[0]["error"]["code"] == "bad_multipart"
              and "'a'" in records(answer)[0]["error"]["message"], "form field: %d %r" % (status, answer[:200]))

        # Metrics: requests, latency histogram, verdicts and errors, counted.
        after = svc.request("GET", "/metrics", headers=auth)[2].decode()
        delta = lambda name: metric(after, name) - metric(before, name)
        check(delta('conforme_photos_total{status="pass"}') >= 1 + 4 + 1 and delta('conforme_photos_total{status="fail"}') >= 2,
              "metrics: photos %r" % [l for l in after.splitlines() if l.startswith("conforme_photos")])
        check(delta('conforme_errors_total{code="too_large"}') == 1 and delta('conforme_errors_total{code="bad_option"}') == 2,
              "metrics: errors")
        check(delta('conforme_http_request_duration_seconds_count{route="/v1/check"}') ==
              delta('conforme_http_requests_total{route="/v1/check",code="200"}') +
              delta('conforme_http_requests_total{route="/v1/check",code="400"}') +
              delta('conforme_http_requests_total{route="/v1/check",code="422"}') +
              delta('conforme_http_requests_total{route="/v1/check",code="413"}') +
              delta('conforme_http_requests_total{route="/v1/check",code="405"}'), "metrics: histogram count")
        check(metric(after, "conforme_workers") == 2, "metrics: workers")
    finally:
        code, _, err = svc.stop()
        check(code == 0, "serve exited %d after SIGTERM: %s" % (code, err))


def group_limits():
    svc = Service("--workers", "1", "--queue", "1", "--timeout", "2", "--max-body", "1", "--max-upload-memory", "1")
    try:
        ok = read_file(sample("C001088_ok.jpg"))
        # Bodies being received hold --max-upload-memory: one announcing 1,000,000 bytes leaves no
        # room for another 88 KB (503 busy), until it is gone.
        big = svc.raw()
        big.sendall(b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n" + ok[:1000])
        time.sleep(0.2)
        status, headers, body = svc.request("POST", "/v1/check", ok)
        check(status == 503 and records(body)[0]["error"]["code"] == "busy" and "--max-upload-memory" in
              records(body)[0]["error"]["message"] and int(headers.get("Retry-After", "0")) >= 1,
              "upload memory full: %d %r" % (status, body[:200]))
        big.close()
        time.sleep(0.2)
        status, _, body = svc.request("POST", "/v1/check", ok)
        check(status == 200 and records(body)[0]["status"] == "pass", "after the big upload left: %d" % status)
        # A body over --max-body, announced with Expect: 100-continue: refused before it is sent.
        s = svc.raw()
        s.sendall(b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\nExpect: 100-continue\r\n\r\n")
        status, headers, body = read_response(s)
        check(status == 413 and records(body)[0]["error"]["code"] == "too_large"
              and "5000000" in records(body)[0]["error"]["message"], "oversized (100-continue): %d %r" % (status, body[:200]))
        # ... and sent whole anyway: the answer still arrives (no reset), 413.
        try:
            status, _, body = svc.request("POST", "/v1/check", os.urandom(3 << 20))
            check(status == 413 and records(body)[0]["error"]["code"] == "too_large", "oversized: %d" % status)
        except (ConnectionResetError, BrokenPipeError) as e:
            check(False, "oversized body: the connection was reset (%s) instead of a 413" % e)

        # A truncated upload: the body ends (client half-closes) before its Content-Length.
        s = svc.raw()
        s.sendall(b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(ok) + ok[:len(ok) // 2])
        s.shutdown(socket.SHUT_WR)
        status, _, body = read_response(s)
        got = records(body)
        check(status == 400 and got[0]["error"]["code"] == "truncated"
              and ("after %d of %d bytes" % (len(ok) // 2, len(ok))) in got[0]["error"]["message"],
              "truncated upload: %d %r" % (status, body[:200]))

        # A client that resets its connection in the middle of its upload: no answer can reach it,
        # and the service says on stderr that a request it read went unanswered (checked at stop).
        s = svc.raw()
        s.sendall(b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(ok) + ok[:len(ok) // 2])
        time.sleep(0.2)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close with a reset
        s.close()
        time.sleep(0.2)

        # A slow client (headers, then a trickle) gets 408 after --timeout; meanwhile others are served.
        slow = svc.raw()
        slow.sendall(b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(ok) + ok[:100])
        start = time.monotonic()
        status, _, body = svc.request("POST", "/v1/check", ok)
        check(status == 200 and records(body)[0]["status"] == "pass", "served beside a slow client: %d" % status)
        slow.sendall(ok[100:200])
        status, _, body = read_response(slow)
        waited = time.monotonic() - start
        check(status == 408 and records(body)[0]["error"]["code"] == "timeout" and 1.5 < waited < 10,
              "slow client: %d after %.1f s %r" % (status, waited, body[:200]))

        # A full queue (1 worker, queue 1): answered 503 busy with Retry-After at once, none lost.
        # How many are served depends on timing: on a loaded machine the uploads also meet the
        # 1 MB upload-memory limit, a busy 503 as well, before one reaches the queue; so at least
        # one 200, not two (this assertion failed 3 times in ~10 suite runs under load).
        planche = read_file(make_planche())
        answers = []
        lock = threading.Lock()
        barrier = threading.Barrier(8)

        def client():
            barrier.wait()
            s, h, b = svc.request("POST", "/v1/check", planche)
            with lock:
                answers.append((s, h, b))

        threads = [threading.Thread(target=client) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        statuses = sorted(a[0] for a in answers)
        check(len(answers) == 8 and set(statuses) <= {200, 503} and statuses.count(200) >= 1 and 503 in statuses,
              "queue full: statuses %r" % statuses)
        for s, h, b in answers:
            if s == 503:
                check(records(b)[0]["error"]["code"] == "busy" and int(h.get("Retry-After", "0")) >= 1,
                      "503 without busy / Retry-After: %r %r" % (h, b[:200]))
            else:
                check(len(records(b)) == 4, "a queued planche answered %d records" % len(records(b)))
    finally:
        code, _, err = svc.stop()
        check(code == 0, "serve exited %d after SIGTERM: %s" % (code, err))
        check("a request was closed unanswered: the client went away while sending it" in err,
              "a reset upload left no word on stderr: %r" % err[-600:])


def group_drain():
    svc = Service("--workers", "2", "--timeout", "5")
    planche = read_file(make_planche())
    ok = read_file(sample("C001088_ok.jpg"))
    complete, refused, broken = [], [], []
    lock = threading.Lock()
    stop = threading.Event()

    def client(i):
        while not stop.is_set():
            body = planche if i % 2 else ok
            try:
                s = socket.create_connection(("127.0.0.1", svc.port), timeout=30)
            except OSError:
                with lock:
                    refused.append(i)
                return  # the listener is closed: the service is draining
            try:
                s.sendall(b"POST /v1/check HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: %d\r\n\r\n"
                          % len(body) + body)
            except OSError:
                pass  # reset before the request was read: judged by what comes back
            status, headers, answer = read_response(s)
            s.close()
            with lock:
                if status == 0 and not answer:
                    refused.append(i)  # reset without a byte of answer: never accepted
                    return
                n = int(headers.get("content-length", "-1"))
                ok_records = status == 200 and len(answer) == n and len(records(answer)) == (4 if i % 2 else 1)
                (complete if ok_records else broken).append((status, len(answer), n))

    threads = [threading.Thread(target=client, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 60
    while len(complete) < 6 and not broken and time.monotonic() < deadline:
        time.sleep(0.05)  # under load: a few requests answered, others on their way
    # A request in progress when SIGTERM arrives is answered in full; a connection opened before
    # it, whose request comes just after, is served too, and hears that the service is draining.
    inflight = socket.create_connection(("127.0.0.1", svc.port), timeout=30)
    inflight.sendall(b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(planche) + planche)
    early = socket.create_connection(("127.0.0.1", svc.port), timeout=30)
    time.sleep(0.05)
    svc.proc.send_signal(signal.SIGTERM)
    time.sleep(0.2)
    early.sendall(b"GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n")
    status, _, answer = read_response(early)
    check(status == 503 and json.loads(answer)["status"] == "draining", "/readyz while draining: %d %r" % (status, answer))
    status, _, answer = read_response(inflight)
    check(status == 200 and len(records(answer)) == 4, "request in flight at SIGTERM: %d, %d bytes" % (status, len(answer)))
    try:
        out, err = svc.proc.communicate(timeout=60)
    finally:
        stop.set()
        for t in threads:
            t.join()
    check(svc.proc.returncode == 0, "exit %d after SIGTERM under load" % svc.proc.returncode)
    check(not broken, "answers cut or wrong during the drain: %r" % broken[:5])
    check(len(complete) >= 6, "only %d requests answered under load before SIGTERM" % len(complete))
    line = [l for l in err.splitlines() if "stopped:" in l]
    words = line[0].split() if line else []
    received, served = (int(words[3]), int(words[6])) if len(words) > 6 else (-1, -2)
    # Every request the service received was answered, and every answer reached its client whole:
    # the service's counts are the clients' complete answers plus the in-flight one.
    check(received == served == len(complete) + 2,
          "service received %d, answered %d; clients got %d + 2 whole answers (%r; %r)"
          % (received, served, len(complete), line, [l for l in err.splitlines() if "unanswered" in l]))
    with socket.socket() as s:
        check(s.connect_ex(("127.0.0.1", svc.port)) != 0, "still listening after the drain")


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    for a in ("--cli", "--make-planche", "--samples", "--bad", "--openapi", "--work"):
        ap.add_argument(a, required=True)
    ap.add_argument("--group", choices=["api", "limits", "drain"], required=True)
    ARGS = ap.parse_args()
    os.makedirs(ARGS.work, exist_ok=True)
    {"api": group_api, "limits": group_limits, "drain": group_drain}[ARGS.group]()
    if FAILURES:
        print("%d failure(s)" % len(FAILURES))
        return 1
    print("serve %s: all assertions hold" % ARGS.group)
    return 0


if __name__ == "__main__":
    sys.exit(main())
