//! The in-process pipeline, stage by stage: extract, match (promise scan), judge
//! (verdicts), render (output); plus `startup`, the cost of building the engine.
//!
//!     cargo bench --bench pipeline                 # everything
//!     cargo bench --bench pipeline -- generated/   # one input set
//!     cargo bench --bench pipeline -- startup      # engine build only
//!
//! Two input sets, each a criterion group whose throughput is its bytes of source, so every
//! stage prints MB/s of copy (not of its own intermediate input) and the stages compare:
//!
//! - `example`: the bundled example's text copy (`examples/carebridge/copy`, Markdown, HTML
//!   and text; the archive and the Word/PowerPoint files are left out), with its manifest.
//! - `generated`: a few longer pages made in-process from the phrasings `gen_corpus.py`
//!   uses (promises kept and broken, look-alikes, fine print, suppressions, code blocks,
//!   scripts), so no generated corpus is needed on disk. Deterministic, not byte-identical
//!   to the Python generator.
//!
//! Whole-process numbers (file walk, reads, threads, process start) come from
//! `benches/run.sh`; this bench isolates the stages inside one file's check.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{
    criterion_group, criterion_main, BenchmarkGroup, Criterion, SamplingMode, Throughput,
};
use termcolor::NoColor;
use vouch::check::{Engine, FileReport, Settings};
use vouch::extract::{self, Format, Prose};
use vouch::inputs::FileFormat;
use vouch::manifest::Manifest;
use vouch::output;
use vouch::promises::{self, Promise};
use vouch::rules::{RulePack, RuleVars};
use vouch::verdicts::{self, DocumentFacts, Policy};

const MANIFEST: &str = include_str!("../examples/carebridge/psp.toml");

/// The example's text copy as `vouch check` reads it (`copy/archive/**` is excluded there).
const EXAMPLE: &[(&str, &str)] = &[
    (
        "copy/dtc/enrollment-email.html",
        include_str!("../examples/carebridge/copy/dtc/enrollment-email.html"),
    ),
    (
        "copy/dtc/faq.md",
        include_str!("../examples/carebridge/copy/dtc/faq.md"),
    ),
    (
        "copy/dtc/landing-page.html",
        include_str!("../examples/carebridge/copy/dtc/landing-page.html"),
    ),
    (
        "copy/dtc/patient-brochure.md",
        include_str!("../examples/carebridge/copy/dtc/patient-brochure.md"),
    ),
    (
        "copy/dtc/savings-card.md",
        include_str!("../examples/carebridge/copy/dtc/savings-card.md"),
    ),
    (
        "copy/dtc/sms-scripts.txt",
        include_str!("../examples/carebridge/copy/dtc/sms-scripts.txt"),
    ),
    (
        "copy/dtc/video-script.txt",
        include_str!("../examples/carebridge/copy/dtc/video-script.txt"),
    ),
    (
        "copy/hcp/dear-doctor-email.html",
        include_str!("../examples/carebridge/copy/hcp/dear-doctor-email.html"),
    ),
    (
        "copy/hcp/detail-aid.md",
        include_str!("../examples/carebridge/copy/hcp/detail-aid.md"),
    ),
    (
        "copy/hcp/office-staff-guide.md",
        include_str!("../examples/carebridge/copy/hcp/office-staff-guide.md"),
    ),
];

/// One file of each format, for the smoke test under `cargo test`.
const SMOKE_TEST: &[&str] = &[
    "copy/dtc/enrollment-email.html",
    "copy/dtc/faq.md",
    "copy/dtc/sms-scripts.txt",
];

/// One input file: its name, how it is extracted, and its text.
struct Doc {
    name: String,
    format: Format,
    text: String,
}

impl Doc {
    fn new(name: impl Into<String>, text: impl Into<String>) -> Doc {
        let name = name.into();
        let format = FileFormat::of(Path::new(&name))
            .expect("a text format")
            .prose_format();
        Doc {
            name,
            format,
            text: text.into(),
        }
    }
}

/// The engine as `vouch check` builds it for the example: its manifest, the built-in
/// rule pack with the manifest's placeholders, and `[policy]` from its vouch.toml.
fn engine() -> Engine {
    let manifest = Manifest::parse("psp.toml", MANIFEST).expect("example manifest");
    let pack = RulePack::load(&[], &RuleVars::from_manifest(&manifest)).expect("built-in pack");
    let settings = Settings {
        policy: Policy {
            dedicated_max_caseload: 100,
        },
        ..Settings::default()
    };
    Engine::new(manifest, pack, settings)
}

