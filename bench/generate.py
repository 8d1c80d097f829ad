"""Generate a company in the interchange format, at any scale, for the benchmark.

The company has the shape and proportions of ``shared/samples/acme``: reps in
groups of about 13 under regions under one head office, 100 customers and
1,000 orders per rep (orders from October 2024 to December 2026), and per
order about 1 payment, 1.2 visits, 0.2 tasks, 0.125 requests, 0.084 surveys,
0.017 complaints and 0.013 assessments, with quarterly or monthly targets.
Scale 1 is 10,000 reps, 1,000,000 customers and 10,000,000 orders.

Rows stream to the files: nothing holds more than one batch of rows, only
per-customer pools of a few bytes (owner, acquisition day).  The output is a
function of ``--seed`` and ``--scale`` alone; each file has its own random
stream, so the files are written by parallel processes and still come out
the same.

    python bench/generate.py --scale 0.01 --out bench/out/s0.01 --increment --xlsx

writes ``OUT/base/*.csv`` (the company), ``OUT/increment/orders.csv`` (a month
of orders after the base data, 1,000,000 at scale 1) and
``OUT/xlsx/orders.xlsx`` (200,000 orders at scale 1, typed date and number
cells), and ``OUT/manifest.json`` with the row count of every file.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import multiprocessing
import os
import random
import sys
import time
from array import array
from pathlib import Path

# Per rep, from acme (40 reps, 2,000 customers, 24,000 orders) scaled to the
# issue's company (10,000 reps, 1,000,000 customers, 10,000,000 orders).
CUSTOMERS_PER_REP = 100
ORDERS_PER_REP = 1000
# Per order, as in acme.
VISITS_PER_ORDER = 1.2
TASKS_PER_ORDER = 0.2
REQUESTS_PER_ORDER = 0.125
SURVEYS_PER_ORDER = 0.084
COMPLAINTS_PER_ORDER = 0.0167
ASSESSMENTS_PER_ORDER = 0.0133
REPS_PER_GROUP = 13
GROUPS_PER_REGION = 10
INCREMENT_ORDERS = 1_000_000
XLSX_ORDERS = 200_000

BATCH = 20_000
EPOCH = dt.date(2019, 1, 1)
DATA_START = dt.date(2024, 10, 1)  # first order, visit, task, ...
DATA_END = dt.date(2026, 12, 31)  # last one
CUSTOMERS_START = dt.date(2022, 1, 1)
CUSTOMERS_END = dt.date(2027, 1, 3)
INCREMENT_MONTH = (dt.date(2027, 1, 1), dt.date(2027, 1, 31))
XLSX_MONTH = (dt.date(2027, 2, 1), dt.date(2027, 2, 28))

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏建红辉宇浩林琳雪飞斌波婷凯俊亮峰晶欣"
INDUSTRIES = [
    "餐饮",
    "能源",
    "零售",
    "制造",
    "教育",
    "软件",
    "金融",
    "物流",
    "医疗",
    "建筑",
]
REGIONS = ["西北", "华北", "东北", "西南", "华东", "华中", "华南"]
SOURCES = ["cold_call", "exhibition", "partner", "referral", "website"]
SUFFIXES = ["商贸有限公司", "科技有限公司", "实业有限公司", "集团", "工贸有限公司"]
VISIT_SUMMARIES = ["", "报价跟进", "初次拜访", "产品演示", "需求沟通", "售后回访"]
TASK_TITLES = ["客户回访", "收款跟进", "提交周报", "合同审核", "准备报价"]
REQUEST_SUBJECTS = ["价格询问", "技术支持", "发票问题", "发货咨询", ""]
SURVEY_COMMENTS = ["响应慢", "服务很好", "价格偏高", ""]
COMPLAINT_CATEGORIES = ["attitude", "billing", "delivery", "other", "quality"]


def day(d: dt.date) -> int:
    return (d - EPOCH).days


class Company:
    """The sizes and the few per-record pools every file's writer shares.

    Built once in the parent process; the writers, forked, read it.
    """

    def __init__(self, *, scale: float, seed: int) -> None:
        self.scale = scale
        self.seed = seed
        self.reps = max(4, round(10_000 * scale))
        self.customers = self.reps * CUSTOMERS_PER_REP
        self.orders = self.reps * ORDERS_PER_REP
        self.increment_orders = max(1000, round(INCREMENT_ORDERS * scale))
        self.xlsx_orders = max(1000, round(XLSX_ORDERS * scale))
        self.groups = math.ceil(self.reps / REPS_PER_GROUP)
        self.regions = math.ceil(self.groups / GROUPS_PER_REGION)

        # Dates as text, by day number since EPOCH, up to 2027-12-31.
        n_days = day(dt.date(2027, 12, 31)) + 1
        self.date_text = [
            (EPOCH + dt.timedelta(days=i)).isoformat() for i in range(n_days)
        ]
        self.minute_text = [f"{m // 60:02d}:{m % 60:02d}" for m in range(1440)]

        rnd = random.Random(f"{seed}:people")
        # Employees: 3 head-office staff, then per region a director and per
        # group a manager followed by its reps.  rep_no[i] is rep i's number.
        self.employee_rows: list[list[str]] = []
        self.team_rows: list[list[str]] = [["HQ", "总部", ""]]
        self.rep_no: list[str] = []
        self.rep_hired: list[int] = []
        serial = 0

        def employee(team: str, role: str) -> str:
            nonlocal serial
            serial += 1
            no = f"E{serial:06d}"
            hired = rnd.randrange(day(dt.date(2019, 1, 1)), day(dt.date(2026, 9, 30)))
            left = ""
            if role == "rep" and rnd.random() < 0.07:
                left_day = min(
                    hired + rnd.randrange(200, 1500), day(dt.date(2026, 12, 1))
                )
                left = self.date_text[max(left_day, hired)]
            salary = f"{rnd.randrange(80, 160) * 100}.00"
            self.employee_rows.append(
                [
                    no,
                    self.person_name(rnd),
                    team,
                    role,
                    f"{no.lower()}@example.com",
                    f"138{serial:08d}",
                    self.date_text[hired],
                    left,
                    salary,
                ]
            )
            if role == "rep":
                self.rep_no.append(no)
                self.rep_hired.append(hired)
            return no

        for role in ("admin", "hr", "finance"):
            employee("HQ", role)
        reps_left = self.reps
        group = 0
        for region in range(self.regions):
            code = f"R{region:03d}"
            self.team_rows.append([code, f"{REGIONS[region % 7]}大区{region}", "HQ"])
            employee(code, "director")
            for _ in range(GROUPS_PER_REGION):
                if reps_left <= 0:
                    break
                g = f"G{group:04d}"
                self.team_rows.append([g, f"销售{group}组", code])
                employee(g, "manager")
                for _ in range(min(REPS_PER_GROUP, reps_left)):
                    employee(g, "rep")
                    reps_left -= 1
                group += 1
        self.managers = [r[0] for r in self.employee_rows if r[3] == "manager"]

        # Each customer's owner (a rep index) and acquisition day: the only
        # per-record state other files need (orders credit the owner mostly).
        rnd = random.Random(f"{seed}:customers-pool")
        nrep = self.reps
        self.owner = array("H" if nrep < 65536 else "I")
        self.owner.extend(int(rnd.random() * nrep) for _ in range(self.customers))
        lo, hi = day(CUSTOMERS_START), day(CUSTOMERS_END)
        self.acquired = array("H")
        self.acquired.extend(rnd.randrange(lo, hi + 1) for _ in range(self.customers))

    @staticmethod
    def person_name(rnd: random.Random) -> str:
        given = "".join(rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2, 2))))
        return rnd.choice(SURNAMES) + given

    def customer_code(self, i: int) -> str:
        return f"C{i + 1:08d}"


def amount_pool(rnd: random.Random, size: int = 1 << 16) -> list[str]:
    """Order amounts as text, log-normal around 13,000 like acme's."""
    pool = []
    for _ in range(size):
        cents = int(round(math.exp(rnd.gauss(math.log(13_000), 1.0)) * 100))
        pool.append(f"{cents // 100}.{cents % 100:02d}")
    pool[0] = "0.00"  # acme has a few zero-amount orders
    return pool


