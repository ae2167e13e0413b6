#!/usr/bin/env python3
"""Generate a deterministic benchmark corpus for praxis (or the same corpus as a Hugo site).

    scripts/gen_corpus.py --chapters 1000 --out /tmp/corpus            # a praxis site
    scripts/gen_corpus.py --chapters 1000 --out /tmp/hugo --format hugo

The same arguments (and seed) always give byte-identical files. Python 3.11+ standard library
only (tomllib reads the phases and taxonomies of the repository's site.toml).

A praxis corpus holds: site.toml (the phases and taxonomies of the repository's site.toml),
four hubs, reports of 10-12 chapters spread over the
hubs, chapters with complete front matter and 600-900-word Markdown bodies (headings, lists, a
table, footnotes, links to other chapters, a code block in about one chapter in ten), and the
Lab's pages under content/.

A Hugo corpus holds the same chapters with the same bodies as content/<hub>/<report>/*.md,
links rewritten to Hugo's page URLs, a minimal hugo.toml, minimal layouts (baseof, single,
list, 404) and the taxonomies issues, jurisdictions and phases.

When every file is written, the generator writes `.corpus-complete` at the top of the output
holding GENERATOR_VERSION and the arguments, so a caller can tell a finished corpus apart.
"""

from __future__ import annotations

import argparse
import datetime as dt
import posixpath
import random
import re
import shutil
import sys
from pathlib import Path

# Bump when the generated corpus changes for the same arguments.
GENERATOR_VERSION = "1"
DEFAULT_SEED = 20261123
STAMP = ".corpus-complete"

REPO = Path(__file__).resolve().parent.parent

# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

HUBS = [
    {
        "id": "apparel",
        "title": "Apparel",
        "lead": "International Corporate Accountability Roundtable (ICAR), with the Harrison Institute for Public Law",
        "summary": "Public purchasing of uniforms, workwear and other textiles, and how public buyers can address forced labour, unsafe factories and poverty wages in garment supply chains.",
        "website": "https://www.icar.ngo",
        "topics": ["uniforms", "workwear", "footwear", "cotton", "garment factories", "textile mills",
                   "spinning mills", "homeworkers", "protective clothing", "bed linen"],
    },
    {
        "id": "electronics",
        "title": "Electronics",
        "lead": "Business, Human Rights and the Environment Research Group, University of Greenwich",
        "summary": "Public purchasing of computers, phones and servers, and the labour rights of the people who mine, make and recycle them.",
        "website": "https://www.gre.ac.uk",
        "topics": ["laptops", "servers", "smartphones", "printers", "semiconductors", "cobalt",
                   "tin and tantalum", "component plants", "data centres", "e-waste recycling"],
    },
    {
        "id": "private-security",
        "title": "Private security",
        "lead": "DCAF, the Geneva Centre for Security Sector Governance",
        "summary": "How governments contract private security services, and how they can prevent abuses by and against guards.",
        "website": "https://www.dcaf.ch",
        "topics": ["guarding contracts", "detention services", "embassy security", "armed escorts",
                   "subcontracted guards", "site security", "event stewarding", "maritime security",
                   "camp management", "cash transport"],
    },
    {
        "id": "financial-institutions",
        "title": "Financial institutions",
        "lead": "Coalition for Human Rights in Development",
        "summary": "Procurement in projects financed by development banks, where the borrowing government runs the tender under the lender's rules.",
        "website": "https://rightsindevelopment.org",
        "topics": ["road projects", "hydropower", "water supply", "construction works", "resettlement",
                   "transmission lines", "port expansion", "solar parks", "school building", "irrigation"],
    },
]

REPORT_PATTERNS = [
    "Public buyers and {topic}",
    "Responsible procurement of {topic}",
    "Human rights due diligence for {topic}",
    "Contracting for {topic}",
    "Monitoring labour conditions in {topic}",
    "Remedy for workers in {topic}",
    "Transparency in {topic} supply chains",
    "Labour standards for {topic}",
    "Buying {topic} responsibly",
]

CHAPTER_PATTERNS = {
    "planning": ["Planning {topic} purchases", "Needs assessment for {topic}",
                 "A procurement strategy for {topic}", "Market engagement before buying {topic}",
                 "Budgeting for fair {topic} contracts"],
    "risk-assessment": ["Mapping risks in {topic} supply chains", "Where workers are at risk in {topic}",
                        "Screening {topic} suppliers for forced labour", "Using public risk data on {topic}",
                        "Tier-by-tier risk in {topic}"],
    "tendering": ["Specifications for {topic}", "Selection and exclusion criteria for {topic}",
                  "Writing human rights into {topic} tenders", "Disclosure requirements in {topic} tenders",
                  "Labour clauses in {topic} tender documents"],
    "award": ["Evaluating bids for {topic}", "Award criteria for {topic}",
              "Weighing due diligence in {topic} bids", "Price, quality and rights in {topic} awards",
              "Abnormally low tenders for {topic}"],
    "contract-monitoring": ["Monitoring {topic} contracts", "Worker-driven monitoring of {topic}",
                            "Corrective action in {topic} supply chains",
                            "Supply chain disclosure over the {topic} contract",
                            "Audits and their limits in {topic}"],
    "remedy": ["Remedy for workers in {topic}", "Grievance mechanisms for {topic}",
               "Compensation and reinstatement in {topic}", "Terminating {topic} contracts responsibly",
               "Learning from {topic} complaints"],
}