// ---- generated pages ---------------------------------------------------------------------

const PROMISES: &[&str] = &[
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
];

const LOOKALIKES: &[&str] = &[
    "Our nurses are not available 24/7; call 911 in an emergency.",
    "If you need help at night, call your doctor or 911.",
    "Is CareBridge available 24/7?",
    "We don't offer in-home visits at this time.",
    "Your doctor may call you to talk about your treatment plan.",
    "Independent charitable foundations may be able to help; they are not part of CareBridge.",
    "The savings card is not available to residents of Massachusetts.",
    "Talk to your doctor about whether Orvenza is right for you.",
];

const FILLER: &[&str] = &[
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
];

const FINE_PRINT: &[&str] = &[
    "*Eligibility restrictions and Terms and Conditions apply. Not valid for patients with government insurance.",
    "Eligibility restrictions and Terms and Conditions apply.",
    "†For eligible, commercially insured patients. Maximum annual benefit applies.",
    "Available Monday-Friday during business hours; after hours, leave a voicemail.",
];

const UNICODE: &[&str] = &[
    "Llame al 1-800-555-0100 para recibir apoyo en español.",
    "Ünïcödé café naïve — “quoted” text…",
];

const SUPPRESSION: &str =
    "<!-- vouch-ignore availability.always: reason=\"after-hours nurse line launches 2027-01\" -->";

/// SplitMix64: a fixed seed gives the same pages on every run and platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [lo, hi].
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.range(0, items.len() - 1)]
    }
}

/// About one sentence in twelve makes a promise and one in twenty-five only looks like one.
fn paragraph(rng: &mut Rng, sentences: usize) -> String {
    let n = if sentences == 0 {
        rng.range(2, 6)
    } else {
        sentences
    };
    let mut out: Vec<&str> = Vec::with_capacity(n);
    for _ in 0..n {
        let r = rng.unit();
        out.push(if r < 0.08 {
            rng.pick(PROMISES)
        } else if r < 0.12 {
            rng.pick(LOOKALIKES)
        } else if r < 0.14 {
            rng.pick(UNICODE)
        } else {
            rng.pick(FILLER)
        });
    }
    out.join(" ")
}

fn markdown_page(rng: &mut Rng, target: usize) -> String {
    let audience = rng.pick(&["consumer", "hcp"]);
    let mut s = format!(
        "---\ntitle: \"Generated page\"\naudience: {audience}\njob_code: GEN-{:06}\n---\n",
        rng.range(0, 999_999)
    );
    while s.len() < target {
        let r = rng.unit();
        if r < 0.10 {
            let h = rng.pick(&[
                "Support when you need it",
                "Savings",
                "Getting started",
                "FAQ",
            ]);
            s += &format!("## {h}\n\n");
        } else if r < 0.20 {
            for _ in 0..rng.range(2, 5) {
                s += &format!("- {}\n", paragraph(rng, 1));
            }
            s += "\n";
        } else if r < 0.24 {
            s += "```text\nlive chat 24/7 in a code block is not copy\n```\n\n";
        } else if r < 0.27 {
            s += "| Service | Hours |\n| --- | --- |\n| Phone | Mon-Fri 8-8 |\n| Chat | 24/7 |\n\n";
        } else if r < 0.29 {
            s += &format!("{SUPPRESSION}\n{}\n\n", paragraph(rng, 0));
        } else if r < 0.30 {
            s += "<!-- vouch-ignore availability -->\n\n";
        } else if r < 0.36 {
            s += &format!("> {}\n\n", paragraph(rng, 2));
        } else {
            s += &format!("{}\n\n", paragraph(rng, 0));
        }
    }
    s += &format!("\n{}\n", rng.pick(FINE_PRINT));
    s
}

