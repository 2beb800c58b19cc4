#!/usr/bin/env python3
"""Generates the sample ticket export corpus/tickets/tickets.csv (Zendesk-like columns) and the
ground truth of its planted spikes, evals/gaps/planted_spikes.json.

Seeded and deterministic: `python3 scripts/gen_tickets.py` rewrites the same files. The stream:
- 30 weeks from Monday 2026-01-05, about 3,600 tickets;
- ordinary weekly noise (Poisson-like), weekday/weekend shape, and 1% weekly volume growth;
- a seasonal bump: billing and invoice questions rise in the weeks around the end of a quarter;
- two planted spikes on topics the docs cover poorly (see SPIKES below);
- a few deliberately bad rows (no date, empty body) so ingestion's error reporting is exercised.
"""
import csv, json, math, random, datetime, pathlib

SEED = 20260105
START = datetime.date(2026, 1, 5)  # a Monday
WEEKS = 30
BASE_PER_WEEK = 105

FIRST = ["Maria", "John", "Aisha", "Tom", "Chen", "Laura", "Pedro", "Sofia", "Ivan", "Emma", "Kenji", "Nora"]
LAST = ["Lopez", "Smith", "Khan", "Meyer", "Wang", "Rossi", "Silva", "Novak", "Berg", "Dubois"]

# topic -> (weight, tags, subjects, bodies). Bodies use {detail} slots for variety.
TOPICS = {
    "export": (10, "reports export", ["Export to Excel fails", "CSV export missing rows", "Can't download my export", "Export link expired"],
               ["I tried to export the {thing} report to XLSX and it stops at 100k rows.", "The download link for my CSV export says it has expired.", "Exporting the {thing} report as PDF cuts off after a few pages.", "Where do I find exports I started yesterday?"]),
    "sync": (12, "data-sources sync", ["Sync failing", "Postgres sync error", "Data not updating", "Authentication failed on source"],
             ["Our {db} source shows a red dot and says authentication failed.", "Data in the {thing} dashboard has not updated since this morning.", "Sync times out connecting to our {db} host.", "Permission denied for table {table} during sync."]),
    "dashboards": (9, "dashboards", ["Dashboard very slow", "How to add a filter", "Tile shows wrong number", "Share dashboard publicly"],
                   ["The {thing} dashboard takes a minute to load.", "How do I add a country filter to all tiles?", "A number tile shows a different total than our database.", "How can I share a dashboard with a client without an account?"]),
    "billing": (8, "billing", ["Invoice needs VAT number", "Charged twice", "Change billing email", "Card declined"],
                ["Our invoice is missing our VAT number, can you add it?", "We were charged twice this month for {n} editor seats.", "Please send invoices to our accounts team instead.", "Our card was declined and the workspace is read-only now."]),
    "sso": (6, "admin sso", ["SSO setup with Okta", "SAML error", "Users not created on SSO login", "Require SSO question"],
            ["We are setting up SAML with Okta and get an invalid audience error.", "New users signing in with SSO don't get an account.", "How do we force everyone to use SSO?", "Our Entra ID metadata upload fails."]),
    "users": (7, "admin users", ["Invite expired", "Change user role", "Keep dashboards of a leaver", "How many admins"],
              ["An invitation expired before our new hire accepted it.", "How do I make {name} an editor?", "A colleague left; how do we keep her dashboards?", "How many admins can a workspace have?"]),
    "alerts": (6, "alerts", ["Alert not firing", "Slack alerts to private channel", "Webhook signature", "Too many alert emails"],
               ["Our signups alert did not fire although the number dropped below 50.", "Alerts can't be posted to our private Slack channel.", "How do we verify the webhook signature?", "We get an alert email every hour; can we mute it?"]),
    "api": (5, "api", ["API rate limit", "429 errors", "API key rotation", "Query timeout via API"],
            ["We hit 429 Too Many Requests when running queries from our ETL.", "How do we rotate an API key without downtime?", "Our API query gets cancelled after 5 minutes.", "What is the rate limit on the Starter plan?"]),
    "login": (6, "login", ["Forgot password", "Account locked", "2FA lost phone", "Cannot sign in"],
              ["I lost my phone and can't get my 2FA code.", "My account is locked after too many attempts.", "The password reset email never arrives.", "I can't sign in since this morning."]),
    "mobile": (3, "mobile", ["Mobile push notifications", "App offline mode", "Android app crash"],
               ["Push notifications for alerts don't arrive on my iPhone.", "Can I see dashboards offline on the app?", "The Android app closes when I open the {thing} dashboard."]),
}