SUBJECTS = ["Public buyers", "Contracting authorities", "Procurement officers", "Suppliers",
            "Trade unions", "Worker organisations", "National human rights institutions",
            "Social auditors", "Lead firms", "Monitoring organisations", "Civil society groups",
            "Central purchasing bodies", "Development banks", "Borrowing governments",
            "Subcontractors", "Labour inspectors", "Framework agreement holders", "Municipalities",
            "Ministries of finance", "Buyers' consortia"]
VERBS = ["require", "assess", "monitor", "disclose", "map", "publish", "review", "weigh", "verify",
         "document", "negotiate", "enforce", "report on", "consult on", "prioritise", "screen",
         "evaluate", "remediate", "track", "benchmark", "audit", "finance", "support", "question"]
OBJECTS = ["supply chain risks", "human rights due diligence", "corrective action plans",
           "grievance mechanisms", "living wage benchmarks", "factory disclosure",
           "subcontracting arrangements", "recruitment fees", "working hours",
           "freedom of association", "contract performance clauses", "exclusion grounds",
           "award criteria", "social audit findings", "worker voice", "remediation funds",
           "tier-two suppliers", "forced labour indicators", "health and safety committees",
           "termination clauses", "price and lead-time pressure", "tender specifications",
           "selection criteria", "supplier codes of conduct", "payment terms", "overtime records",
           "migrant workers' contracts", "complaint logs", "resettlement plans",
           "use-of-force policies", "training records", "beneficial ownership data"]
QUALIFIERS = ["before the contract is awarded", "over the life of the contract",
              "at the tender stage", "in high-risk sectors", "across the lower tiers",
              "when bids are evaluated", "together with affected workers",
              "in line with the UN Guiding Principles", "under the OECD due diligence guidance",
              "within ninety days", "where risks are severe", "for each framework agreement",
              "at every contract renewal", "before the first delivery", "in the borrower's country",
              "with independent verification", "as a condition of payment", "year after year"]
CONNECTORS = ["In practice,", "However,", "As a result,", "In many jurisdictions,",
              "Where this happens,", "By contrast,", "For this reason,", "At the same time,",
              "Too often,", "In the best cases,", "Since 2018,", "Increasingly,"]
ADJECTIVES = ["credible", "independent", "proportionate", "binding", "transparent", "weak",
              "systematic", "risk-based", "worker-driven", "time-bound", "measurable", "voluntary",
              "enforceable", "fragmented", "consistent", "meaningful"]
ORGS = ["OECD", "ILO", "OHCHR", "European Commission", "UK Cabinet Office", "US Department of Labor",
        "Danish Institute for Human Rights", "Electronics Watch", "Clean Clothes Campaign",
        "Worker Rights Consortium", "DCAF", "ICoCA", "World Bank", "Business & Human Rights Resource Centre",
        "Norwegian Agency for Public and Financial Management", "Public Services and Procurement Canada"]
DOC_WORDS = ["Guidance", "Review", "Report", "Toolkit", "Handbook", "Study", "Briefing", "Survey"]
DOC_TOPICS = ["responsible supply chains", "public procurement and human rights",
              "forced labour in public supply chains", "worker-driven social responsibility",
              "remedy in global value chains", "sustainable public procurement",
              "social auditing", "modern slavery statements"]

HEADINGS = ["Why this matters", "What the evidence shows", "Current practice", "The legal framework",
            "Practical steps for buyers", "The role of trade unions", "Data and disclosure",
            "Costs and capacity", "Open questions", "What suppliers say", "Working with monitors",
            "Common objections", "Lessons from {jurisdiction}", "Case study: {topic} in {jurisdiction}",
            "Where {topic} contracts fall short", "Measuring progress"]
SUBHEADINGS = ["Before the tender", "During the contract", "What buyers can ask for",
               "Common pitfalls", "Indicators to track", "Evidence from audits",
               "A note on small buyers", "Sequencing the steps", "Who pays", "When to escalate"]