def writer_for(path: Path):
    f = open(path, "w", newline="", encoding="utf-8", buffering=1 << 20)
    return f, csv.writer(f, lineterminator="\n")


# --- one function per file (or pair of files written in one pass) -----------


def write_small(c: Company, out: Path) -> dict[str, int]:
    """teams, employees, customers, complaints, assessments and targets."""
    counts: dict[str, int] = {}
    f, w = writer_for(out / "teams.csv")
    w.writerow(["code", "name", "parent_code"])
    w.writerows(c.team_rows)
    f.close()
    counts["teams"] = len(c.team_rows)

    f, w = writer_for(out / "employees.csv")
    w.writerow(
        ["employee_no", "name", "team_code", "role", "email", "phone", "hired_on"]
        + ["left_on", "base_salary"]
    )
    w.writerows(c.employee_rows)
    f.close()
    counts["employees"] = len(c.employee_rows)

    rnd = random.Random(f"{c.seed}:customers")
    r = rnd.random
    f, w = writer_for(out / "customers.csv")
    w.writerow(
        ["code", "name", "owner_employee_no", "acquired_on", "industry", "region"]
        + ["source", "level"]
    )
    names = [s + g for s in SURNAMES for g in GIVEN]
    names = [n + suffix for n in names for suffix in SUFFIXES]
    levels = ["a"] * 2 + ["b"] * 5 + ["c"] * 3
    rep_no, owner, acquired, dates = c.rep_no, c.owner, c.acquired, c.date_text
    nn, ni, nr, ns = len(names), len(INDUSTRIES), len(REGIONS), len(SOURCES)
    for start in range(0, c.customers, BATCH):
        w.writerows(
            [
                f"C{i + 1:08d}",
                names[int(r() * nn)],
                rep_no[owner[i]],
                dates[acquired[i]],
                INDUSTRIES[int(r() * ni)],
                REGIONS[int(r() * nr)],
                SOURCES[int(r() * ns)],
                levels[int(r() * 10)],
            ]
            for i in range(start, min(start + BATCH, c.customers))
        )
    f.close()
    counts["customers"] = c.customers

    counts["complaints"] = write_complaints(c, out)
    counts["assessments"] = write_assessments(c, out)
    counts["targets"] = write_targets(c, out)
    return counts