# Spikes on topics the docs cover poorly. Week numbers are 0-based from START.
SPIKES = [
    {
        "id": "spike-scheduled-email-delivery",
        "topic": "Scheduled report emails not delivered / going to spam after the sender domain change",
        "start_week": 13, "end_week": 15, "extra_per_week": [30, 42, 26],
        "tags": "reports schedule email",
        "subjects": ["Scheduled report not received", "Weekly report email missing", "Report emails go to spam", "Scheduled PDF never arrives"],
        "bodies": ["Recipients of our daily schedule did not get today's email, the schedule says sent.", "Our weekly scheduled report stopped arriving in our inboxes since Monday.", "The scheduled {thing} report lands in spam, our mail server flags mail.lumio.example.", "The scheduled PDF of the {thing} report never arrives; our IT says the sender domain changed and fails SPF checks."],
        "weak_docs": ["reports/scheduled-reports"],
        "why_weak": "the public docs explain creating schedules but not delivery problems, spam filtering or the sender domain",
    },
    {
        "id": "spike-android-sso-loop",
        "topic": "Android app loops back to the sign-in screen for workspaces that require SSO",
        "start_week": 21, "end_week": 23, "extra_per_week": [24, 36, 20],
        "tags": "mobile sso android",
        "subjects": ["Android app SSO loop", "Can't log in to the mobile app with SSO", "App keeps returning to login", "Okta login loop on Android"],
        "bodies": ["On Android the app sends me to Okta and then back to the sign-in screen, again and again.", "Since the update I can't sign in to the Android app, our workspace requires SSO.", "After SSO the Android app shows the login page again, the web works fine.", "Mobile sign-in with single sign-on loops forever on my {phone}."],
        "weak_docs": ["mobile/mobile-app", "admin/single-sign-on"],
        "why_weak": "the mobile page only covers email and password sign-in; the SSO page covers the web only",
    },
]

THINGS = ["revenue", "signups", "churn", "pipeline", "marketing", "weekly sales", "support"]
DBS = ["PostgreSQL", "MySQL", "Snowflake", "BigQuery"]
TABLES = ["orders", "events", "customers", "invoices"]
PHONES = ["Pixel 8", "Galaxy S23", "OnePlus 12", "Pixel 7a"]
CHANNELS = ["email", "web", "chat", "email", "web"]
STATUSES = ["solved", "solved", "closed", "open", "pending"]


def fill(rng, text):
    return text.format(thing=rng.choice(THINGS), db=rng.choice(DBS), table=rng.choice(TABLES),
                       n=rng.randint(2, 40), name=rng.choice(FIRST), phone=rng.choice(PHONES))


def poisson(rng, lam):
    # Knuth for small means; normal approximation above.
    if lam > 30:
        return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))
    l, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= l:
            return k
        k += 1


def body(rng, core):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    greet = rng.choice(["Hi", "Hello", "Hi team,", "Dear support,", ""])
    opening = f"{greet} " if greet.endswith(",") else (f"{greet} there, " if greet else "")
    extras = []
    if rng.random() < 0.25:
        extras.append(f"You can reach me at {first.lower()}.{last.lower()}@example.com")
    if rng.random() < 0.1:
        extras.append(f"or call +1 415 555 {rng.randint(1000, 9999)}")
    sign = rng.choice([f"\nThanks,\n{first} {last}", f"\nRegards,\n{first}", "\nThanks!", ""])
    return (opening + core + (" " + " ".join(extras) + "." if extras else "") + sign).strip()


