#!/usr/bin/env python3
"""Seeded, deterministic corpus generator for vouch benchmarks.

Writes a content library of realistic patient-support copy into a target directory:
Markdown, HTML and plain-text files (roughly 45/35/20), with promises the reference
manifest keeps and breaks, fine print (footnotes, "for eligible patients"), negated and
hypothetical look-alikes, suppressions, code blocks, scripts and styles that are not copy,
plus a `psp.toml` and `vouch.toml` so `vouch check DIR` runs as is.

    benches/gen_corpus.py --size small  OUT    # 200 files (~2.5 MB)
    benches/gen_corpus.py --size medium OUT    # ~50 MB
    benches/gen_corpus.py --size large  OUT    # ~200 MB
    benches/gen_corpus.py --bytes 5000000 OUT  # any size
    benches/gen_corpus.py --promise-free OUT   # safety text only: the cost of copy with no promise
    benches/gen_corpus.py --unique OUT         # no sentence repeats: vouch's memo never helps
    benches/gen_corpus.py --extra-rules 10x RULEDIR   # generated rule files (see --help)

The same seed and size always give byte-identical files. Never commit the output.
"""

import argparse
import os
import random
import shutil
import sys

SIZES = {"small": 10_000_000, "medium": 50_000_000, "large": 200_000_000}

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

PROMISES = [
    "Our Nurse Educators are available 24/7 to answer your questions.",
    "Get 24/7 personalized support from the CareBridge team.",
    "Live chat around the clock with a CareBridge specialist.",
    "Your dedicated nurse will get to know you and your routine.",
    "Your Care Coordinator stays with you for as long as you're enrolled.",
    "Pay as little as $0 per fill with the CareBridge savings card.*",
    "Eligible patients may pay as little as $0 per fill, up to $15,000 per calendar year.",
    "We'll verify your benefits within 24 hours of receiving your enrollment form.",
    "Text us anytime at 55123 for help with your refill.",
    "Call 1-800-555-0100 Monday through Friday, 8 AM to 8 PM ET.",
    "Call 1-800-555-0199 to speak with a pharmacist today.",
    "Support is available in English and Spanish, and in 200 languages through interpreters.",
    "A nurse can visit you at home to show you how to inject.",
    "Every patient qualifies, regardless of insurance.",
    "Join more than 50,000 patients already enrolled in CareBridge.",
    "Prior authorization help is available from your Access Specialist.",
    "Get your medication for free while we sort out your coverage with the bridge program.",
    "We will call you back the same day, even on weekends and holidays.",
    "Video visits with a pharmacist are available in the evenings.",
    "Care Bridge reimbursement specialists handle appeals within 2 business days.",
    "Start therapy within 14 days of your prescription.",
    "Get your first dose in as little as 2 days with Quick Start.",
    "Injection training is available in person or virtually.",
    "Text SAVE to 55123 to get your savings card.",
    "Email us and we'll reply within 1 business day.",
]

LOOKALIKES = [
    "Our nurses are not available 24/7; call 911 in an emergency.",
    "If you need help at night, call your doctor or 911.",
    "Is CareBridge available 24/7?",
    "We don't offer in-home visits at this time.",
    "Your doctor may call you to talk about your treatment plan.",
    "Independent charitable foundations may be able to help; they are not part of CareBridge.",
    "The savings card is not available to residents of Massachusetts.",
    "Talk to your doctor about whether Orvenza is right for you.",
]

FILLER = [
    "Orvenza is a prescription medicine used to treat adults with moderate to severe plaque psoriasis.",
    "Before starting Orvenza, tell your healthcare provider about all of your medical conditions.",
    "The most common side effects include injection site reactions and upper respiratory infections.",
    "Store the prefilled pen in the refrigerator and let it reach room temperature before use.",
    "Read the Medication Guide that comes with Orvenza before you start using it.",
    "CareBridge is sponsored by Halvern Therapeutics and does not replace your healthcare team.",
    "Keep a list of your medicines and show it to your doctor and pharmacist.",
    "Orvenza may increase the risk of infections, some of which can be serious.",
    "Please see full Prescribing Information and Medication Guide for more details.",
    "Enrollment takes about ten minutes online or over the phone with a Care Coordinator.",
    "Dr. Lee reviewed the program materials with office staff, e.g. forms and checklists.",
    "Bring your insurance card and a list of current medications to each appointment.",
]

# Safety information: long, everywhere in pharma copy, and promising nothing the program does.
SAFETY = [s for s in FILLER if not any(w in s for w in ("CareBridge", "Care Coordinator", "phone", "pharmacist", "staff"))]

FINE_PRINT = [
    "*Eligibility restrictions and Terms and Conditions apply. Not valid for patients with government insurance.",
    "Eligibility restrictions and Terms and Conditions apply.",
    "†For eligible, commercially insured patients. Maximum annual benefit applies.",
    "Available Monday-Friday during business hours; after hours, leave a voicemail.",
]