def write_complaints(c: Company, out: Path) -> int:
    rnd = random.Random(f"{c.seed}:complaints")
    r = rnd.random
    n = round(c.orders * COMPLAINTS_PER_ORDER)
    lo, span = day(DATA_START), day(DATA_END) - day(DATA_START) + 1
    dates, owner, rep_no, ncust = c.date_text, c.owner, c.rep_no, c.customers
    severities = ["low", "medium", "high", ""]
    f, w = writer_for(out / "complaints.csv")
    w.writerow(
        ["complaint_no", "customer_code", "employee_no", "filed_on", "category"]
        + ["severity", "resolved_on"]
    )
    for start in range(0, n, BATCH):
        rows = []
        for i in range(start, min(start + BATCH, n)):
            cust = int(r() * ncust)
            filed = lo + int(r() * span)
            rows.append(
                (
                    f"CP{i + 1:09d}",
                    f"C{cust + 1:08d}",
                    rep_no[owner[cust]],
                    dates[filed],
                    COMPLAINT_CATEGORIES[int(r() * 5)],
                    severities[int(r() * 4)],
                    "" if r() < 0.2 else dates[filed + int(r() * 30)],
                )
            )
        w.writerows(rows)
    f.close()
    return n


def write_assessments(c: Company, out: Path) -> int:
    rnd = random.Random(f"{c.seed}:assessments")
    r = rnd.random
    n = round(c.orders * ASSESSMENTS_PER_ORDER)
    lo, span = day(DATA_START), day(DATA_END) - day(DATA_START) + 1
    kinds = ["knowledge", "communication", "teamwork"]
    nrep, nman = c.reps, len(c.managers)
    f, w = writer_for(out / "assessments.csv")
    w.writerow(
        ["assessment_no", "employee_no", "kind", "assessed_on", "score"]
        + ["assessor_employee_no"]
    )
    w.writerows(
        (
            f"AS{i + 1:08d}",
            c.rep_no[int(r() * nrep)],
            kinds[int(r() * 3)],
            c.date_text[lo + int(r() * span)],
            f"{50 + r() * 50:.1f}",
            c.managers[int(r() * nman)],
        )
        for i in range(n)
    )
    f.close()
    return n


