"""The workforce part of the demo world: every scheme's link worker posts, their supervision,
training and wellbeing checks, resources given to practices, and the scheme's costs, so the
workforce pages and indicators have something to show in every region.

- Each link worker of a scheme holds a post (mostly full time), hosted by some of the scheme's
  practices, employed by the scheme's employer and line-managed by a team leader (in Glasgow
  City, the demo scheme manager).
- About one scheme in six has a vacant post being recruited; about one in four had a link
  worker leave during the last year.
- Supervision follows the scheme's standard (every four weeks in Scotland, six in England),
  more or less faithfully; link workers do most of the required courses and answer a
  wellbeing check now and then.
- Every practice of the Glasgow City scheme has the Links Worker Programme's £35,000 practice
  development fund over two years: about 80% for GP time for longer consultations, some for
  receptionist time, the rest for other costs; with protected time for a named GP and
  receptionist. Some practices elsewhere have smaller funds.
- Each scheme's costs for the last complete financial year, by category. The demo's casework
  is a sample of a real year's (a full-time link worker sees about 240 referrals a year; the
  demo gives each a few), so the costs are scaled by the same fraction, and a cost per
  referral or per person supported comes out at a real scheme's size rather than dozens of
  times it.

- GP appointments before and after referral for people who consented, in Glasgow City and
  about a third of the other schemes: counts over six (sometimes twelve) months either side of
  the referral, for episodes whose window after referral has passed. People are referred
  when they see their GP most, so the counts after are mostly lower (as regression to the
  mean alone would make them).

All dates move with the world's reference date; draws come from this part's own stream.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from linkwork.accounts.models import Membership, User
from linkwork.accounts.roles import Role
from linkwork.demo.context import DemoContext, demo_part
from linkwork.demo.parts.registry import FIRST_NAMES, LAST_NAMES, UNUSABLE_PASSWORD
from linkwork.episodes.models import Referral
from linkwork.organisations.kinds import OrgKind
from linkwork.organisations.models import Country, Organisation, Scheme
from linkwork.workforce.gp_services import after_window_ends
from linkwork.workforce.models import (
    GpAppointments,
    LinkWorkerPost,
    PracticeFund,
    ProtectedTime,
    SchemeCost,
    SupportSession,
    TrainingRecord,
    WellbeingCheck,
    WorkforceStandard,
)
from linkwork.workforce.vocab import (
    DEFAULT_WELLBEING_ITEMS,
    CostCategory,
    FundPurpose,
    GpCountSource,
    SessionKind,
    StaffGroup,
    ThematicRole,
    wte,
)

GLASGOW_CITY = "glasgow-city-community-link-workers"
DEVELOPMENT_FUND = {  # the programme's £35,000 per practice, split as the evaluation found
    FundPurpose.GP_TIME: Decimal("28000"),
    FundPurpose.RECEPTIONIST_TIME: Decimal("4500"),
    FundPurpose.OTHER: Decimal("2500"),
}
COURSES = {
    Country.SCOTLAND.value: ("Safeguarding adults and children", "Trauma-informed practice"),
    Country.ENGLAND.value: ("Safeguarding adults and children", "Personalised care"),
}
PROVIDERS = {
    Country.SCOTLAND.value: (
        "NHS Education for Scotland",
        "Glasgow Council for the Voluntary Sector",
    ),
    Country.ENGLAND.value: ("Personalised Care Institute", "NHS England e-Learning for Health"),
}
REFERRALS_PER_WTE_YEAR = 240
# GP appointments: the share of people asked who consent, and the most records a scheme gets.
GP_CONSENT = 0.6
GP_RECORDS_PER_SCHEME = 200
ENGAGED = ("active", "discharged")
SALARY_WTE = {Country.SCOTLAND.value: Decimal("36500"), Country.ENGLAND.value: Decimal("35800")}
THEMES = {
    "asylum_refugees": ThematicRole.ASYLUM_REFUGEES,
    "homelessness": ThematicRole.HOMELESSNESS,
    "mental_health": ThematicRole.MENTAL_HEALTH,
    "children_families": ThematicRole.CHILDREN_FAMILIES,
    "frailty": ThematicRole.FRAILTY,
    "hospital_discharge": ThematicRole.HOSPITAL_DISCHARGE,
    "high_intensity_ed": ThematicRole.HIGH_INTENSITY,
}
NOTES = (
    "Caseload review and reflective practice.",
    "Talked through a complex housing case and next steps.",
    "Boundaries with a long-term client; agreed a plan for discharge.",
    "Workload and leave; agreed to pause new referrals for a week.",
)


def financial_year_before(today: date) -> tuple[date, date]:
    """The last complete UK financial year (1 April to 31 March) before `today`."""
    end_year = today.year if today >= date(today.year, 4, 1) else today.year - 1
    return date(end_year - 1, 4, 1), date(end_year, 3, 31)


class _Builder:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.today = ctx.today
        self.users: list[User] = []
        self.standards: list[WorkforceStandard] = []
        self.posts: list[LinkWorkerPost] = []
        self.hosts: list[Any] = []
        self.sessions: list[SupportSession] = []
        self.training: list[TrainingRecord] = []
        self.wellbeing: list[WellbeingCheck] = []
        self.funds: list[PracticeFund] = []
        self.time: list[ProtectedTime] = []
        self.costs: list[SchemeCost] = []
        self.gp: list[GpAppointments] = []

    def person(self, key: str, username: str) -> User:
        user = User(
            id=self.ctx.uuid("workforce-person", key),
            username=username[:150],
            first_name=self.rng.choice(FIRST_NAMES),
            last_name=self.rng.choice(LAST_NAMES),
            password=UNUSABLE_PASSWORD,
        )
        self.users.append(user)
        return user

    def scheme(
        self,
        scheme: Scheme,
        workers: list[User],
        practices: list[Organisation],
        manager: User | None,
        recorder: User,
    ) -> None:
        country = scheme.region.country
        interval = 28 if country == Country.SCOTLAND.value else 42
        courses = COURSES[country]
        self.standards.append(
            WorkforceStandard(
                id=self.ctx.uuid("workforce-standard", scheme.pk),
                scheme=scheme,
                supervision_interval_days=interval,
                required_courses=list(courses),
                wellbeing_items=list(DEFAULT_WELLBEING_ITEMS),
            )
        )
        lead = manager or self.person(f"lead/{scheme.pk}", f"lm-{scheme.slug}")
        theme = next(
            (THEMES[g] for g in scheme.policy.priority_groups if g in THEMES), ThematicRole.GENERIC
        )
        faithful = self.rng.uniform(0.55, 1.0)  # how well the scheme keeps its standard
        for i, worker in enumerate(workers):
            started = self.today - timedelta(days=self.rng.randint(120, 1600))
            hours = self.rng.choice(("37.5", "37.5", "37.5", "30", "22.5"))
            post = self.post(scheme, worker, lead, hours, started, theme, key=i)
            self.host(post, practices, i, len(workers))
            self.records(post, lead, scheme, interval, faithful, courses, recorder)
        if workers and self.rng.random() < 0.25:  # a link worker left in the last year
            former = self.person(f"former/{scheme.pk}", f"lw-former-{scheme.slug}")
            ended = self.today - timedelta(days=self.rng.randint(30, 330))
            started = ended - timedelta(days=self.rng.randint(300, 900))
            post = self.post(scheme, former, lead, "37.5", started, theme, key="former")
            post.ended_on = ended
            self.host(post, practices, 0, 1)
        if workers and self.rng.random() < 0.17:  # a post being recruited
            started = self.today - timedelta(days=self.rng.randint(14, 120))
            self.post(scheme, None, lead, "37.5", started, theme, key="vacant")
        self.scheme_costs(scheme, workers, recorder)

    def post(
        self,
        scheme: Scheme,
        holder: User | None,
        lead: User,
        hours: str,
        started: date,
        theme: ThematicRole,
        *,
        key: object,
    ) -> LinkWorkerPost:
        post = LinkWorkerPost(
            id=self.ctx.uuid("workforce-post", scheme.pk, key),
            scheme=scheme,
            holder=holder,
            line_manager=lead,
            employer_id=scheme.employer_id,
            contracted_hours=Decimal(hours),
            started_on=started,
            thematic_role=theme.value,
        )
        self.posts.append(post)
        return post

    def host(self, post: LinkWorkerPost, practices: list[Organisation], i: int, n: int) -> None:
        through = LinkWorkerPost.practices.through
        share = practices[i::n] if n else []
        for practice in share[:6]:
            self.hosts.append(through(linkworkerpost_id=post.pk, organisation_id=practice.pk))

    def records(
        self,
        post: LinkWorkerPost,
        lead: User,
        scheme: Scheme,
        interval: int,
        faithful: float,
        courses: tuple[str, ...],
        recorder: User,
    ) -> None:
        first = max(post.started_on, self.today - timedelta(days=364))
        day = first + timedelta(days=self.rng.randint(3, interval))
        n = 0
        while day <= self.today:
            if self.rng.random() < faithful:
                minutes = self.rng.choice((45, 60, 60, 90))
                self.session(post, SessionKind.SUPERVISION, day, minutes, lead, n)
            if self.rng.random() < 0.5:
                peer_day = min(day + timedelta(days=7), self.today)
                self.session(post, SessionKind.PEER_SUPPORT, peer_day, 60, lead, n)
            day += timedelta(days=interval + self.rng.randint(-4, 6))
            n += 1
        providers = PROVIDERS[scheme.region.country]
        for c, course in enumerate(courses):
            if self.rng.random() < 0.85:
                done = post.started_on + timedelta(days=self.rng.randint(10, 90))
                self.training.append(
                    TrainingRecord(
                        id=self.ctx.uuid("workforce-training", post.pk, c),
                        scheme=scheme,
                        post=post,
                        course=course,
                        completed_on=min(done, self.today),
                        provider=self.rng.choice(providers),
                        recorded_by=lead,
                    )
                )
        for w in range(self.rng.randint(0, 3)):
            answers = [self.rng.randint(2, 5) for _ in DEFAULT_WELLBEING_ITEMS]
            self.wellbeing.append(
                WellbeingCheck(
                    id=self.ctx.uuid("workforce-wellbeing", post.pk, w),
                    scheme=scheme,
                    post=post,
                    checked_on=self.today - timedelta(days=self.rng.randint(0, 300)),
                    items=list(DEFAULT_WELLBEING_ITEMS),
                    answers=answers,
                    mean=(Decimal(sum(answers)) / len(answers)).quantize(Decimal("0.01")),
                )
            )

    def session(
        self, post: LinkWorkerPost, kind: SessionKind, day: date, minutes: int, lead: User, n: int
    ) -> None:
        supervision = kind is SessionKind.SUPERVISION
        self.sessions.append(
            SupportSession(
                id=self.ctx.uuid(f"workforce-{kind.value}", post.pk, n),
                scheme_id=post.scheme_id,
                post=post,
                kind=kind.value,
                held_on=day,
                supervisor=lead if supervision else None,
                duration_minutes=minutes,
                content=self.rng.choice(NOTES) if supervision else "",
                recorded_by=lead if supervision else (post.holder or lead),
            )
        )

    def development_fund(self, scheme: Scheme, practice: Organisation, recorder: User) -> None:
        start = financial_year_before(self.today)[0] - timedelta(days=365)
        start = date(start.year, 4, 1)
        end = date(start.year + 2, 3, 31)
        for purpose, amount in DEVELOPMENT_FUND.items():
            self.funds.append(
                PracticeFund(
                    id=self.ctx.uuid("workforce-fund", practice.pk, purpose.value),
                    scheme=scheme,
                    practice=practice,
                    amount_gbp=amount,
                    period_start=start,
                    period_end=end,
                    purpose=purpose.value,
                    note="Practice development fund (£35,000 over two years)",
                    recorded_by=recorder,
                )
            )
        weeks = 90
        for group, hours, minutes_per_hour, used in (
            (StaffGroup.GP, Decimal("4"), 20, "Longer appointments for people with complex needs"),
            (StaffGroup.RECEPTIONIST, Decimal("2"), 0, "Time to learn the referral route"),
        ):
            name = f"{'Dr ' if group is StaffGroup.GP else ''}{self.rng.choice(FIRST_NAMES)} " + (
                self.rng.choice(LAST_NAMES)
            )
            self.time.append(
                ProtectedTime(
                    id=self.ctx.uuid("workforce-time", practice.pk, group.value),
                    scheme=scheme,
                    practice=practice,
                    staff_name=name,
                    staff_group=group.value,
                    period_start=start,
                    period_end=end,
                    hours_per_week=hours,
                    extra_consultation_minutes=int(hours * minutes_per_hour * weeks),
                    how_used=used,
                    recorded_by=recorder,
                )
            )

    def small_fund(self, scheme: Scheme, practice: Organisation, recorder: User) -> None:
        start, end = financial_year_before(self.today)
        self.funds.append(
            PracticeFund(
                id=self.ctx.uuid("workforce-fund", practice.pk, "small"),
                scheme=scheme,
                practice=practice,
                amount_gbp=Decimal(self.rng.choice((1500, 2000, 3000, 5000))),
                period_start=start,
                period_end=end,
                purpose=self.rng.choice((FundPurpose.OTHER, FundPurpose.GP_TIME)).value,
                note="Room and administrative support for the link worker",
                recorded_by=recorder,
            )
        )

    def scheme_costs(self, scheme: Scheme, workers: list[User], recorder: User) -> None:
        start, end = financial_year_before(self.today)
        mine = [p for p in self.posts if p.scheme_id == scheme.pk]
        staff = sum(
            (wte(p.contracted_hours) * SALARY_WTE[scheme.region.country] for p in mine),
            Decimal(0),
        ).quantize(Decimal("1"))
        practice_money = sum(
            (f.amount_gbp for f in self.funds if f.scheme_id == scheme.pk), Decimal(0)
        )
        vcse_hosted = scheme.employer.kind == OrgKind.VCSE.value
        amounts = {
            CostCategory.STAFF: staff,
            CostCategory.MANAGEMENT: (staff * Decimal("0.12")).quantize(Decimal("1")),
            CostCategory.VCSE_COMMISSIONING: (
                (staff * Decimal("0.08")).quantize(Decimal("1")) if vcse_hosted else Decimal(0)
            ),
            # The two-year development fund is spread over its two years.
            CostCategory.PRACTICE_RESOURCES: (practice_money / 2).quantize(Decimal("1")),
            CostCategory.OVERHEADS: (staff * Decimal("0.10")).quantize(Decimal("1")),
        }
        for category, amount in amounts.items():
            self.costs.append(
                SchemeCost(
                    id=self.ctx.uuid("workforce-cost", scheme.pk, category.value, start),
                    scheme=scheme,
                    period_start=start,
                    period_end=end,
                    category=category.value,
                    amount_gbp=amount,
                    recorded_by=recorder,
                )
            )

    def gp_appointments(self, scheme: Scheme, recorder: User) -> None:
        """Counts for consenting people of the scheme's engaged episodes whose window after
        referral has passed."""
        episodes = (
            Referral.objects.filter(
                scheme=scheme,
                status__in=ENGAGED,
                received_on__lte=self.today - timedelta(days=190),
            )
            .order_by("received_on", "pk")
            .values_list("pk", "received_on", "link_worker_id")
        )
        made = 0
        for pk, received, worker in episodes.iterator(chunk_size=2000):
            if made >= GP_RECORDS_PER_SCHEME:
                break
            if self.rng.random() >= GP_CONSENT:
                continue
            window = 12 if self.rng.random() < 0.25 else 6
            probe = Referral(received_on=received)
            if after_window_ends(probe, window) > self.today:
                window = 6
            before = max(0, round(self.rng.gauss(2.8, 1.4) * window / 6 + self.rng.random()))
            after = max(0, round(before * self.rng.uniform(0.45, 1.1) + self.rng.gauss(0, 0.8)))
            source = self.rng.choice(
                (GpCountSource.PRACTICE_RECORD,) * 3 + (GpCountSource.PRACTICE_REPORT,)
            )
            self.gp.append(
                GpAppointments(
                    id=self.ctx.uuid("workforce-gp", pk),
                    scheme=scheme,
                    referral_id=pk,
                    consent_recorded_on=min(received + timedelta(days=14), self.today),
                    window_months=window,
                    count_before=before,
                    count_after=after,
                    source=source.value,
                    recorded_by_id=worker or recorder.pk,
                )
            )
            made += 1

    def save(self) -> None:
        User.objects.bulk_create(self.users, batch_size=1000)
        WorkforceStandard.objects.bulk_create(self.standards, batch_size=1000)
        LinkWorkerPost.objects.bulk_create(self.posts, batch_size=1000)
        LinkWorkerPost.practices.through.objects.bulk_create(self.hosts, batch_size=2000)
        SupportSession.objects.bulk_create(self.sessions, batch_size=2000)
        TrainingRecord.objects.bulk_create(self.training, batch_size=2000)
        WellbeingCheck.objects.bulk_create(self.wellbeing, batch_size=2000)
        PracticeFund.objects.bulk_create(self.funds, batch_size=2000)
        ProtectedTime.objects.bulk_create(self.time, batch_size=2000)
        SchemeCost.objects.bulk_create(self.costs, batch_size=2000)
        GpAppointments.objects.bulk_create(self.gp, batch_size=2000)


def _sampled_fraction(posts: list[LinkWorkerPost], year: tuple[date, date]) -> Decimal:
    """The demo's referrals in the year as a fraction of what its filled posts would see."""
    referrals = Referral.objects.filter(received_on__range=year).count()
    capacity = sum((wte(p.contracted_hours) for p in posts if p.holder_id), Decimal(0))
    expected = capacity * REFERRALS_PER_WTE_YEAR
    if not referrals or not expected:
        return Decimal(1)
    return min(Decimal(1), Decimal(referrals) / expected)