SUPPRESSION = '<!-- vouch-ignore availability.always: reason="after-hours nurse line launches 2027-01" -->'
SUPPRESSION_NO_REASON = "<!-- vouch-ignore availability -->"

UNICODE = ["Llame al 1-800-555-0100 para recibir apoyo en español.", "Ünïcödé café naïve — “quoted” text…"]


# --unique: a counter written into every sentence, so that none repeats. Real libraries
# repeat their safety text, footers and support lines word for word, and vouch reads a
# repeated sentence once; this prices copy where nothing repeats.
UNIQUE = None


def unique(sentence):
    global UNIQUE
    if UNIQUE is None:
        return sentence
    UNIQUE += 1
    end = len(sentence.rstrip(".!?*"))
    return "%s (code %d)%s" % (sentence[:end], UNIQUE, sentence[end:])


def paragraph(rng, n=None):
    n = n or rng.randint(2, 6)
    out = []
    for _ in range(n):
        r = rng.random()
        # About one sentence in twelve makes a promise, one in twenty-five only looks like one.
        if r < 0.08:
            out.append(rng.choice(PROMISES))
        elif r < 0.12:
            out.append(rng.choice(LOOKALIKES))
        elif r < 0.14:
            out.append(rng.choice(UNICODE))
        else:
            out.append(rng.choice(FILLER))
        out[-1] = unique(out[-1])
    return " ".join(out)


def markdown(rng, target):
    parts = [
        "---\ntitle: \"Generated page %d\"\naudience: %s\njob_code: GEN-%06d\n---\n"
        % (rng.randint(1, 10**6), rng.choice(["consumer", "hcp"]), rng.randint(0, 999999))
    ]
    size = len(parts[0])
    while size < target:
        r = rng.random()
        if r < 0.10:
            s = "## %s\n\n" % rng.choice(["Support when you need it", "Savings", "Getting started", "FAQ"])
        elif r < 0.20:
            s = "".join("- %s\n" % paragraph(rng, 1) for _ in range(rng.randint(2, 5))) + "\n"
        elif r < 0.24:
            s = "```text\nlive chat 24/7 in a code block is not copy\n```\n\n"
        elif r < 0.27:
            s = "| Service | Hours |\n| --- | --- |\n| Phone | Mon-Fri 8-8 |\n| Chat | 24/7 |\n\n"
        elif r < 0.29:
            s = SUPPRESSION + "\n" + paragraph(rng) + "\n\n"
        elif r < 0.30:
            s = SUPPRESSION_NO_REASON + "\n\n"
        elif r < 0.36:
            s = "> %s\n\n" % paragraph(rng, 2)
        else:
            s = paragraph(rng) + "\n\n"
        parts.append(s)
        size += len(s)
    parts.append("\n" + rng.choice(FINE_PRINT) + "\n")
    return "".join(parts)


def html(rng, target):
    head = (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"audience\" content=\"%s\">\n<title>Generated &amp; page</title>\n"
        "<style>.badge::after { content: \"24/7 support\"; }</style>\n"
        "<script>gtag('event', 'page_view', { title: 'Live chat 24/7' });</script>\n"
        "</head>\n<body>\n<main>\n" % rng.choice(["consumer", "hcp"])
    )
    parts = [head]
    size = len(head)
    while size < target:
        r = rng.random()
        if r < 0.10:
            s = "<h2>%s</h2>\n" % rng.choice(["Support &amp; savings", "Talk to a nurse", "Getting started"])
        elif r < 0.20:
            s = "<ul>\n" + "".join("  <li>%s</li>\n" % paragraph(rng, 1) for _ in range(rng.randint(2, 5))) + "</ul>\n"
        elif r < 0.24:
            s = "<div class=\"card\"><p><strong>%s</strong> %s</p></div>\n" % (rng.choice(PROMISES), paragraph(rng, 2))
        elif r < 0.26:
            s = "  " + SUPPRESSION + "\n  <p>" + paragraph(rng) + "</p>\n"
        elif r < 0.28:
            s = "<img src=\"/img/nurse.png\" alt=\"%s\">\n" % rng.choice(PROMISES).replace('"', "&quot;")
        elif r < 0.30:
            s = "<table><tr><td>Phone</td><td>Mon&ndash;Fri 8&nbsp;AM&ndash;8&nbsp;PM</td></tr></table>\n"
        else:
            s = "<p>%s</p>\n" % paragraph(rng).replace("&", "&amp;")
        parts.append(s)
        size += len(s)
    parts.append("<footer><p class=\"fine\">%s</p></footer>\n</main>\n</body>\n</html>\n" % rng.choice(FINE_PRINT))
    return "".join(parts)