def write_targets(c: Company, out: Path) -> int:
    """Quarterly targets for most reps, monthly ones for about 1 in 7; one in
    six of those lacks the third month, so its quarter has no target."""
    rnd = random.Random(f"{c.seed}:targets")
    n = 0
    f, w = writer_for(out / "targets.csv")
    w.writerow(["employee_no", "period", "metric", "value"])
    quarters = [(y, q) for y in (2025, 2026) for q in range(1, 5)]
    for no in c.rep_no:
        monthly = rnd.random() < 0.15
        gaps = monthly and rnd.random() < 0.17
        per_quarter_orders = ORDERS_PER_REP / 9 * 0.85 * rnd.uniform(0.8, 1.2)
        rows = []
        for y, q in quarters:
            if not monthly:
                labels = [(f"{y}-Q{q}", 1.0)]
            else:
                months = [3 * q - 2, 3 * q - 1] + ([] if gaps else [3 * q])
                labels = [(f"{y}-{m:02d}", 1 / 3) for m in months]
            for label, share in labels:
                orders = max(1, round(per_quarter_orders * share))
                revenue = orders * rnd.uniform(17_000, 23_000)
                rows.append((no, label, "revenue", f"{revenue:.2f}"))
                rows.append((no, label, "orders", str(orders)))
                rows.append((no, label, "new_customers", str(max(1, round(5 * share)))))
        w.writerows(rows)
        n += len(rows)
    f.close()
    return n


