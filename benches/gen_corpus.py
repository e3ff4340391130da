#!/usr/bin/env python3
"""Seeded, deterministic corpus generator for vouch benchmarks.

Writes a content library of realistic patient-support copy into a target directory:
Markdown, HTML and plain-text files (roughly 45/35/20 of the text files), and a share of
Word (.docx) and PowerPoint (.pptx) files, about half each (--office-share, 5 % of the
files by default), in the same folders. The copy has promises the reference manifest
keeps and breaks, fine print (footnotes, "for eligible patients"), negated and
hypothetical look-alikes, suppressions, and in the text files code blocks, scripts and
styles that are not copy; plus a `psp.toml` and `vouch.toml` so `vouch check DIR` runs as
is.

Word files have headings, lists, tables, fine print as real footnotes and suppressions as
Word comments; decks have a title and bullets per slide, some tables and speaker notes,
and a fine-print slide. They are minimal OOXML packages written with `zipfile` (fixed
timestamps and entry order). Sizes count bytes on disk, so an office file, compressed,
holds more copy per byte than a text file.

    benches/gen_corpus.py --size small  OUT    # 200 files (~3 MB)
    benches/gen_corpus.py --size medium OUT    # ~50 MB
    benches/gen_corpus.py --size large  OUT    # ~200 MB
    benches/gen_corpus.py --bytes 5000000 OUT  # any size
    benches/gen_corpus.py --promise-free OUT   # safety text only: the cost of copy with no promise
    benches/gen_corpus.py --unique OUT         # no sentence repeats: vouch's memo never helps
    benches/gen_corpus.py --office-share 0 OUT # text files only (the corpus before .docx/.pptx)
    benches/gen_corpus.py --office-share 0.2 OUT   # a fifth of the files Word and PowerPoint
    benches/gen_corpus.py --extra-rules 10x RULEDIR   # generated rule files (see --help)

The same seed, size and share always give byte-identical files (--office-share 0 gives
exactly the corpus of the generator before office files joined). Never commit the output.
"""

import argparse
import io
import os
import random
import re
import shutil
import sys
import zipfile

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


def safety_paragraph(rng):
    return " ".join(rng.choice(SAFETY) for _ in range(rng.randint(2, 6)))


def promise_free(rng, target):
    parts, size = [], 0
    while size < target:
        s = safety_paragraph(rng) + "\n\n"
        parts.append(s)
        size += len(s)
    return "".join(parts)


# Word and PowerPoint: minimal Office Open XML packages, the parts vouch reads (found, as
# in Office, through `_rels/.rels` and the main part's relationships) and those Office
# needs to open the file. Fixed timestamps and entry order: the same draws give the same
# bytes.

ZIP_DATE = (2024, 1, 1, 0, 0, 0)
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
CT = "application/vnd.openxmlformats-officedocument."
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

HEADINGS = ["Support when you need it", "Savings", "Getting started", "FAQ", "Talk to a nurse"]
TABLE = [("Service", "Hours"), ("Phone", "Mon-Fri 8-8"), ("Chat", "24/7")]
# The text of a Markdown suppression, as a reviewer would type it into a Word comment.
COMMENTS = [SUPPRESSION[len("<!-- "):-len(" -->")], SUPPRESSION_NO_REASON[len("<!-- "):-len(" -->")]]


SENTENCE_END = re.compile(r"[.!?]\*?(?= |$)")


def esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def promise_at(text):
    """Where the first promise in text starts, else -1. The start of a promise survives
    --unique, which numbers the sentence near its end."""
    found = [i for i in (text.find(p[:24]) for p in PROMISES) if i >= 0]
    return min(found) if found else -1


def content_types(overrides):
    return (XML_DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join('<Override PartName="/%s" ContentType="%s%s"/>' % (name, CT, kind) for name, kind in overrides)
            + "</Types>")


def relationships(rels):
    """rels: (id, type, target) with the type's last segment."""
    return (XML_DECL + '<Relationships xmlns="%s">' % RELS_NS
            + "".join('<Relationship Id="%s" Type="%s%s" Target="%s"/>' % (i, REL, t, target) for i, t, target in rels)
            + "</Relationships>")