@demo_part("workforce", order=65)
def build_workforce(ctx: DemoContext) -> dict[str, Any]:
    b = _Builder(ctx)
    schemes = list(Scheme.objects.select_related("region", "employer", "policy").order_by("slug"))
    workers: dict[Any, list[User]] = defaultdict(list)
    for membership in (
        Membership.objects.filter(role=Role.LINK_WORKER.value, scheme__isnull=False)
        .select_related("user")
        .order_by("user__username")
    ):
        workers[membership.scheme_id].append(membership.user)
    practices: dict[Any, list[Organisation]] = defaultdict(list)
    for row in Scheme.practices.through.objects.select_related("organisation").order_by(
        "organisation__name"
    ):
        practices[row.scheme_id].append(row.organisation)
    manager = User.objects.filter(username="schememanager").first()
    admin = User.objects.filter(username="admin").first()
    for scheme in schemes:
        glasgow = scheme.slug == GLASGOW_CITY
        lead = manager if glasgow else None
        # The demo scheme manager records Glasgow City's; an administrator the others'.
        recorder = (lead or admin) or b.person(f"recorder/{scheme.pk}", f"lm-rec-{scheme.slug}")
        if glasgow:
            for practice in practices[scheme.pk]:
                b.development_fund(scheme, practice, recorder)
        else:
            for practice in practices[scheme.pk]:
                if b.rng.random() < 0.15:
                    b.small_fund(scheme, practice, recorder)
        b.scheme(scheme, workers[scheme.pk], practices[scheme.pk], lead, recorder)
        if glasgow or b.rng.random() < 0.35:
            b.gp_appointments(scheme, recorder)
    fraction = _sampled_fraction(b.posts, financial_year_before(ctx.today))
    for cost in b.costs:
        cost.amount_gbp = (cost.amount_gbp * fraction).quantize(Decimal("1"))
    b.save()
    glasgow_funds = sum(
        (f.amount_gbp for f in b.funds if f.scheme.slug == GLASGOW_CITY), Decimal(0)
    )
    ctx.plant(
        "workforce",
        {
            "posts": len(b.posts),
            "vacant_posts": sum(1 for p in b.posts if p.holder_id is None),
            "glasgow_development_fund_gbp": str(glasgow_funds),
            "gp_appointments": len(b.gp),
        },
    )
    ctx.log(
        f"Workforce: {len(b.posts)} posts, {len(b.sessions)} supervision and peer sessions, "
        f"{len(b.funds)} practice funds, {len(b.costs)} scheme costs, "
        f"{len(b.gp)} episodes' GP appointments before and after."
    )
    return {
        "posts": len(b.posts),
        "funds": len(b.funds),
        "costs": len(b.costs),
        "gp_appointments": len(b.gp),
    }