fn html_page(rng: &mut Rng, target: usize) -> String {
    let audience = rng.pick(&["consumer", "hcp"]);
    let mut s = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"audience\" content=\"{audience}\">\n<title>Generated &amp; page</title>\n\
         <style>.badge::after {{ content: \"24/7 support\"; }}</style>\n\
         <script>gtag('event', 'page_view', {{ title: 'Live chat 24/7' }});</script>\n\
         </head>\n<body>\n<main>\n"
    );
    while s.len() < target {
        let r = rng.unit();
        if r < 0.10 {
            let h = rng.pick(&[
                "Support &amp; savings",
                "Talk to a nurse",
                "Getting started",
            ]);
            s += &format!("<h2>{h}</h2>\n");
        } else if r < 0.20 {
            s += "<ul>\n";
            for _ in 0..rng.range(2, 5) {
                s += &format!("  <li>{}</li>\n", paragraph(rng, 1).replace('&', "&amp;"));
            }
            s += "</ul>\n";
        } else if r < 0.24 {
            let promise = rng.pick(PROMISES);
            let rest = paragraph(rng, 2).replace('&', "&amp;");
            s += &format!("<div class=\"card\"><p><strong>{promise}</strong> {rest}</p></div>\n");
        } else if r < 0.26 {
            s += &format!("  {SUPPRESSION}\n  <p>{}</p>\n", paragraph(rng, 0));
        } else if r < 0.28 {
            let alt = rng.pick(PROMISES).replace('"', "&quot;");
            s += &format!("<img src=\"/img/nurse.png\" alt=\"{alt}\">\n");
        } else if r < 0.30 {
            s += "<table><tr><td>Phone</td><td>Mon&ndash;Fri 8&nbsp;AM&ndash;8&nbsp;PM</td></tr></table>\n";
        } else {
            s += &format!("<p>{}</p>\n", paragraph(rng, 0).replace('&', "&amp;"));
        }
    }
    s += &format!(
        "<footer><p class=\"fine\">{}</p></footer>\n</main>\n</body>\n</html>\n",
        rng.pick(FINE_PRINT)
    );
    s
}

fn text_page(rng: &mut Rng, target: usize) -> String {
    let mut s = format!(
        "Generated SMS and script library {}\n\n",
        rng.range(0, 999_999)
    );
    while s.len() < target {
        let r = rng.unit();
        if r < 0.15 {
            s += &format!("- {}\n", paragraph(rng, 1));
        } else if r < 0.17 {
            s += &format!(
                "# vouch-ignore availability.always: reason=\"approved by MLR\"\n{}\n\n",
                paragraph(rng, 2)
            );
        } else {
            s += &format!("{}\n\n", paragraph(rng, 0));
        }
    }
    s += &format!("{}\n", rng.pick(FINE_PRINT));
    s
}

/// Six pages, two per format: a typical few-KB page and a long one (about 160 KB in all);
/// for the smoke test only the short ones.
fn generated(smoke: bool) -> Vec<Doc> {
    let mut rng = Rng(7);
    let mut docs = Vec::new();
    let sizes: &[usize] = if smoke { &[6_000] } else { &[6_000, 60_000] };
    for (i, &size) in sizes.iter().enumerate() {
        docs.push(Doc::new(
            format!("copy/gen/page{i}.md"),
            markdown_page(&mut rng, size),
        ));
        docs.push(Doc::new(
            format!("copy/gen/page{i}.html"),
            html_page(&mut rng, size),
        ));
        docs.push(Doc::new(
            format!("copy/gen/page{i}.txt"),
            text_page(&mut rng, size / 2),
        ));
    }
    docs
}

// ---- the stages --------------------------------------------------------------------------