TABLE_SHAPES = [
    (["Stage", "Typical risks", "Evidence to start from"], ["stage", "risk", "evidence"]),
    (["Measure", "Used in", "Strength", "Limits"], ["measure", "place", "strength", "limit"]),
    (["Clause", "Purpose", "Trigger"], ["clause", "purpose", "trigger"]),
]
CELL_WORDS = {
    "stage": ["Raw materials", "Processing", "Assembly", "Logistics", "Subcontractors", "Recycling",
              "Recruitment", "Site works"],
    "risk": ["Forced labour", "Child labour", "Excessive overtime", "Unsafe buildings",
             "Union busting", "Wage theft", "Recruitment debt", "Excessive force"],
    "evidence": ["ILO country reports", "Public risk lists", "Union reports", "Court records",
                 "Inspection data", "NGO investigations", "Company disclosures"],
    "measure": ["Factory disclosure", "Independent monitoring", "Living wage clause",
                "Grievance hotline", "Exclusion for past abuses", "Price review"],
    "place": ["Canada", "United Kingdom", "Norway", "Sweden", "European Union", "United States",
              "Netherlands", "Germany"],
    "strength": ["Cheap to run", "Worker-centred", "Legally binding", "Easy to verify",
                 "Builds trust", "Shared across buyers"],
    "limit": ["First tier only", "Depends on audits", "Hard to enforce", "Needs budget",
              "Slow to act", "Few complaints reach it"],
    "clause": ["Disclosure", "Monitoring access", "Corrective action", "Remediation",
               "Termination", "Subcontracting consent"],
    "purpose": ["See the supply chain", "Let monitors in", "Fix breaches", "Compensate workers",
                "Exit as a last resort", "Stop hidden production"],
    "trigger": ["Contract signature", "Monitor's finding", "Worker complaint", "Annual review",
                "Repeated breach", "New supplier"],
}

CODE_TEXT = """Clause {n}. Supply chain disclosure
{n}.1 The Contractor shall disclose, for every production site used
      to perform this Contract, its name, address and main activity.
{n}.2 The Contractor shall update the list within {days} days of any change.
{n}.3 The Authority may publish the list and share it with the monitor."""
CODE_TOML = """[supplier]
name = "Example {topic} supplier"
tier = {tier}
country = "{country}"
workers = {workers}

[monitoring]
independent = true
last_visit = {date}"""

FIRST = ["Amina", "Jonas", "Priya", "Carlos", "Mette", "Kwame", "Sofia", "Lars", "Nadia", "Tomás"]
LAST = ["Okafor", "Berg", "Sharma", "Mendes", "Jensen", "Mensah", "Rossi", "Nilsson", "Haddad", "Alves"]


def place_name(jurisdiction: str) -> str:
    """'United Kingdom' -> 'the United Kingdom', for use in a sentence."""
    return f"the {jurisdiction}" if jurisdiction.startswith(("European", "United", "Netherlands")) else jurisdiction


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --------------------------------------------------------------------------------------------
# site.toml of the repository
# --------------------------------------------------------------------------------------------

def read_site_config(repo: Path) -> tuple[list[dict], list[dict]]:
    try:
        import tomllib
    except ImportError:  # Python < 3.11
        sys.exit("gen_corpus.py needs Python 3.11 or newer (for tomllib)")
    with open(repo / "site.toml", "rb") as f:
        config = tomllib.load(f)
    return config["phases"], config.get("taxonomies", [])


def toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def site_toml(phases: list[dict], taxonomies: list[dict]) -> str:
    out = [
        "# Generated by scripts/gen_corpus.py: a benchmark corpus, not the Lab's site.",
        'title = "praxis benchmark corpus"',
        'description = "A generated site for measuring build times."',
        'base_url = "https://example.org/lab/"',
        'language = "en"',
        'theme = "default"',
        "",
    ]
    for p in phases:
        out += ["[[phases]]"] + [f"{k} = {toml_str(str(v))}" for k, v in p.items()] + [""]
    for t in taxonomies:
        out.append("[[taxonomies]]")
        for k, v in t.items():
            if k == "terms":
                out.append("terms = [")
                for term in v:
                    inner = ", ".join(f"{tk} = {toml_str(str(tv))}" for tk, tv in term.items())
                    out.append(f"  {{ {inner} }},")
                out.append("]")
            else:
                out.append(f"{k} = {toml_str(str(v))}")
        out.append("")
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# The plan: hubs, reports, chapters and their paths
# --------------------------------------------------------------------------------------------

class Chapter:
    def __init__(self, hub, report, number, slug, title, phase, topic):
        self.hub = hub
        self.report = report
        self.number = number
        self.slug = slug
        self.title = title
        self.phase = phase
        self.topic = topic

    @property
    def filename(self) -> str:
        return f"{self.number:02d}-{self.slug}.md"


class Report:
    def __init__(self, hub, slug, title, topic, jurisdiction):
        self.hub = hub
        self.slug = slug
        self.title = title
        self.topic = topic
        self.jurisdiction = jurisdiction
        self.chapters: list[Chapter] = []