def main():
    rng = random.Random(SEED)
    root = pathlib.Path(__file__).resolve().parent.parent
    rows = []
    tid = 10000
    weights = [(t, w) for t, (w, *_rest) in TOPICS.items()]
    total_w = sum(w for _, w in weights)
    for week in range(WEEKS):
        growth = 1.01 ** week
        quarter_end = week in (11, 12, 24, 25)  # around 2026-03-31 and 2026-06-30
        for topic, w in weights:
            lam = BASE_PER_WEEK * growth * w / total_w
            if topic == "billing" and quarter_end:
                lam *= 1.8
            for _ in range(poisson(rng, lam)):
                rows.append((week, topic, None))
        for s in SPIKES:
            if s["start_week"] <= week <= s["end_week"]:
                for _ in range(s["extra_per_week"][week - s["start_week"]]):
                    rows.append((week, s["id"], s))
    out = []
    for week, topic, spike in rows:
        # Weekdays are busier than weekends.
        day = rng.choices(range(7), weights=[18, 18, 17, 17, 15, 8, 7])[0]
        ts = datetime.datetime.combine(START + datetime.timedelta(weeks=week, days=day), datetime.time()) + \
            datetime.timedelta(seconds=rng.randint(6 * 3600, 22 * 3600))
        if spike:
            i = rng.randrange(len(spike["subjects"]))
            subject, core, tags = spike["subjects"][i], fill(rng, spike["bodies"][i]), spike["tags"]
        else:
            _, tags, subjects, bodies = TOPICS[topic]
            i = rng.randrange(len(subjects))  # subject i and body i tell the same story
            subject, core = subjects[i], fill(rng, bodies[i])
        out.append([ts, subject, body(rng, core), tags])
    out.sort(key=lambda r: r[0])
    records = []
    for ts, subject, desc, tags in out:
        tid += 1
        records.append({"id": tid, "created_at": ts.strftime("%Y-%m-%dT%H:%M:%SZ"), "subject": subject,
                        "description": desc, "tags": tags, "status": rng.choice(STATUSES),
                        "channel": rng.choice(CHANNELS), "priority": rng.choice(["low", "normal", "normal", "high"])})
    # Deliberately bad rows: no date, and an empty body, so ingestion reports them by line.
    records.insert(500, {"id": 99001, "created_at": "", "subject": "Question", "description": "Row with no date.",
                         "tags": "", "status": "open", "channel": "email", "priority": "normal"})
    records.insert(1500, {"id": 99002, "created_at": "2026-03-04T10:00:00Z", "subject": "", "description": "",
                          "tags": "", "status": "open", "channel": "web", "priority": "low"})
    path = root / "corpus" / "tickets" / "tickets.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["id", "created_at", "subject", "description", "tags", "status", "channel", "priority"])
        w.writeheader()
        w.writerows(records)
    truth = {
        "stream": "corpus/tickets/tickets.csv",
        "start": START.isoformat(), "weeks": WEEKS, "seed": SEED, "tickets": len(records),
        "week_starts_on": "monday",
        "seasonal": "billing questions x1.8 in weeks 11, 12, 24, 25 (quarter ends): not a gap, must not alarm",
        "growth": "1% more tickets every week: must not alarm",
        "spikes": [{k: s[k] for k in ("id", "topic", "start_week", "end_week", "extra_per_week", "tags", "subjects", "weak_docs", "why_weak")} |
                   {"start_date": (START + datetime.timedelta(weeks=s["start_week"])).isoformat()} for s in SPIKES],
    }
    gt = root / "evals" / "gaps" / "planted_spikes.json"
    gt.parent.mkdir(parents=True, exist_ok=True)
    gt.write_text(json.dumps(truth, indent=2) + "\n")
    print(f"{len(records)} tickets -> {path.relative_to(root)}; ground truth -> {gt.relative_to(root)}")


if __name__ == "__main__":
    main()