/// Every stage over one input set; throughput is the set's bytes of source throughout.
fn stages(group: &mut BenchmarkGroup<WallTime>, engine: &Engine, docs: &[Doc]) {
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    group.throughput(Throughput::Bytes(bytes as u64));
    // Stages differ a thousandfold (JSON in microseconds, matching the example in about a
    // tenth of a second): flat sampling keeps the slow ones to a few seconds each.
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(30);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(4));

    // extract: markup to blocks of prose with their source maps.
    group.bench_function("extract", |b| {
        b.iter(|| {
            for d in docs {
                black_box(extract::extract(d.format, black_box(&d.text)));
            }
        })
    });

    // match: sentences, every rule's phrasings, and each promise's frame.
    let prose: Vec<Prose> = docs
        .iter()
        .map(|d| extract::extract(d.format, &d.text))
        .collect();
    // Every iteration reads the same sentences: with the memo on, all but the first would
    // only look them up. "match" is the work itself; "match (memo)" what a library that
    // repeats its sentences costs.
    let forgetful = engine.ctx.clone().forgetful();
    group.bench_function("match", |b| {
        b.iter(|| {
            for p in &prose {
                black_box(promises::scan(black_box(p), &engine.pack, &forgetful).ok());
            }
        })
    });
    group.bench_function("match (memo)", |b| {
        b.iter(|| {
            for p in &prose {
                black_box(promises::scan(black_box(p), &engine.pack, &engine.ctx).ok());
            }
        })
    });

    // judge: each promise of an enabled rule against the manifest, as `check_prose` does
    // (with no disclaimer in the document: `Engine::has_disclaimer` is private).
    let found: Vec<Vec<Promise>> = prose
        .iter()
        .map(|p| promises::scan(p, &engine.pack, &engine.ctx).expect("under the promise cap"))
        .collect();
    let doc = DocumentFacts::default();
    group.bench_function("judge", |b| {
        b.iter(|| {
            for list in &found {
                for p in list {
                    let rule = &engine.pack.rules[p.rule];
                    if engine.enabled(&rule.id) {
                        black_box(verdicts::judge(
                            black_box(p),
                            rule,
                            &engine.manifest,
                            &engine.settings.policy,
                            doc,
                        ));
                    }
                }
            }
        })
    });

    // render: the findings `vouch check` prints, per output format.
    let reports: Vec<FileReport> = docs
        .iter()
        .zip(&prose)
        .map(|(d, p)| {
            engine
                .check_prose(&d.name, None, d.text.clone(), p)
                .expect("under the promise cap")
        })
        .collect();
    let findings: Vec<_> = reports.iter().flat_map(|r| r.findings()).collect();
    group.bench_function("render_human", |b| {
        b.iter(|| {
            let mut out = NoColor::new(Vec::new());
            for r in &reports {
                let mine: Vec<_> = r.findings().collect();
                output::human::render_file(&mut out, r, &mine, &engine.manifest)
                    .expect("render to memory");
            }
            black_box(out.into_inner().len())
        })
    });
    group.bench_function("render_json", |b| {
        b.iter(|| {
            let summary = output::Summary::of(&reports, findings.iter().copied());
            black_box(output::json::render("psp.toml", &findings, false, summary))
        })
    });
    group.bench_function("render_sarif", |b| {
        b.iter(|| black_box(output::sarif::render(&engine.pack, "psp.toml", &findings)))
    });

    // check_file: extract, then everything `check_prose` does (match, judge, findings,
    // suppressions): one file's check without the read, all stages but render.
    group.bench_function("check_file", |b| {
        b.iter(|| {
            for d in docs {
                let p = extract::extract(d.format, &d.text);
                black_box(engine.check_prose(&d.name, None, d.text.clone(), &p).ok());
            }
        })
    });
}

/// `cargo test --all-targets` runs each bench once as a smoke test (no `--bench` argument):
/// then a file of each format is enough, and keeps the debug build's run short.
fn smoke_test() -> bool {
    !std::env::args().any(|a| a == "--bench")
}

fn pipeline(c: &mut Criterion) {
    let smoke = smoke_test();
    let engine = engine();

    let example: Vec<Doc> = EXAMPLE
        .iter()
        .filter(|(name, _)| !smoke || SMOKE_TEST.contains(name))
        .map(|(name, text)| Doc::new(*name, *text))
        .collect();
    let mut group = c.benchmark_group("example");
    stages(&mut group, &engine, &example);
    group.finish();

    let mut group = c.benchmark_group("generated");
    stages(&mut group, &engine, &generated(smoke));
    group.finish();
}

/// Building the engine, the fixed cost of every run (small-file latency target: process
/// start to exit under 20 ms). In-process, so a lower bound: no exec, argument parsing,
/// config discovery or file reads; `benches/run.sh` measures the whole process.
fn startup(c: &mut Criterion) {
    const SENTENCE: &str = "Our nurses are available 24/7.\n";
    let mut group = c.benchmark_group("startup");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(20);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));

    group.bench_function("manifest_parse", |b| {
        b.iter(|| Manifest::parse("psp.toml", black_box(MANIFEST)).expect("example manifest"))
    });
    let manifest = Manifest::parse("psp.toml", MANIFEST).expect("example manifest");
    let vars = RuleVars::from_manifest(&manifest);
    group.bench_function("rule_pack_load", |b| {
        b.iter(|| RulePack::load(&[], black_box(&vars)).expect("built-in pack"))
    });
    // Everything from the manifest's text to the first verdict: a fresh engine's regexes
    // have no lazy-DFA states yet, so the first scan pays for building them.
    group.bench_function("engine_first_scan", |b| {
        b.iter(|| {
            let engine = engine();
            let p = extract::extract(Format::Text, SENTENCE);
            let report = engine
                .check_prose("copy/one.txt", None, SENTENCE.to_string(), &p)
                .expect("one sentence is under the promise cap");
            assert!(!report.claims.is_empty(), "the sentence makes a promise");
            black_box(report)
        })
    });
    group.finish();
}

criterion_group!(benches, pipeline, startup);
criterion_main!(benches);