def write_orders(
    c: Company,
    path: Path,
    *,
    first: int,
    count: int,
    dates: tuple[dt.date, dt.date],
    payments_path: Path | None,
    stream: str,
) -> dict[str, int]:
    """Orders (and, in the same pass, their payments) as CSV.

    85% of orders are confirmed, 10% cancelled, 5% returned; 85% credit the
    customer's owner.  About 90% of confirmed orders are paid, 29% of those
    in two instalments, all within 60 days.
    """
    rnd = random.Random(f"{c.seed}:{stream}")
    r = rnd.random
    amounts = amount_pool(rnd)
    statuses = ["confirmed"] * 17 + ["cancelled"] * 2 + ["returned"]
    lo, span = day(dates[0]), day(dates[1]) - day(dates[0]) + 1
    date_text, owner, rep_no, ncust, nrep = (
        c.date_text,
        c.owner,
        c.rep_no,
        c.customers,
        c.reps,
    )
    f, w = writer_for(path)
    w.writerow(
        ["order_no", "customer_code", "employee_no", "ordered_on", "amount"]
        + ["status", "contract_no"]
    )
    pf = pw = None
    if payments_path is not None:
        pf, pw = writer_for(payments_path)
        pw.writerow(["payment_no", "order_no", "paid_on", "amount"])
    n_pay = 0
    for start in range(first, first + count, BATCH):
        rows = []
        pays = []
        for i in range(start, min(start + BATCH, first + count)):
            cust = int(r() * ncust)
            rep = owner[cust] if r() < 0.85 else int(r() * nrep)
            on = lo + int(r() * span)
            amount = amounts[int(r() * 65536)]
            status = statuses[int(r() * 20)]
            no = f"SO{i + 1:09d}"
            rows.append(
                (
                    no,
                    f"C{cust + 1:08d}",
                    rep_no[rep],
                    date_text[on],
                    amount,
                    status,
                    f"HT{no}" if r() < 0.71 else "",
                )
            )
            if pw is None or status != "confirmed" or amount == "0.00":
                continue
            x = r()
            if x < 0.10:
                continue
            paid = on + int(r() * 60)
            if x < 0.71 or amount == "0.01":
                n_pay += 1
                pays.append((f"PM{n_pay:09d}", no, date_text[paid], amount))
            else:
                # Two instalments: a round share first, the rest later.
                whole, cents = amount.split(".")
                total = int(whole) * 100 + int(cents)
                part = max(1, total * 3 // 10)
                rest = total - part
                n_pay += 2
                pays.append(
                    (
                        f"PM{n_pay - 1:09d}",
                        no,
                        date_text[paid],
                        f"{part // 100}.{part % 100:02d}",
                    )
                )
                pays.append(
                    (
                        f"PM{n_pay:09d}",
                        no,
                        date_text[paid + int(r() * 30)],
                        f"{rest // 100}.{rest % 100:02d}",
                    )
                )
        w.writerows(rows)
        if pw is not None:
            pw.writerows(pays)
    f.close()
    counts = {path.stem: count}
    if pf is not None:
        pf.close()
        counts["payments"] = n_pay
    return counts


def local_datetime_texts(c: Company, r, minute: int) -> str:
    """One of the three ways acme writes a datetime, for a local minute."""
    x = r()
    d, m = divmod(minute, 1440)
    if x < 0.34:
        return f"{c.date_text[d]} {c.minute_text[m]}"
    if x < 0.67:
        return f"{c.date_text[d]}T{c.minute_text[m]}:00+08:00"
    d, m = divmod(minute - 480, 1440)
    return f"{c.date_text[d]}T{c.minute_text[m]}:00Z"


def write_visits(c: Company, out: Path) -> dict[str, int]:
    rnd = random.Random(f"{c.seed}:visits")
    r = rnd.random
    n = round(c.orders * VISITS_PER_ORDER)
    lo, span = day(DATA_START) * 1440, (day(DATA_END) - day(DATA_START) + 1) * 1440
    channels = ["onsite"] * 5 + ["phone"] * 4 + ["video"] * 2
    owner, rep_no, ncust, nrep = c.owner, c.rep_no, c.customers, c.reps
    dt_text = local_datetime_texts
    f, w = writer_for(out / "visits.csv")
    w.writerow(
        ["visit_no", "employee_no", "customer_code", "visited_at", "channel", "summary"]
    )
    for start in range(0, n, BATCH):
        rows = []
        for i in range(start, min(start + BATCH, n)):
            cust = int(r() * ncust)
            rep = owner[cust] if r() < 0.9 else int(r() * nrep)
            rows.append(
                (
                    f"V{i + 1:09d}",
                    rep_no[rep],
                    f"C{cust + 1:08d}",
                    dt_text(c, r, lo + int(r() * span)),
                    channels[int(r() * 11)],
                    VISIT_SUMMARIES[int(r() * 6)],
                )
            )
        w.writerows(rows)
    f.close()
    return {"visits": n}


def write_activity(c: Company, out: Path) -> dict[str, int]:
    """tasks, requests and surveys."""
    counts = {}
    lo_day, days = day(DATA_START), day(DATA_END) - day(DATA_START) + 1
    owner, rep_no, ncust, nrep, dates = (
        c.owner,
        c.rep_no,
        c.customers,
        c.reps,
        c.date_text,
    )

    rnd = random.Random(f"{c.seed}:tasks")
    r = rnd.random
    n = round(c.orders * TASKS_PER_ORDER)
    f, w = writer_for(out / "tasks.csv")
    w.writerow(["task_no", "employee_no", "title", "due_on", "completed_on"])
    for start in range(0, n, BATCH):
        rows = []
        for i in range(start, min(start + BATCH, n)):
            due = lo_day + int(r() * days)
            rows.append(
                (
                    f"T{i + 1:09d}",
                    rep_no[int(r() * nrep)],
                    TASK_TITLES[int(r() * 5)],
                    dates[due],
                    "" if r() < 0.1 else dates[due - 5 + int(r() * 13)],
                )
            )
        w.writerows(rows)
    f.close()
    counts["tasks"] = n

    rnd = random.Random(f"{c.seed}:requests")
    r = rnd.random
    n = round(c.orders * REQUESTS_PER_ORDER)
    lo, span = lo_day * 1440, days * 1440
    f, w = writer_for(out / "requests.csv")
    w.writerow(
        ["request_no", "customer_code", "employee_no", "opened_at"]
        + ["first_response_at", "subject"]
    )
    for start in range(0, n, BATCH):
        rows = []
        for i in range(start, min(start + BATCH, n)):
            cust = int(r() * ncust)
            opened = lo + int(r() * span)
            x = r()
            if x < 0.07:
                response = ""
            else:
                # Minutes to the first answer: mostly hours, sometimes days.
                delay = int(math.exp(r() * 8.5))
                response = local_datetime_texts(c, r, opened + delay)
            rows.append(
                (
                    f"RQ{i + 1:09d}",
                    f"C{cust + 1:08d}",
                    rep_no[owner[cust]],
                    local_datetime_texts(c, r, opened),
                    response,
                    REQUEST_SUBJECTS[int(r() * 5)],
                )
            )
        w.writerows(rows)
    f.close()
    counts["requests"] = n

    rnd = random.Random(f"{c.seed}:surveys")
    r = rnd.random
    n = round(c.orders * SURVEYS_PER_ORDER)
    satisfaction = ["1"] * 3 + ["2"] * 6 + ["3"] * 20 + ["4"] * 42 + ["5"] * 29
    recommend = [str(i) for i in range(11)]
    f, w = writer_for(out / "surveys.csv")
    w.writerow(
        ["survey_no", "customer_code", "employee_no", "answered_on", "satisfaction"]
        + ["recommend", "comment"]
    )
    for start in range(0, n, BATCH):
        rows = []
        for i in range(start, min(start + BATCH, n)):
            cust = int(r() * ncust)
            rows.append(
                (
                    f"SV{i + 1:09d}",
                    f"C{cust + 1:08d}",
                    rep_no[owner[cust]],
                    dates[lo_day + int(r() * days)],
                    satisfaction[int(r() * 100)],
                    recommend[int(r() * 11)],
                    SURVEY_COMMENTS[int(r() * 4)],
                )
            )
        w.writerows(rows)
    f.close()
    counts["surveys"] = n
    return counts


def write_xlsx(c: Company, path: Path) -> dict[str, int]:
    """Orders of the month after the increment as an XLSX workbook: date
    cells are dates, amounts number cells, as spreadsheet programs save them.
    """
    from openpyxl import Workbook

    rnd = random.Random(f"{c.seed}:xlsx")
    r = rnd.random
    amounts = [float(a) for a in amount_pool(rnd)]
    statuses = ["confirmed"] * 17 + ["cancelled"] * 2 + ["returned"]
    first = c.orders + c.increment_orders
    lo, span = day(XLSX_MONTH[0]), day(XLSX_MONTH[1]) - day(XLSX_MONTH[0]) + 1
    days = [EPOCH + dt.timedelta(days=i) for i in range(lo, lo + span)]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("orders")
    ws.append(
        [
            "order_no",
            "customer_code",
            "employee_no",
            "ordered_on",
            "amount",
            "status",
            "contract_no",
        ]
    )
    for i in range(first, first + c.xlsx_orders):
        cust = int(r() * c.customers)
        rep = c.owner[cust] if r() < 0.85 else int(r() * c.reps)
        no = f"SO{i + 1:09d}"
        ws.append(
            [
                no,
                f"C{cust + 1:08d}",
                c.rep_no[rep],
                days[int(r() * span)],
                amounts[int(r() * 65536)],
                statuses[int(r() * 20)],
                f"HT{no}" if r() < 0.71 else None,
            ]
        )
    wb.save(path)
    return {"orders.xlsx": c.xlsx_orders}


# --- driver -------------------------------------------------------------------

_COMPANY: Company | None = None


def _run(job: tuple[str, str]) -> tuple[str, dict[str, int], float]:
    name, out = job
    c = _COMPANY
    assert c is not None
    started = time.perf_counter()
    base = Path(out) / "base"
    if name == "small":
        counts = write_small(c, base)
    elif name == "orders":
        counts = write_orders(
            c,
            base / "orders.csv",
            first=0,
            count=c.orders,
            dates=(DATA_START, DATA_END),
            payments_path=base / "payments.csv",
            stream="orders",
        )
    elif name == "visits":
        counts = write_visits(c, base)
    elif name == "activity":
        counts = write_activity(c, base)
    elif name == "increment":
        counts = write_orders(
            c,
            Path(out) / "increment" / "orders.csv",
            first=c.orders,
            count=c.increment_orders,
            dates=INCREMENT_MONTH,
            payments_path=None,
            stream="increment",
        )
        counts = {"increment/orders": counts["orders"]}
    elif name == "xlsx":
        counts = write_xlsx(c, Path(out) / "xlsx" / "orders.xlsx")
    else:
        raise ValueError(name)
    return name, counts, time.perf_counter() - started


def generate(
    *,
    scale: float,
    out: Path,
    seed: int = 2,
    increment: bool = False,
    xlsx: bool = False,
    jobs: int | None = None,
) -> dict:
    """Write the company under ``out`` and return its manifest."""
    global _COMPANY
    started = time.perf_counter()
    for sub in (
        ["base"] + (["increment"] if increment else []) + (["xlsx"] if xlsx else [])
    ):
        (out / sub).mkdir(parents=True, exist_ok=True)
    _COMPANY = Company(scale=scale, seed=seed)
    # Longest first, so that two workers finish together.
    names = ["orders", "visits", "activity", "small"]
    if increment:
        names.append("increment")
    if xlsx:
        names.insert(2, "xlsx")
    todo = [(n, str(out)) for n in names]
    jobs = jobs or os.cpu_count() or 1
    if jobs > 1:
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(min(jobs, len(todo))) as pool:
            results = pool.map(_run, todo, chunksize=1)
    else:
        results = [_run(j) for j in todo]
    files: dict[str, int] = {}
    seconds: dict[str, float] = {}
    for name, counts, secs in results:
        files.update(counts)
        seconds[name] = round(secs, 2)
    base_rows = sum(v for k, v in files.items() if "/" not in k and "." not in k)
    elapsed = time.perf_counter() - started
    manifest = {
        "scale": scale,
        "seed": seed,
        "reps": _COMPANY.reps,
        "rows": files,
        "base_rows": base_rows,
        "seconds": round(elapsed, 2),
        "writer_seconds": seconds,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=0.01)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument(
        "--increment", action="store_true", help="write increment/orders.csv"
    )
    parser.add_argument("--xlsx", action="store_true", help="write xlsx/orders.xlsx")
    parser.add_argument("--jobs", type=int, default=None, help="writer processes")
    args = parser.parse_args(argv)
    m = generate(
        scale=args.scale,
        out=args.out,
        seed=args.seed,
        increment=args.increment,
        xlsx=args.xlsx,
        jobs=args.jobs,
    )
    total = sum(m["rows"].values())
    print(
        f"wrote {total:,} rows ({m['base_rows']:,} in base/) to {args.out} "
        f"in {m['seconds']:.1f} s: {total / m['seconds']:,.0f} rows/s"
    )
    for k, v in m["rows"].items():
        print(f"  {k:<20} {v:>12,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
