"""Archive service: search latency over 10,000 records, text ingest rate, concurrent uploads.

    python -m benchmarks.archive [--records 10000] [--uploads 50]

Records are generated (varied plausible plans, decisions and letters of many provinces) and
saved straight into the store; ingest runs the real pipeline on text; the upload run starts a
real server on loopback, sends concurrent uploads with httpx, kills the server as a crash
would, restarts it and checks that every job ends done or with a clear error (nothing lost).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from api.pipeline import process
from archive import Archive
from archive.search import Filters, search

PROVINCES = [
    "Lai Châu",
    "Đắk Lắk",
    "Phú Yên",
    "Quảng Ninh",
    "Cần Thơ",
    "Nghệ An",
    "Lào Cai",
    "Bình Định",
    "Sơn La",
    "Thanh Hóa",
    "Gia Lai",
    "Hà Giang",
    "An Giang",
    "Hải Dương",
]
DISTRICTS = [
    "Tam Đường",
    "Phong Thổ",
    "Krông Pắc",
    "Tây Hòa",
    "Tiên Yên",
    "Sìn Hồ",
    "Bát Xát",
    "Ninh Kiều",
    "Mộc Châu",
    "Quỳ Hợp",
    "Chư Sê",
    "Tân Phong",
    "Vị Xuyên",
    "Thoại Sơn",
]
TOPICS = [
    "cải cách hành chính",
    "chuyển đổi số",
    "phòng chống thiên tai",
    "xây dựng nông thôn mới",
    "phổ biến giáo dục pháp luật",
    "bảo vệ môi trường",
    "phòng cháy chữa cháy",
    "giảm nghèo bền vững",
    "tiêm chủng mở rộng",
    "an toàn giao thông",
    "thu ngân sách",
    "quản lý đất đai",
    "phát triển du lịch",
    "chăm sóc sức khỏe nhân dân",
]
TYPES = [("Kế hoạch", "KH"), ("Quyết định", "QĐ"), ("Báo cáo", "BC"), ("Thông báo", "TB")]
QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("ke hoach cai cach hanh chinh", {}),
    ("kế hoạch cải cách hành chính", {}),
    ("chuyển đổi số", {}),
    ("chuyen doi so", {}),
    ("phong chong thien tai", {}),
    ("duong", {}),
    ("nong thon moi", {"year": 2021}),
    ("giam ngheo", {"doc_type": "KH"}),
    ("moi truong", {"issuer": "Krông Pắc"}),
    ("", {"issuer": "krong pac", "year": 2020}),
    ("", {"cites": "1234/QĐ-UBND"}),
    ("", {"cites": "1234/qd-ubnd", "doc_type": "KH"}),
    ("an toan giao thong nam 2023", {}),
    ("phong noi vu chu tri", {}),
]


def generate(rng: random.Random, i: int) -> dict[str, Any]:
    doc_type, code = rng.choice(TYPES)
    district, province = rng.choice(DISTRICTS), rng.choice(PROVINCES)
    topic, year = rng.choice(TOPICS), rng.randint(2012, 2025)
    title = (
        f"{rng.choice(['Triển khai', 'Tổ chức thực hiện', 'Tăng cường'])} công tác {topic} "
        f"trên địa bàn huyện {district} năm {year}"
    )
    body = "\n".join(
        f"{n}. {rng.choice(['Rà soát', 'Tuyên truyền', 'Kiểm tra', 'Tổng hợp'])} nội dung {topic}; "
        f"Phòng {rng.choice(['Nội vụ', 'Tư pháp', 'Tài chính - Kế hoạch'])} chủ trì, "
        f"hoàn thành trước ngày {rng.randint(1, 28)}/{rng.randint(1, 12)}/{year}."
        for n in range(1, 8)
    )
    cites = [{"symbol": "1234/QĐ-UBND"}] if i % 97 == 0 else []
    month = rng.randint(1, 12)
    return {
        "text": f"{doc_type.upper()}\n{title}\n{body}",
        "fields": {
            "doc_type": doc_type,
            "type_code": code,
            "symbol": f"{i}/{code}-UBND",
            "issuer": f"Ủy ban nhân dân huyện {district}",
            "issuer_parent": f"UBND tỉnh {province}",
            "title": title,
            "date": {"year": year},
            "cited_documents": cites,
            "deadlines": [
                {
                    "task": f"Báo cáo {topic}",
                    "raw": f"tháng {month}/{year}",
                    "start": f"{year}-{month:02d}-01",
                    "end": f"{year}-{month:02d}-28",
                    "kind": "month",
                    "lead": "Phòng Nội vụ",
                    "support": [],
                }
            ],
        },
    }


def build(archive: Archive, n: int) -> float:
    rng = random.Random(7)
    start = time.perf_counter()
    for i in range(n):
        record = generate(rng, i)
        doc_id = f"{i:064x}"
        archive.store_original(
            doc_id, record["text"].encode(), filename=f"{i}.txt", media_type="text/plain"
        )
        archive.save_record(doc_id, record)
    return n / (time.perf_counter() - start)


def latency(archive: Archive, rounds: int = 25) -> list[tuple[str, float, float, int]]:
    rows = []
    for query, filters in QUERIES:
        times, total = [], 0
        for _ in range(rounds):
            start = time.perf_counter()
            total = search(archive, query, filters=Filters(**filters))["total"]
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        rows.append(
            (
                f"{query!r} {filters or ''}",
                statistics.median(times),
                times[int(0.95 * (len(times) - 1))],
                total,
            )
        )
    return rows


def ingest_rate(n: int = 40) -> float:
    rng = random.Random(3)
    texts = [generate(rng, i)["text"].encode() for i in range(n)]
    start = time.perf_counter()
    for i, data in enumerate(texts):
        process(data, filename=f"{i}.txt")
    return n / (time.perf_counter() - start)


def uploads(count: int) -> dict[str, Any]:
    """``count`` concurrent uploads, the server killed at once, restarted: nothing lost?"""
    with tempfile.TemporaryDirectory() as tmp:
        rng = random.Random(11)
        files = [(f"{i}.txt", generate(rng, i)["text"].encode()) for i in range(count - 2)]
        files += [("broken.pdf", b"%PDF-1.4 broken"), ("word.docx", b"PK\x03\x04rest")]
        proc, url = _serve(tmp)
        try:
            start = time.perf_counter()
            with ThreadPoolExecutor(max_workers=min(count, 50)) as pool:
                answers = list(pool.map(lambda f: _upload(url, *f), files))
            upload_seconds = time.perf_counter() - start
        finally:
            os.killpg(proc.pid, signal.SIGKILL)  # as a crash would: jobs queued or half done
            proc.wait(timeout=10)
        unfinished = _unfinished(Path(tmp))
        proc, url = _serve(tmp)
        try:
            jobs = [doc["job"]["id"] for status, body in answers for doc in body["documents"]]
            finals = [_final_job(url, j) for j in jobs]
            seconds = time.perf_counter() - start
        finally:
            proc.terminate()
            proc.wait(timeout=10)
        stored = sum(1 for p in (Path(tmp) / "originals").rglob("*") if p.is_file())
    states = [job["state"] for job in finals]
    return {
        "uploads": count,
        "answered 202": sum(1 for status, _ in answers if status == 202),
        "refused with a clear error": sorted(
            f"{status} {body['error']['code']}" for status, body in answers if status != 202
        ),
        "upload seconds": round(upload_seconds, 2),
        "unfinished when killed": unfinished,
        "done after restart": states.count("done"),
        "failed with error code": sum(1 for j in finals if j["state"] == "failed" and j["error"]),
        "lost": len(finals) - states.count("done") - states.count("failed"),
        "originals stored": stored,
        "seconds in all": round(seconds, 1),
    }


def _serve(data_dir: str) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "api", "serve", "--port", str(port), "--data-dir", data_dir],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    _wait(url)
    return proc, url


def _unfinished(data_dir: Path) -> int:
    with sqlite3.connect(data_dir / "archive.sqlite3") as db:
        row = db.execute("SELECT count(*) FROM jobs WHERE state IN ('queued', 'running')")
        return int(row.fetchone()[0])


def _wait(url: str) -> None:
    for _ in range(200):
        try:
            httpx.get(f"{url}/health", timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)


def _upload(url: str, name: str, data: bytes) -> tuple[int, Any]:
    res = httpx.post(f"{url}/documents", files=[("files", (name, data))], timeout=60)
    return res.status_code, res.json()


def _final_job(url: str, job_id: str) -> dict[str, Any]:
    for _ in range(1200):
        job: dict[str, Any] = httpx.get(f"{url}/jobs/{job_id}", timeout=10).json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.25)
    return {"state": "timeout", "error": None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--uploads", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        archive = Archive(Path(tmp))
        rate = build(archive, args.records)
        print(f"archive of {args.records} generated records built at {rate:,.0f} records/s")
        print(f"\n{'query':58} {'p50 ms':>7} {'p95 ms':>7} {'hits':>6}")
        rows = latency(archive)
        for name, p50, p95, hits in rows:
            print(f"{name[:58]:58} {p50:7.1f} {p95:7.1f} {hits:6d}")
        print(f"{'worst p95':58} {'':7} {max(r[2] for r in rows):7.1f}")
        print("target: p95 < 50 ms")
    print(f"\ningest of text records through the pipeline: {ingest_rate():.1f} records/s")
    print(f"\n{args.uploads} concurrent uploads on loopback, server killed and restarted:")
    for name, value in uploads(args.uploads).items():
        print(f"  {name:28} {value}")


if __name__ == "__main__":
    main()
