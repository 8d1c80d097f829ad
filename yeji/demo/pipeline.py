"""The demo company's pipeline: leads and opportunities of its reps over the
last six months, with their stage history, so that the board and the funnel
have something to show.

It draws from a random generator of its own, so the rest of the demo
company comes out the same with or without it.  Converted leads name
customers the reps already have (acquired on the day of conversion); no
customer is made here.
"""

import bisect
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from yeji.crm.models import (
    Lead,
    LeadSource,
    LeadStatus,
    Opportunity,
    Stage,
    StageChange,
)
from yeji.crm.pipeline_queries import FUNNEL_STAGES, STAGE_PROBABILITY
from yeji.demo import names

HISTORY_DAYS = 182
LOST_REASONS = ("价格偏高", "预算取消", "交期太长", "功能不满足", "决策人变更")
COMPETITORS = ("华信科技", "同创集团", "恒远股份", "本地小厂", "海外品牌")
DEALS = ("年度采购", "设备升级", "试点项目", "扩容订单", "服务续约", "新产线配套")
# The chance that an opportunity moves on from each open stage.
ADVANCE = {
    Stage.NEEDS_ANALYSIS: 0.75,
    Stage.DEMO: 0.65,
    Stage.PROPOSAL: 0.6,
    Stage.NEGOTIATION: 0.6,
}


def build_pipeline(builder: Any, *, seed: int) -> dict[str, int]:
    """Save the leads, opportunities and stage changes of the builder's
    reps who are still employed; return how many of each."""
    rng = random.Random(seed + 5)
    today = builder.today
    since = today - timedelta(days=HISTORY_DAYS)
    leads: list[Lead] = []
    opportunities: list[Opportunity] = []
    changes: list[tuple[int, datetime, str, str, int | None]] = []

    def moment(day: date) -> datetime:
        clock = time(rng.randint(9, 18), rng.randint(0, 59))
        return datetime.combine(day, clock, tzinfo=builder.zone)

    def day_between(first: date, last: date) -> date:
        return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))

    for rep in builder.reps:
        if rep.last_day is not None:
            continue
        employee = rep.employee
        user_id = employee.user_id
        first = max(since, rep.first_day)

        # Leads: those converted are the rep's recent customers.
        recent = [c for on, c in rep.customers if on >= first]
        for customer in rng.sample(recent, min(len(recent), rng.randint(2, 5))):
            converted_on = customer.acquired_on
            leads.append(
                Lead(
                    lead_no=f"L{len(leads) + 1:06d}",
                    name=customer.name,
                    source=rng.choice(LeadSource.values),
                    employee=employee,
                    created_on=max(
                        first, converted_on - timedelta(days=rng.randint(5, 40))
                    ),
                    status=LeadStatus.CONVERTED,
                    customer=customer,
                    converted_on=converted_on,
                )
            )
        for _ in range(rng.randint(2, 6)):
            city = rng.choice(names.CITIES)
            trade, _industry = rng.choice(names.TRADES)
            leads.append(
                Lead(
                    lead_no=f"L{len(leads) + 1:06d}",
                    name=city
                    + rng.choice(names.BRAND_WORDS)
                    + trade
                    + rng.choice(names.COMPANY_SUFFIXES),
                    contact=rng.choice(names.SURNAMES) + rng.choice(("经理", "总")),
                    source=rng.choice(LeadSource.values),
                    employee=employee,
                    created_on=day_between(first, today),
                    status=rng.choices(
                        (LeadStatus.OPEN, LeadStatus.DISQUALIFIED), weights=(4, 1)
                    )[0],
                )
            )

        # Opportunities with the rep's customers, each walked through the
        # stages from the day it was opened.
        for _ in range(max(8, round(rng.uniform(8, 14) * rep.skill))):
            # Half of them recent, so that the board has open ones.
            recently = max(first, today - timedelta(days=60))
            created_on = day_between(rng.choice((first, recently)), today)
            known = bisect.bisect_right(
                rep.customers, created_on, key=lambda item: item[0]
            )
            if not known:
                continue
            customer = rep.customers[rng.randrange(known)][1]
            index = len(opportunities)
            day = created_on
            walk = [(day, "", Stage.NEEDS_ANALYSIS)]
            stage = Stage.NEEDS_ANALYSIS
            while stage in ADVANCE:
                step = day + timedelta(days=rng.randint(5, 25))
                if step > today:
                    break
                if rng.random() < ADVANCE[stage] * min(1.2, rep.skill):
                    nxt = FUNNEL_STAGES[FUNNEL_STAGES.index(stage) + 1]
                elif (today - step).days > 20:
                    nxt = Stage.LOST
                else:
                    break
                walk.append((step, stage, nxt))
                stage, day = nxt, step
            closed = stage in (Stage.WON, Stage.LOST)
            opportunities.append(
                Opportunity(
                    opportunity_no=f"OP{index + 1:06d}",
                    name=customer.name[:6] + rng.choice(DEALS),
                    customer=customer,
                    employee=employee,
                    stage=stage,
                    amount=Decimal(rng.randrange(20_000, 400_000, 500)).quantize(
                        Decimal("0.01")
                    ),
                    probability=STAGE_PROBABILITY[stage],
                    expected_close_on=day
                    if closed
                    else today + timedelta(days=rng.randint(7, 150)),
                    created_on=created_on,
                    closed_on=day if closed else None,
                    lost_reason=rng.choice(LOST_REASONS) if stage == Stage.LOST else "",
                    competitor=rng.choice(COMPETITORS) if stage == Stage.LOST else "",
                )
            )
            changes += [
                (index, moment(on), before, after, user_id)
                for on, before, after in walk
            ]

    Lead.objects.bulk_create(leads, batch_size=5000)
    Opportunity.objects.bulk_create(opportunities, batch_size=5000)
    StageChange.objects.bulk_create(
        (
            StageChange(
                opportunity=opportunities[index],
                changed_at=at,
                changed_by_id=user_id,
                from_stage=before,
                to_stage=after,
            )
            for index, at, before, after, user_id in changes
        ),
        batch_size=5000,
    )
    return {
        "lead": len(leads),
        "opportunity": len(opportunities),
        "stagechange": len(changes),
    }