def text(rng, target):
    parts = ["Generated SMS and script library %d\n\n" % rng.randint(0, 10**6)]
    size = len(parts[0])
    while size < target:
        r = rng.random()
        if r < 0.15:
            s = "- %s\n" % paragraph(rng, 1)
        elif r < 0.17:
            s = "# vouch-ignore availability.always: reason=\"approved by MLR\"\n%s\n\n" % paragraph(rng, 2)
        else:
            s = paragraph(rng) + "\n\n"
        parts.append(s)
        size += len(s)
    parts.append(rng.choice(FINE_PRINT) + "\n")
    return "".join(parts)


def promise_free(rng, target):
    parts, size = [], 0
    while size < target:
        s = " ".join(rng.choice(SAFETY) for _ in range(rng.randint(2, 6))) + "\n\n"
        parts.append(s)
        size += len(s)
    return "".join(parts)


def file_size(rng):
    # Most copy is a few KB; some pages and scripts are long.
    r = rng.random()
    if r < 0.70:
        return rng.randint(1_500, 8_000)
    if r < 0.95:
        return rng.randint(8_000, 40_000)
    return rng.randint(40_000, 250_000)


def write_config(out):
    shutil.copy(os.path.join(REPO, "examples", "carebridge", "psp.toml"), os.path.join(out, "psp.toml"))
    with open(os.path.join(out, "vouch.toml"), "w") as f:
        f.write('manifest = "psp.toml"\ninclude = ["copy/**"]\nfail_on = "error"\n\n'
                '[audiences]\nhcp = ["copy/hcp/**"]\nconsumer = ["copy/dtc/**"]\n')


def generate(out, total, seed, max_files=None, no_promises=False):
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    write_config(out)
    written = 0
    files = 0
    while written < total and (max_files is None or files < max_files):
        kind = rng.random()
        folder = os.path.join(out, "copy", rng.choice(["dtc", "hcp"]), "batch%03d" % (files // 500))
        os.makedirs(folder, exist_ok=True)
        target = file_size(rng)
        if no_promises:
            body, ext = promise_free(rng, target), "md"
        elif kind < 0.45:
            body, ext = markdown(rng, target), "md"
        elif kind < 0.80:
            body, ext = html(rng, target), "html"
        else:
            body, ext = text(rng, target), "txt"
        data = body.encode("utf-8")
        with open(os.path.join(folder, "page%06d.%s" % (files, ext)), "wb") as f:
            f.write(data)
        written += len(data)
        files += 1
    return files, written


RULE_TEMPLATE = '''[[rule]]
id = "service.generated_{n}"
category = "service"
summary = "Generated rule {n} for the rule-count curve"
patterns = ['\\b{w1} {w2} (?:program|service)s?\\b', '\\b{w2} {w1} support\\b']
asserts = {{ service = "{service}" }}
message = "generated"
why = "benchmark"
fix = "benchmark"

[rule.examples]
flag = []
pass = []

'''

WORDS = ["alpha", "bravo", "cobalt", "delta", "ember", "falcon", "garnet", "harbor", "indigo", "juniper",
         "kestrel", "lumen", "meadow", "nimbus", "onyx", "prairie", "quartz", "raven", "sierra", "tundra"]
SERVICES = ["benefits_investigation", "prior_authorization", "appeals", "bridge", "quick_start",
            "home_delivery", "injection_training", "transportation"]


def extra_rules(out, count, seed):
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    per_file = 50
    for start in range(0, count, per_file):
        with open(os.path.join(out, "generated%03d.toml" % (start // per_file)), "w") as f:
            for n in range(start, min(count, start + per_file)):
                f.write(RULE_TEMPLATE.format(n=n, w1=rng.choice(WORDS) + str(n), w2=rng.choice(WORDS),
                                             service=rng.choice(SERVICES)))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out")
    p.add_argument("--size", choices=sorted(SIZES), default="small")
    p.add_argument("--bytes", type=int, help="total bytes of copy (overrides --size)")
    p.add_argument("--files", type=int, help="stop after this many files")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--promise-free", action="store_true",
                   help="copy that promises nothing (safety text only), to price the scan itself")
    p.add_argument("--unique", action="store_true",
                   help="a counter in every sentence, so none repeats (vouch's worst case)")
    p.add_argument("--extra-rules", type=int, metavar="N",
                   help="instead of copy, write N generated rules into OUT (for rules.extra)")
    a = p.parse_args()
    if a.extra_rules is not None:
        extra_rules(a.out, a.extra_rules, a.seed)
        print("%d rules in %s" % (a.extra_rules, a.out))
        return
    total = a.bytes or SIZES[a.size]
    if a.unique:
        global UNIQUE
        UNIQUE = 0
    max_files = a.files or (200 if a.size == "small" and not a.bytes else None)
    files, written = generate(a.out, total, a.seed, max_files, a.promise_free)
    print("%d files, %.1f MB in %s" % (files, written / 1e6, a.out), file=sys.stderr)


if __name__ == "__main__":
    main()