def plan(rng: random.Random, n_chapters: int, phases: list[dict], jurisdictions: list[dict]):
    """Split n chapters into reports of 10-12 chapters, round-robin over the hubs."""
    count = max(1, round(n_chapters / 11))
    sizes = [n_chapters // count + (1 if i < n_chapters % count else 0) for i in range(count)]
    for _ in range(count):  # vary the sizes within 10-12 without changing the total
        a, b = rng.randrange(count), rng.randrange(count)
        if a != b and sizes[a] < 12 and sizes[b] > 10:
            sizes[a] += 1
            sizes[b] -= 1
    reports: list[Report] = []
    taken: dict[str, set] = {h["id"]: set() for h in HUBS}
    phase_ids = [p["id"] for p in phases]
    counter = 0
    for r, size in enumerate(sizes):
        hub = HUBS[r % len(HUBS)]
        topic = rng.choice(hub["topics"])
        jur = rng.choice(jurisdictions)
        title = rng.choice(REPORT_PATTERNS).format(topic=topic)
        if rng.random() < 0.7:
            title += f" in {place_name(jur['title'])}" if jur["id"] != "international" else " worldwide"
        slug = slugify(title)
        base, k = slug, 2
        while slug in taken[hub["id"]]:
            slug = f"{base}-{k}"
            k += 1
        taken[hub["id"]].add(slug)
        report = Report(hub, slug, title, topic, jur)
        used_slugs: set = set()
        for number in range(1, size + 1):
            phase = phase_ids[counter % len(phase_ids)]
            counter += 1
            ch_topic = topic if rng.random() < 0.75 else rng.choice(hub["topics"])
            ch_title = rng.choice(CHAPTER_PATTERNS.get(phase, ["{topic}: " + phase])).format(topic=ch_topic)
            ch_title = ch_title[0].upper() + ch_title[1:]
            ch_slug = slugify(ch_title)
            base, k = ch_slug, 2
            while ch_slug in used_slugs:
                ch_slug = f"{base}-{k}"
                k += 1
            used_slugs.add(ch_slug)
            report.chapters.append(Chapter(hub, report, number, ch_slug, ch_title, phase, ch_topic))
        reports.append(report)
    return reports


# --------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------

class Writer:
    def __init__(self, rng: random.Random, jurisdictions: list[dict]):
        self.rng = rng
        self.jurisdictions = [j for j in jurisdictions if j["id"] != "international"] or jurisdictions

    def place(self) -> str:
        return place_name(self.rng.choice(self.jurisdictions)["title"])

    def obj(self) -> str:
        rng = self.rng
        o = rng.choice(OBJECTS)
        roll = rng.random()
        if roll < 0.06:
            return f"*{o}*"
        if roll < 0.09:
            return f"**{o}**"
        if roll < 0.11:
            return f"[{o}](https://example.org/resources/{slugify(o)})"
        return o

    def sentence(self, topic: str) -> str:
        rng = self.rng
        s = rng.choice(SUBJECTS)
        kind = rng.randrange(8)
        if kind == 0:
            text = f"{rng.choice(CONNECTORS)} {s.lower() if not s[1].isupper() else s} {rng.choice(VERBS)} {self.obj()} {rng.choice(QUALIFIERS)}."
        elif kind == 1:
            text = f"{s} rarely {rng.choice(VERBS)} {self.obj()}, and {rng.choice(SUBJECTS).lower()} seldom {rng.choice(VERBS)} {self.obj()}."
        elif kind == 2:
            text = f"The evidence from {topic} suggests that {s.lower()} {rng.choice(VERBS)} {self.obj()} only when {rng.choice(OBJECTS)} are {rng.choice(ADJECTIVES)}."
        elif kind == 3:
            adj = rng.choice(ADJECTIVES)
            text = f"{'An' if adj[0] in 'aeiou' else 'A'} {adj} approach would {rng.choice(VERBS)} {self.obj()} {rng.choice(QUALIFIERS)}, not only {rng.choice(OBJECTS)}."
        elif kind == 4:
            text = f'{s} describe this as "{rng.choice(ADJECTIVES)} {rng.choice(OBJECTS)}" -- a phrase that hides the buyer\'s own role.'
        elif kind == 5:
            text = f"In {self.place()}, {s.lower()} {rng.choice(VERBS)} {self.obj()} {rng.choice(QUALIFIERS)}, which workers' representatives have welcomed."
        elif kind == 6:
            text = f"{s} {rng.choice(VERBS)} {self.obj()} {rng.choice(QUALIFIERS)}; {rng.choice(SUBJECTS).lower()} {rng.choice(VERBS)} {rng.choice(OBJECTS)} in turn."
        else:
            text = f"For {topic}, {s.lower()} {rng.choice(VERBS)} {self.obj()} and {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(QUALIFIERS)}."
        return text[0].upper() + text[1:]

    def paragraph(self, topic: str, words: int) -> str:
        out, count = [], 0
        while count < words or len(out) < 2:
            s = self.sentence(topic)
            out.append(s)
            count += len(s.split())
        return " ".join(out)

    def short(self, topic: str) -> str:
        """One short clause, for list items, gaps and options (no double quotes)."""
        rng = self.rng
        kind = rng.randrange(4)
        if kind == 0:
            t = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(QUALIFIERS)}."
        elif kind == 1:
            t = f"Make *{rng.choice(OBJECTS)}* {rng.choice(ADJECTIVES)} {rng.choice(QUALIFIERS)}."
        elif kind == 2:
            t = f"Few {topic} contracts {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(QUALIFIERS)}."
        else:
            t = f"{rng.choice(ADJECTIVES).capitalize()} {rng.choice(OBJECTS)} for {topic}, {rng.choice(QUALIFIERS)}."
        return t

    def heading(self, pool: list[str], topic: str) -> str:
        h = self.rng.choice(pool)
        return h.format(topic=topic, jurisdiction=self.place())

    def footnote(self, n: int) -> str:
        rng = self.rng
        org = rng.choice(ORGS)
        doc = f"{rng.choice(DOC_WORDS)} on {rng.choice(DOC_TOPICS)}"
        year = rng.randint(2011, 2026)
        return f"[^{n}]: {org}, *{doc}*, {year}, https://example.org/sources/{slugify(doc)}-{year}"

    def table(self) -> str:
        rng = self.rng
        header, kinds = rng.choice(TABLE_SHAPES)
        rows = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for _ in range(rng.randint(3, 6)):
            rows.append("| " + " | ".join(rng.choice(CELL_WORDS[k]) for k in kinds) + " |")
        return "\n".join(rows)

    def date(self, start: dt.date, span_days: int) -> dt.date:
        return start + dt.timedelta(days=self.rng.randrange(span_days))