def package(parts):
    """A ZIP package of (name, XML text) parts, in this order."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, xml in parts:
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, xml.encode("utf-8"))
    return buf.getvalue()


def w_p(text, style=None, inner_before="", inner_after=""):
    ppr = '<w:pPr><w:pStyle w:val="%s"/></w:pPr>' % style if style else ""
    return '<w:p>%s%s<w:r><w:t xml:space="preserve">%s</w:t></w:r>%s</w:p>' % (
        ppr, inner_before, esc(text), inner_after)


def w_table(rows):
    cells = lambda row: "".join('<w:tc><w:tcPr><w:tcW w:w="4680" w:type="dxa"/></w:tcPr>%s</w:tc>' % w_p(c)
                                for c in row)
    return ('<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>'
            '<w:tblGrid><w:gridCol w:w="4680"/><w:gridCol w:w="4680"/></w:tblGrid>'
            + "".join("<w:tr>%s</w:tr>" % cells(row) for row in rows) + "</w:tbl>")


def docx(rng, target, no_promises=False):
    """A Word document: the Markdown mix, with fine print as footnotes after promises and
    suppressions as comments anchored to their paragraph."""
    body = [w_p(rng.choice(HEADINGS), "Heading1")]
    notes, comments = [], []
    size = 0
    while size < target:
        r = rng.random()
        if no_promises:
            text = safety_paragraph(rng)
            s = w_p(text)
        elif r < 0.10:
            text = rng.choice(HEADINGS)
            s = w_p(text, "Heading2")
        elif r < 0.20:
            items = [paragraph(rng, 1) for _ in range(rng.randint(2, 5))]
            text = " ".join(items)
            s = "".join(w_p(item, "ListBullet") for item in items)
        elif r < 0.23:
            text = " ".join(c for row in TABLE for c in row)
            s = w_table(TABLE)
        elif r < 0.26:
            text = paragraph(rng)
            i = len(comments)
            comments.append(COMMENTS[0] if r < 0.25 else COMMENTS[1])
            s = w_p(text, None, '<w:commentRangeStart w:id="%d"/>' % i,
                    '<w:commentRangeEnd w:id="%d"/><w:r><w:commentReference w:id="%d"/></w:r>' % (i, i))
        else:
            text = paragraph(rng)
            start = promise_at(text)
            # Fine print as a real footnote, its reference right after a promise; Word
            # numbers it, so the fine print's own mark goes.
            if len(notes) < 3 and start >= 0 and rng.random() < 0.5:
                notes.append(rng.choice(FINE_PRINT).lstrip("*†"))
                end = SENTENCE_END.search(text, start)
                end = end.end() if end else len(text)
                rest = '<w:r><w:t xml:space="preserve">%s</w:t></w:r>' % esc(text[end:]) if text[end:] else ""
                s = w_p(text[:end], None, "", '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
                        '<w:footnoteReference w:id="%d"/></w:r>%s' % (len(notes), rest))
            else:
                s = w_p(text)
        body.append(s)
        size += len(text) + 1
    if not notes and not no_promises:
        body.append(w_p(rng.choice(FINE_PRINT), "FinePrint"))
    ns = 'xmlns:w="%s" xmlns:r="%s"' % (W_NS, REL[:-1])
    document = (XML_DECL + "<w:document %s><w:body>%s" % (ns, "".join(body))
                + '<w:sectPr><w:pgSz w:w="12240" w:h="15840"/><w:pgMar w:top="1440" w:right="1440" '
                'w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr>'
                "</w:body></w:document>")
    overrides = [("word/document.xml", "wordprocessingml.document.main+xml")]
    rels, parts = [], []
    if notes:
        footnotes = (XML_DECL + "<w:footnotes %s>" % ns
                     + '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                     '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
                     "</w:r></w:p></w:footnote>"
                     + "".join('<w:footnote w:id="%d">%s</w:footnote>' % (
                         i + 1, w_p(" " + text, "FootnoteText",
                                    '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'))
                         for i, text in enumerate(notes))
                     + "</w:footnotes>")
        overrides.append(("word/footnotes.xml", "wordprocessingml.footnotes+xml"))
        rels.append(("rId%d" % (len(rels) + 1), "footnotes", "footnotes.xml"))
        parts.append(("word/footnotes.xml", footnotes))
    if comments:
        xml = (XML_DECL + "<w:comments %s>" % ns
               + "".join('<w:comment w:id="%d" w:author="MLR" w:date="2024-01-01T00:00:00Z" w:initials="MLR">%s'
                         "</w:comment>" % (i, w_p(text)) for i, text in enumerate(comments))
               + "</w:comments>")
        overrides.append(("word/comments.xml", "wordprocessingml.comments+xml"))
        rels.append(("rId%d" % (len(rels) + 1), "comments", "comments.xml"))
        parts.append(("word/comments.xml", xml))
    return package([("[Content_Types].xml", content_types(overrides)),
                    ("_rels/.rels", relationships([("rId1", "officeDocument", "word/document.xml")])),
                    ("word/document.xml", document),
                    ("word/_rels/document.xml.rels", relationships(rels))] + parts)


P_ROOT = 'xmlns:a="%s" xmlns:r="%s" xmlns:p="%s"' % (A_NS, REL[:-1], P_NS)
SP_TREE = ('<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
           '<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/>'
           '<a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>')
CLR_MAP = ('<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" '
           'accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" '
           'folHlink="folHlink"/>')
THEME = (XML_DECL + '<a:theme xmlns:a="%s" name="Office Theme"><a:themeElements>' % A_NS
         + '<a:clrScheme name="Office"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>'
         '<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>'
         + "".join('<a:%s><a:srgbClr val="%s"/></a:%s>' % (k, v, k) for k, v in [
             ("dk2", "1F497D"), ("lt2", "EEECE1"), ("accent1", "4F81BD"), ("accent2", "C0504D"),
             ("accent3", "9BBB59"), ("accent4", "8064A2"), ("accent5", "4BACC6"), ("accent6", "F79646"),
             ("hlink", "0000FF"), ("folHlink", "800080")])
         + '</a:clrScheme><a:fontScheme name="Office">'
         + "".join('<a:%s><a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/></a:%s>' % (k, k)
                   for k in ("majorFont", "minorFont"))
         + '</a:fontScheme><a:fmtScheme name="Office">'
         + "<a:fillStyleLst>%s</a:fillStyleLst>" % ('<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>' * 3)
         + "<a:lnStyleLst>%s</a:lnStyleLst>" % "".join(
             '<a:ln w="%d"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>' % w
             for w in (9525, 25400, 38100))
         + "<a:effectStyleLst>%s</a:effectStyleLst>" % ("<a:effectStyle><a:effectLst/></a:effectStyle>" * 3)
         + "<a:bgFillStyleLst>%s</a:bgFillStyleLst>" % ('<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>' * 3)
         + "</a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>")


def a_paras(texts, size=None):
    rpr = '<a:rPr lang="en-US" sz="%d"/>' % size if size else '<a:rPr lang="en-US"/>'
    return "".join("<a:p><a:r>%s<a:t>%s</a:t></a:r></a:p>" % (rpr, esc(t)) for t in texts)


def p_shape(shape_id, name, y, cy, texts, size=None, placeholder=""):
    return ('<p:sp><p:nvSpPr><p:cNvPr id="%d" name="%s"/><p:cNvSpPr txBox="1"/><p:nvPr>%s</p:nvPr></p:nvSpPr>'
            '<p:spPr><a:xfrm><a:off x="457200" y="%d"/><a:ext cx="11277600" cy="%d"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>'
            '<p:txBody><a:bodyPr wrap="square"><a:normAutofit/></a:bodyPr><a:lstStyle/>%s</p:txBody></p:sp>'
            % (shape_id, name, placeholder, y, cy, a_paras(texts, size)))


def p_table(shape_id, rows):
    cell = '<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>%s</a:txBody><a:tcPr/></a:tc>'
    return ('<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="%d" name="Table %d"/><p:cNvGraphicFramePr>'
            '<a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>'
            '<p:xfrm><a:off x="457200" y="4800000"/><a:ext cx="11277600" cy="1097280"/></p:xfrm>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl>'
            '<a:tblPr firstRow="1" bandRow="1"/><a:tblGrid><a:gridCol w="5638800"/><a:gridCol w="5638800"/>'
            "</a:tblGrid>%s</a:tbl></a:graphicData></a:graphic></p:graphicFrame>"
            % (shape_id, shape_id, "".join('<a:tr h="365760">%s</a:tr>' % "".join(cell % a_paras([c]) for c in row)
                                           for row in rows)))


def pptx(rng, target, no_promises=False):
    """A deck: per slide a title and bullets, some with a table or speaker notes; the fine
    print on the last slide."""
    slides = []  # (shapes, speaker notes or None)
    size = 0
    while size < target:
        title = rng.choice(HEADINGS)
        if no_promises:
            bullets, table, notes = [safety_paragraph(rng)], False, None
        else:
            bullets = [paragraph(rng, rng.randint(1, 2)) for _ in range(rng.randint(2, 5))]
            table = rng.random() < 0.15
            notes = paragraph(rng) if rng.random() < 0.30 else None
        shapes = (p_shape(2, "Title 1", 274638, 1143000, [title], 3200)
                  + p_shape(3, "Content 2", 1600200, 3100000, bullets))
        if table:
            shapes += p_table(4, TABLE)
        slides.append((shapes, notes))
        size += len(title) + sum(len(b) + 1 for b in bullets) + len(notes or "")
    if not no_promises:
        slides.append((p_shape(2, "Fine print", 5800000, 800000, [rng.choice(FINE_PRINT)], 1000), None))
    has_notes = any(notes for _, notes in slides)

    overrides = [("ppt/presentation.xml", "presentationml.presentation.main+xml"),
                 ("ppt/slideMasters/slideMaster1.xml", "presentationml.slideMaster+xml"),
                 ("ppt/slideLayouts/slideLayout1.xml", "presentationml.slideLayout+xml"),
                 ("ppt/theme/theme1.xml", "theme+xml")]
    pres_rels = [("rId1", "slideMaster", "slideMasters/slideMaster1.xml"), ("rId2", "theme", "theme/theme1.xml")]
    parts = [("ppt/slideMasters/slideMaster1.xml",
              XML_DECL + "<p:sldMaster %s><p:cSld><p:spTree>%s</p:spTree></p:cSld>%s" % (P_ROOT, SP_TREE, CLR_MAP)
              + '<p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst></p:sldMaster>'),
             ("ppt/slideMasters/_rels/slideMaster1.xml.rels",
              relationships([("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml"),
                             ("rId2", "theme", "../theme/theme1.xml")])),
             ("ppt/slideLayouts/slideLayout1.xml",
              XML_DECL + '<p:sldLayout %s type="blank" preserve="1"><p:cSld name="Blank"><p:spTree>%s</p:spTree>'
              "</p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>" % (P_ROOT, SP_TREE)),
             ("ppt/slideLayouts/_rels/slideLayout1.xml.rels",
              relationships([("rId1", "slideMaster", "../slideMasters/slideMaster1.xml")])),
             ("ppt/theme/theme1.xml", THEME)]
    notes_master = ""
    if has_notes:
        overrides += [("ppt/notesMasters/notesMaster1.xml", "presentationml.notesMaster+xml"),
                      ("ppt/theme/theme2.xml", "theme+xml")]
        pres_rels.append(("rId3", "notesMaster", "notesMasters/notesMaster1.xml"))
        notes_master = '<p:notesMasterIdLst><p:notesMasterId r:id="rId3"/></p:notesMasterIdLst>'
        parts += [("ppt/notesMasters/notesMaster1.xml",
                   XML_DECL + "<p:notesMaster %s><p:cSld><p:spTree>%s</p:spTree></p:cSld>%s</p:notesMaster>"
                   % (P_ROOT, SP_TREE, CLR_MAP)),
                  ("ppt/notesMasters/_rels/notesMaster1.xml.rels",
                   relationships([("rId1", "theme", "../theme/theme2.xml")])),
                  ("ppt/theme/theme2.xml", THEME)]
    ids = []
    for n, (shapes, notes) in enumerate(slides, 1):
        rid = "rId%d" % (len(pres_rels) + 1)
        pres_rels.append((rid, "slide", "slides/slide%d.xml" % n))
        ids.append('<p:sldId id="%d" r:id="%s"/>' % (255 + n, rid))
        overrides.append(("ppt/slides/slide%d.xml" % n, "presentationml.slide+xml"))
        parts.append(("ppt/slides/slide%d.xml" % n,
                      XML_DECL + "<p:sld %s><p:cSld><p:spTree>%s%s</p:spTree></p:cSld>" % (P_ROOT, SP_TREE, shapes)
                      + "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"))
        slide_rels = [("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml")]
        if notes:
            slide_rels.append(("rId2", "notesSlide", "../notesSlides/notesSlide%d.xml" % n))
            overrides.append(("ppt/notesSlides/notesSlide%d.xml" % n, "presentationml.notesSlide+xml"))
        parts.append(("ppt/slides/_rels/slide%d.xml.rels" % n, relationships(slide_rels)))
        if notes:
            parts += [("ppt/notesSlides/notesSlide%d.xml" % n,
                       XML_DECL + "<p:notes %s><p:cSld><p:spTree>%s%s</p:spTree></p:cSld>" % (
                           P_ROOT, SP_TREE, p_shape(2, "Notes Placeholder 1", 4400000, 4000000, [notes], None,
                                                    '<p:ph type="body" idx="1"/>'))
                       + "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>"),
                      ("ppt/notesSlides/_rels/notesSlide%d.xml.rels" % n,
                       relationships([("rId1", "notesMaster", "../notesMasters/notesMaster1.xml"),
                                      ("rId2", "slide", "../slides/slide%d.xml" % n)]))]
    presentation = (XML_DECL + '<p:presentation %s saveSubsetFonts="1">' % P_ROOT
                    + '<p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>'
                    + notes_master + "<p:sldIdLst>%s</p:sldIdLst>" % "".join(ids)
                    + '<p:sldSz cx="12192000" cy="6858000"/><p:notesSz cx="6858000" cy="9144000"/>'
                    "</p:presentation>")
    return package([("[Content_Types].xml", content_types(overrides)),
                    ("_rels/.rels", relationships([("rId1", "officeDocument", "ppt/presentation.xml")])),
                    ("ppt/presentation.xml", presentation),
                    ("ppt/_rels/presentation.xml.rels", relationships(pres_rels))] + parts)


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


def generate(out, total, seed, max_files=None, no_promises=False, office_share=0.0):
    rng = random.Random(seed)
    # Office files draw everything (whether a file is one, its folder, size and copy) from
    # their own stream: the text files' draws are those of a corpus without office files,
    # and --office-share 0 writes exactly that corpus.
    office_rng = random.Random("office-%d" % seed)
    os.makedirs(out, exist_ok=True)
    write_config(out)
    written = 0
    files = 0
    while written < total and (max_files is None or files < max_files):
        office = office_share > 0 and office_rng.random() < office_share
        r = office_rng if office else rng
        kind = r.random()
        folder = os.path.join(out, "copy", r.choice(["dtc", "hcp"]), "batch%03d" % (files // 500))
        os.makedirs(folder, exist_ok=True)
        target = file_size(r)
        if office:
            # Sizes are of the copy in it; the file, compressed, is smaller.
            body, ext = (docx(r, target, no_promises), "docx") if kind < 0.5 else (pptx(r, target, no_promises), "pptx")
        elif no_promises:
            body, ext = promise_free(rng, target), "md"
        elif kind < 0.45:
            body, ext = markdown(rng, target), "md"
        elif kind < 0.80:
            body, ext = html(rng, target), "html"
        else:
            body, ext = text(rng, target), "txt"
        data = body if office else body.encode("utf-8")
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
    p.add_argument("--office-share", type=float, default=0.05, metavar="FRACTION",
                   help="share of the files written as Word and PowerPoint, about half each "
                        "(default 0.05; 0 writes text files only)")
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
    if not 0 <= a.office_share <= 1:
        p.error("--office-share must be between 0 and 1")
    files, written = generate(a.out, total, a.seed, max_files, a.promise_free, a.office_share)
    print("%d files, %.1f MB in %s" % (files, written / 1e6, a.out), file=sys.stderr)


if __name__ == "__main__":
    main()