def words(text: str) -> int:
    return len(text.split())


# --------------------------------------------------------------------------------------------
# Links: one function per format, so the bodies are the same and only destinations differ
# --------------------------------------------------------------------------------------------

def praxis_chapter_path(ch: Chapter) -> str:
    return f"hubs/{ch.hub['id']}/{ch.report.slug}/{ch.filename}"


def praxis_link(from_file: str, to_file: str) -> str:
    """Relative path from one source file to another (both relative to the site root)."""
    return posixpath.relpath(to_file, posixpath.dirname(from_file))


def hugo_chapter_url(ch: Chapter) -> str:
    return f"/{ch.hub['id']}/{ch.report.slug}/{ch.slug}/"


def hugo_link(from_url: str, to_url: str) -> str:
    """Relative URL from one page's URL (a folder) to another's."""
    rel = posixpath.relpath(to_url, from_url)
    return "./" if rel == "." else rel + "/"


class Format:
    def __init__(self, name: str):
        self.name = name

    def chapter_link(self, src: Chapter, dst: Chapter, anchor: str | None) -> str:
        if self.name == "praxis":
            dest = praxis_link(praxis_chapter_path(src), praxis_chapter_path(dst))
        else:
            dest = hugo_link(hugo_chapter_url(src), hugo_chapter_url(dst))
        return dest + (f"#{anchor}" if anchor else "")

    def report_to_chapter(self, report: Report, ch: Chapter) -> str:
        if self.name == "praxis":
            return ch.filename
        return f"{ch.slug}/"

    def page_to_report(self, page: str, report: Report) -> str:
        """page: 'home', 'about' or 'synthesis'."""
        if self.name == "praxis":
            src = {"home": "content/_index.md", "about": "content/about.md",
                   "synthesis": "content/synthesis/_index.md"}[page]
            return praxis_link(src, f"hubs/{report.hub['id']}/{report.slug}/_index.md")
        src = {"home": "/", "about": "/about/", "synthesis": "/synthesis/"}[page]
        return hugo_link(src, f"/{report.hub['id']}/{report.slug}/")

    def page_to_page(self, page: str, target: str) -> str:
        if self.name == "praxis":
            src = {"home": "content/_index.md", "about": "content/about.md",
                   "synthesis": "content/synthesis/_index.md"}[page]
            dst = {"about": "content/about.md", "synthesis": "content/synthesis/_index.md"}[target]
            return praxis_link(src, dst)
        src = {"home": "/", "about": "/about/", "synthesis": "/synthesis/"}[page]
        return hugo_link(src, f"/{target}/")


# --------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------

def yaml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def yaml_list_inline(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def chapter_body(w: Writer, fmt: Format, ch: Chapter, all_reports: list[Report],
                 jurisdiction_ids: list[str]) -> str:
    rng = w.rng
    topic = ch.topic
    target = rng.randint(600, 900)
    n_footnotes = rng.randint(2, 3)
    has_code = rng.random() < 0.1

    # Links to 1-3 other chapters: same report, another report of the hub, or another hub.
    links = []
    for _ in range(rng.randint(1, 3)):
        roll = rng.random()
        hub_reports = [r for r in all_reports if r.hub is ch.hub]
        if roll < 0.5 or len(all_reports) == 1:
            pool = ch.report.chapters
        elif roll < 0.8 and len(hub_reports) > 1:
            pool = rng.choice(hub_reports).chapters
        else:
            pool = rng.choice(all_reports).chapters
        dst = rng.choice(pool)
        if dst is ch:
            dst = ch.report.chapters[(ch.number) % len(ch.report.chapters)]
        if dst is ch:  # a report of one chapter: link to any other chapter, if there is one
            continue
        anchor = "key-findings" if rng.random() < 0.3 else None
        text = rng.choice([dst.title.lower(), f"the chapter on {dst.topic}", dst.title])
        links.append(f"[{text}]({fmt.chapter_link(ch, dst, anchor)})")

    # The skeleton: blocks, with None for paragraphs to fill in.
    blocks: list[str | None] = [None]
    n_sections = rng.randint(3, 5)
    key_at = rng.randrange(n_sections)
    table_at = rng.randrange(n_sections)
    bullets_at = rng.randrange(n_sections)
    numbered_at = rng.randrange(n_sections)
    code_at = rng.randrange(n_sections) if has_code else -1
    used_headings: list[str] = []
    for s in range(n_sections):
        if s == key_at:
            blocks.append("## Key findings {#key-findings}")
        else:
            h = w.heading(HEADINGS, topic)
            while h in used_headings:
                h = w.heading(HEADINGS, topic)
            used_headings.append(h)
            blocks.append(f"## {h}")
        blocks.append(None)
        if s == bullets_at:
            items = [f"- {w.short(topic)}" for _ in range(rng.randint(3, 6))]
            if rng.random() < 0.2:
                items[0] = "- [x] " + items[0][2:]
                items[1] = "- [ ] " + items[1][2:]
            blocks.append("\n".join(items))
        if rng.random() < 0.6:
            blocks.append(f"### {w.heading(SUBHEADINGS, topic)}")
            blocks.append(None)
        if s == numbered_at:
            blocks.append("\n".join(f"{i}. {w.short(topic)}" for i in range(1, rng.randint(3, 5) + 1)))
        if s == table_at:
            blocks.append(w.table())
            blocks.append(None)
        if s == code_at:
            if rng.random() < 0.5:
                code = CODE_TEXT.format(n=rng.randint(5, 30), days=rng.choice([14, 30, 60]))
                blocks.append(f"```text\n{code}\n```")
            else:
                code = CODE_TOML.format(topic=topic, tier=rng.randint(1, 4),
                                        country=rng.choice(w.jurisdictions)["title"],
                                        workers=rng.randint(50, 5000),
                                        date=w.date(dt.date(2024, 1, 1), 700).isoformat())
                blocks.append(f"```toml\n{code}\n```")
        if rng.random() < 0.15:
            blocks.append(f"~~{w.short(topic)}~~ {w.sentence(topic)}")
    blocks.append(None)
    notes = [w.footnote(n) for n in range(1, n_footnotes + 1)]

    slots = [i for i, b in enumerate(blocks) if b is None]
    fixed = sum(words(b) for b in blocks if b) + sum(words(n) for n in notes) + 6 * len(links)
    # A paragraph overshoots its share by half a sentence (about 8 words) on average.
    per_slot = max(20, (target - fixed) // len(slots) - 8)
    paragraphs = [w.paragraph(topic, per_slot) for _ in slots]
    # Footnote references and links go at the end of sentences in chosen paragraphs.
    for n in range(1, n_footnotes + 1):
        i = rng.randrange(len(paragraphs))
        paragraphs[i] = paragraphs[i][:-1] + f".[^{n}]" if paragraphs[i].endswith(".") else paragraphs[i] + f"[^{n}]"
    for link in links:
        i = rng.randrange(len(paragraphs))
        paragraphs[i] += " " + rng.choice(["Compare", "See also", "The same problem appears in", "Read more in"]) + f" {link}."
    for slot, para in zip(slots, paragraphs):
        blocks[slot] = para
    return "\n\n".join(blocks) + "\n\n" + "\n".join(notes) + "\n"


def chapter_file(w: Writer, fmt: Format, ch: Chapter, reports: list[Report],
                 issue_ids: list[str], jurisdiction_ids: list[str], phase_titles: dict) -> str:
    rng = w.rng
    summary = (f"What {rng.choice(SUBJECTS).lower()} can do about {rng.choice(OBJECTS)} at the "
               f"{phase_titles[ch.phase].lower()} phase when buying {ch.topic}.")
    issues = rng.sample(issue_ids, rng.randint(1, min(4, len(issue_ids)))) if issue_ids else []
    jurs = rng.sample(jurisdiction_ids, rng.randint(1, min(3, len(jurisdiction_ids)))) if jurisdiction_ids else []
    status = "published" if rng.random() < 0.7 else "review"
    updated = w.date(dt.date(2025, 1, 1), 700).isoformat()
    gaps = [w.short(ch.topic) for _ in range(rng.randint(2, 4))]
    options = [w.short(ch.topic) for _ in range(rng.randint(2, 4))]
    body = chapter_body(w, fmt, ch, reports, jurisdiction_ids)
    fm = [f"title: {yaml_str(ch.title)}"]
    if fmt.name == "hugo":
        fm += [f"slug: {ch.slug}", f"weight: {ch.number}", f"date: {updated}",
               f"summary: {yaml_str(summary)}", f"phases: [{ch.phase}]"]
    else:
        fm += [f"phase: {ch.phase}", f"summary: {yaml_str(summary)}"]
    if issues:
        fm.append(f"issues: {yaml_list_inline(issues)}")
    if jurs:
        fm.append(f"jurisdictions: {yaml_list_inline(jurs)}")
    fm += [f"status: {status}", f"updated: {updated}", "gaps:"]
    fm += [f"  - {yaml_str(g)}" for g in gaps]
    fm.append("options:")
    fm += [f"  - {yaml_str(o)}" for o in options]
    return "---\n" + "\n".join(fm) + "\n---\n" + body


def report_file(w: Writer, fmt: Format, report: Report, index: int) -> str:
    rng = w.rng
    summary = (f"How public bodies that buy {report.topic} can find, prevent and help remedy "
               f"labour rights abuses, phase by phase.")
    authors = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(rng.randint(1, 3))]
    authors.append(f"Learning Lab, {report.hub['title'].lower()} hub")
    published = w.date(dt.date(2024, 6, 1), 800).isoformat()
    status = "published" if rng.random() < 0.6 else "review"
    intro = [w.paragraph(report.topic, rng.randint(60, 110)),
             w.paragraph(report.topic, rng.randint(50, 90)),
             "The report follows the procurement cycle:",
             "\n".join(f"{i}. [{ch.title}]({fmt.report_to_chapter(report, ch)})"
                       for i, ch in enumerate(report.chapters, 1))]
    fm = [f"title: {yaml_str(report.title)}", f"summary: {yaml_str(summary)}",
          "authors: [" + ", ".join(yaml_str(a) for a in authors) + "]"]
    if fmt.name == "hugo":
        fm += [f"date: {published}", f"weight: {index}"]
    else:
        fm += [f"published: {published}"]
    fm.append(f"status: {status}")
    return "---\n" + "\n".join(fm) + "\n---\n" + "\n\n".join(intro) + "\n"


def hub_yaml(hub: dict, order: int) -> str:
    return (f"title: {yaml_str(hub['title'])}\nlead: {yaml_str(hub['lead'])}\n"
            f"summary: {yaml_str(hub['summary'])}\norder: {order}\nwebsite: {yaml_str(hub['website'])}\n")


def lab_pages(w: Writer, fmt: Format, reports: list[Report]) -> dict[str, str]:
    firsts = []
    for hub in HUBS:
        mine = [r for r in reports if r.hub is hub]
        if mine:
            firsts.append((hub, mine[0]))
    rng = w.rng

    def hub_links(page: str) -> str:
        return "\n".join(f"- **{hub['title']}.** {w.paragraph('public contracts', 25)} Start with "
                         f"[{r.title.lower()}]({fmt.page_to_report(page, r)})." for hub, r in firsts)

    home = ("---\ntitle: \"praxis benchmark corpus\"\nsummary: \"A generated site for measuring build times.\"\n---\n"
            f"{w.paragraph('public contracts', 80)}\n\n## How this site is organised\n\n"
            f"{w.paragraph('public contracts', 60)} Read the [synthesis]({fmt.page_to_page('home', 'synthesis')}) "
            f"or [about the Lab]({fmt.page_to_page('home', 'about')}).\n\n{hub_links('home')}\n")
    about = ("---\ntitle: \"About the Lab\"\nsummary: \"Who runs this generated Lab and how its site is organised.\"\n---\n"
             f"## A network for public buyers\n\n{w.paragraph('public contracts', 90)}\n\n## Four hubs\n\n"
             f"{hub_links('about')}\n\n## Three work streams\n\n"
             + "\n".join(f"{i}. {w.short('public contracts')}" for i in range(1, 4))
             + f"\n\n{w.paragraph('public contracts', 60)}\n")
    synthesis = ("---\ntitle: \"Synthesis: gaps and options across the procurement cycle\"\n"
                 "summary: \"One view of what the hub reports found missing at each phase.\"\n---\n"
                 f"## What the synthesis compiles\n\n{w.paragraph('public contracts', 70)}\n\n"
                 f"## Patterns that recur across sectors\n\n{hub_links('synthesis')}\n\n"
                 f"{w.paragraph('public contracts', rng.randint(50, 80))}\n")
    return {"home": home, "about": about, "synthesis": synthesis}


HUGO_TOML = """# Generated by scripts/gen_corpus.py: the praxis benchmark corpus as a Hugo site.
baseURL = "https://example.org/lab/"
title = "praxis benchmark corpus"
languageCode = "en"
enableRobotsTXT = true
disableKinds = ["RSS"]

[taxonomies]
issue = "issues"
jurisdiction = "jurisdictions"
phase = "phases"

[markup.highlight]
noClasses = false

[markup.tableOfContents]
startLevel = 2
endLevel = 3
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="{{ .Site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ .Site.Title }}</title>
{{ with .Params.summary }}<meta name="description" content="{{ . }}">{{ end }}
</head>
<body>
<header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
<nav>{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "_default/single.html": """{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}
{{ with .Parent }}<p>Part of <a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}
{{ .TableOfContents }}
{{ .Content }}
{{ with .Params.gaps }}<h2>Gaps</h2><ul>{{ range . }}<li>{{ . | markdownify }}</li>{{ end }}</ul>{{ end }}
{{ with .Params.options }}<h2>Options</h2><ul>{{ range . }}<li>{{ . | markdownify }}</li>{{ end }}</ul>{{ end }}
{{ range $taxonomy, $_ := .Site.Taxonomies }}{{ with $.GetTerms $taxonomy }}<p>{{ $taxonomy }}: {{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>{{ end }}{{ end }}
</article>
<nav>{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }} {{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
{{ end }}
""",
    "_default/list.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.summary }} {{ . }}{{ end }}</li>
{{ end }}</ul>
{{ end }}
""",
    "404.html": """{{ define "main" }}<h1>Page not found</h1><p><a href="{{ .Site.Home.RelPermalink }}">Home</a></p>{{ end }}
""",
}


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def generate(n_chapters: int, out: Path, fmt_name: str, seed: int, repo: Path) -> dict:
    phases, taxonomies = read_site_config(repo)
    terms = {t["id"]: [term["id"] for term in t.get("terms", [])] for t in taxonomies}
    issue_ids = terms.get("issues", [])
    jurisdiction_list = next((t.get("terms", []) for t in taxonomies if t["id"] == "jurisdictions"), [])
    jurisdiction_ids = [j["id"] for j in jurisdiction_list]
    if not jurisdiction_list:
        jurisdiction_list = [{"id": "international", "title": "International"}]
    phase_titles = {p["id"]: p["title"] for p in phases}

    rng = random.Random(seed)
    reports = plan(rng, n_chapters, phases, jurisdiction_list)
    w = Writer(rng, jurisdiction_list)
    fmt = Format(fmt_name)
    hub_orders = {h["id"]: i for i, h in enumerate(HUBS, 1)}

    if fmt_name == "praxis":
        write(out / "site.toml", site_toml(phases, taxonomies))
        for hub in HUBS:
            write(out / "hubs" / hub["id"] / "hub.yaml", hub_yaml(hub, hub_orders[hub["id"]]))
        content = out / "content"
        base = out / "hubs"
    else:
        write(out / "hugo.toml", HUGO_TOML)
        for rel, text in HUGO_LAYOUTS.items():
            write(out / "layouts" / rel, text)
        content = out / "content"
        base = content
        for hub in HUBS:
            write(content / hub["id"] / "_index.md",
                  f"---\ntitle: {yaml_str(hub['title'])}\nsummary: {yaml_str(hub['summary'])}\n"
                  f"weight: {hub_orders[hub['id']]}\nlead: {yaml_str(hub['lead'])}\n"
                  f"website: {yaml_str(hub['website'])}\n---\n")

    words_total = 0
    for index, report in enumerate(reports, 1):
        folder = base / report.hub["id"] / report.slug
        write(folder / "_index.md", report_file(w, fmt, report, index))
        for ch in report.chapters:
            text = chapter_file(w, fmt, ch, reports, issue_ids, jurisdiction_ids, phase_titles)
            words_total += words(text.split("\n---\n", 1)[1])
            write(folder / ch.filename, text)

    pages = lab_pages(w, fmt, reports)
    write(content / "_index.md", pages["home"])
    write(content / "about.md", pages["about"])
    write(content / "synthesis" / "_index.md", pages["synthesis"])

    stats = {"chapters": sum(len(r.chapters) for r in reports), "reports": len(reports),
             "hubs": len(HUBS), "body_words": words_total}
    write(out / STAMP, f"version={GENERATOR_VERSION}\nformat={fmt_name}\nchapters={n_chapters}\nseed={seed}\n"
          + "".join(f"{k}={v}\n" for k, v in stats.items()))
    return stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--chapters", type=int, required=True, help="number of chapters")
    ap.add_argument("--out", type=Path, required=True, help="output folder (must not exist or be empty)")
    ap.add_argument("--format", choices=["praxis", "hugo"], default="praxis")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--repo", type=Path, default=REPO,
                    help="praxis repository whose site.toml is used (default: this one)")
    ap.add_argument("--force", action="store_true", help="delete the output folder first")
    ap.add_argument("--version", action="version", version=f"gen_corpus {GENERATOR_VERSION}")
    args = ap.parse_args()
    if args.chapters < 1:
        ap.error("--chapters must be at least 1")
    if args.out.exists() and any(args.out.iterdir()):
        if not args.force:
            ap.error(f"{args.out} is not empty (use --force to replace it)")
        shutil.rmtree(args.out)
    stats = generate(args.chapters, args.out, args.format, args.seed, args.repo)
    print(f"{args.out}: {stats['chapters']} chapters in {stats['reports']} reports over "
          f"{stats['hubs']} hubs, {stats['body_words']} words of chapter bodies ({args.format})")


if __name__ == "__main__":
    main()
