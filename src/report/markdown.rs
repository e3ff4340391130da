//! The council report as Markdown, for a wiki page or a pull request: the same sections
//! as the HTML, bars drawn with block characters. Copy text is escaped so it can neither
//! break a table nor inject HTML or links.

use std::fmt::Write as _;
use std::io;

use super::{
    no_differences_note, plural, verdict_label, Counts, DifferenceKind, Ledger, Place, Sink,
    UNASSIGNED,
};

/// Escapes text for a Markdown table cell: no pipes, no HTML, no emphasis, no links.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Inline code that survives backticks inside.
fn code(s: &str) -> String {
    let clean = s.replace(['`', '|', '\n'], " ");
    format!("`{clean}`")
}

fn bar(counts: &Counts, max: usize) -> String {
    let width = 30;
    let filled = (counts.total() * width).div_ceil(max.max(1));
    let broken = (counts.broken() * width).div_ceil(max.max(1)).min(filled);
    format!("{}{}", "▓".repeat(broken), "░".repeat(filled - broken))
}

fn counts_table(out: &mut Sink, first: &str, rows: &[(String, Counts)]) {
    let max = rows.iter().map(|(_, c)| c.total()).max().unwrap_or(0);
    let _ = writeln!(
        out,
        "| {first} | promises | broken | unverifiable | qualified | kept | ▓ broken ░ other |"
    );
    out.push_str("| --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for (label, c) in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            esc(label),
            c.total(),
            c.unsupported,
            c.unverifiable,
            c.qualified,
            c.supported,
            bar(c, max)
        );
    }
    out.push('\n');
}

fn place(l: &Ledger, p: &Place) -> String {
    format!(
        "{} ({})",
        code(&format!("{}:{}", l.short(l.path(p)), p.line)),
        esc(l.audience(p).unwrap_or(UNASSIGNED))
    )
}

fn places(l: &Ledger, ps: &[Place]) -> String {
    let shown: Vec<String> = ps.iter().take(5).map(|p| place(l, p)).collect();
    let mut s = format!("{}: {}", ps.len(), shown.join(", "));
    if ps.len() > 5 {
        let _ = write!(s, " and {} more", ps.len() - 5);
    }
    s
}

/// The report as one string.
pub fn render(ledger: &Ledger) -> String {
    let mut out = Vec::new();
    render_to(ledger, &mut out).expect("writing to memory cannot fail");
    String::from_utf8(out).expect("the report is UTF-8")
}

/// Writes the report to `out` as it is rendered, 64 KiB at a time.
pub fn render_to(ledger: &Ledger, out: &mut dyn io::Write) -> io::Result<()> {
    let program = ledger.program.as_deref().unwrap_or("the program");
    let asof = format!("_{}_\n\n", esc(&ledger.as_of_line()));
    let mut s = Sink::new(out);
    let brand = ledger
        .brand
        .as_deref()
        .map(|b| format!(" for {}", esc(b)))
        .unwrap_or_default();
    let _ = writeln!(s, "# Promise ledger: {}{brand}\n", esc(program));
    s.push_str(&asof);
    let t = &ledger.totals;
    let _ = writeln!(
        s,
        "**{}** in {} of copy; **{} broken**, {} unverifiable, {} qualified by fine print, {} kept. Manifest: {}.\n",
        plural(t.total(), "promise"),
        plural(ledger.files, "file"),
        t.broken(),
        t.unverifiable,
        t.qualified,
        t.supported,
        code(&ledger.manifest_path)
    );
    s.push_str("## Headline\n\n");
    counts_table(&mut s, "audience", &ledger.by_audience);
    let cats: Vec<(String, Counts)> = ledger
        .by_category
        .iter()
        .map(|(c, n)| (c.as_str().replace('_', " "), *n))
        .collect();
    counts_table(&mut s, "category", &cats);

    s.push_str("## The ledger\n\n");
    s.push_str(&asof);
    s.push_str("One row per distinct promise, grouped by capability, broken first.");
    if !ledger.common_dir.is_empty() {
        let _ = write!(s, " Files are named from {}.", code(&ledger.common_dir));
    }
    s.push_str("\n\n");
    for g in &ledger.groups {
        let _ = writeln!(
            s,
            "### {} — {}, {} broken\n",
            g.capability.title(),
            plural(g.counts.total(), "promise"),
            g.counts.broken()
        );
        s.push_str(
            "| verdict | promise | said to | where | held against | suggested rewording |\n",
        );
        s.push_str("| --- | --- | --- | --- | --- | --- |\n");
        for r in &g.rows {
            let audiences: Vec<&str> = r.audiences.iter().map(String::as_str).collect();
            let evidence: Vec<String> = r
                .evidence
                .iter()
                .map(|e| {
                    format!(
                        "{} = {} ({}:{})",
                        code(&e.key),
                        esc(&e.value),
                        esc(&e.path),
                        e.line
                    )
                })
                .collect();
            let _ = writeln!(
                s,
                "| **{}** | “{}” {} — {} | {} | {} | {} | {} |",
                verdict_label(r.verdict),
                esc(&r.text),
                code(&r.rule),
                esc(&r.messages.join("; ")),
                esc(&audiences.join(", ")),
                places(ledger, &r.places),
                if evidence.is_empty() {
                    "the manifest is silent".to_string()
                } else {
                    evidence.join("<br>")
                },
                r.suggestion.as_deref().map(esc).unwrap_or_default()
            );
        }
        s.push('\n');
    }

    s.push_str("## Said to one audience, not the other\n\n");
    s.push_str(&asof);
    let named: Vec<&str> = ledger
        .by_audience
        .iter()
        .map(|(a, _)| a.as_str())
        .filter(|a| *a != UNASSIGNED)
        .collect();
    if ledger.differences.is_empty() {
        let _ = writeln!(s, "{}\n", no_differences_note(ledger));
    } else {
        let _ = write!(s, "| capability | difference |");
        for a in &named {
            let _ = write!(s, " said to {} |", esc(a));
        }
        s.push_str("\n| --- | --- |");
        for _ in &named {
            s.push_str(" --- |");
        }
        s.push('\n');
        for d in &ledger.differences {
            let kind = match d.kind {
                DifferenceKind::Verdict => "verdicts differ between audiences",
                DifferenceKind::Wording => "worded differently",
                DifferenceKind::OnlyOne => "promised to one audience only",
            };
            let _ = write!(s, "| {} {} | {kind} |", d.capability.title(), code(&d.rule));
            for a in &named {
                match d.heard.iter().find(|h| h.audience == *a) {
                    Some(h) => {
                        let texts: Vec<String> = h
                            .texts
                            .iter()
                            .take(4)
                            .map(|w| {
                                format!(
                                    "**{}** “{}” {}",
                                    verdict_label(w.verdict),
                                    esc(&w.text),
                                    code(&format!(
                                        "{}:{}",
                                        ledger.short(ledger.path(&w.place)),
                                        w.place.line
                                    ))
                                )
                            })
                            .collect();
                        let _ = write!(s, " {} |", texts.join("<br>"));
                    }
                    None => s.push_str(" not mentioned |"),
                }
            }
            s.push('\n');
        }
        s.push('\n');
    }
    s.push_str("### Contact details that differ between documents\n\n");
    if ledger.contacts.is_empty() {
        s.push_str(
            "Every document gives the same phone numbers, short codes and program name.\n\n",
        );
    } else {
        s.push_str("| detail | as written | verdict | where |\n| --- | --- | --- | --- |\n");
        for c in &ledger.contacts {
            for v in &c.variants {
                let _ = writeln!(
                    s,
                    "| {} | {} | **{}** | {} |",
                    code(&c.rule),
                    esc(&v.text),
                    verdict_label(v.verdict),
                    places(ledger, &v.places)
                );
            }
        }
        s.push('\n');
    }

    s.push_str("## Delivered but never promised\n\n");
    s.push_str(&asof);
    if ledger.never_promised.is_empty() {
        s.push_str("Every channel, service, staff role, language and commitment in the manifest is mentioned somewhere in the copy.\n\n");
    } else {
        s.push_str("| kind | delivered | declared in |\n| --- | --- | --- |\n");
        for u in &ledger.never_promised {
            let _ = writeln!(
                s,
                "| {} | {} | {} |",
                u.kind,
                esc(&u.detail),
                code(&format!("{} ({}:{})", u.key, ledger.manifest_path, u.line))
            );
        }
        s.push('\n');
    }

    s.push_str("## Capacity\n\n");
    s.push_str(&asof);
    let c = &ledger.capacity;
    if let Some(e) = c.enrolled {
        let _ = writeln!(
            s,
            "**{e}** patients enrolled ({}).\n",
            code("capacity.enrolled_patients")
        );
    }
    let num = |v: Option<u64>| v.map(|n| n.to_string()).unwrap_or_else(|| "—".into());
    if !c.roles.is_empty() {
        s.push_str("| role | staff | caseload each (declared) | assignment | capacity | headroom | enrolled per person | months until exceeded |\n");
        s.push_str("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |\n");
        for r in &c.roles {
            let months = match r.months_left {
                Some(0) => "**already exceeded**".to_string(),
                m => num(m),
            };
            let headroom = match r.headroom {
                Some(h) if h < 0 => format!("**short by {}**", -h),
                Some(h) => h.to_string(),
                None => "—".into(),
            };
            let _ = writeln!(
                s,
                "| {} {} | {} | {} | {} | {} | {headroom} | {} | {months} |",
                esc(&r.title),
                code(&format!("staff.{}", r.role)),
                num(r.count.map(u64::from)),
                num(r.caseload.map(u64::from)),
                r.assignment.unwrap_or("—"),
                num(r.capacity),
                num(r.real_caseload),
            );
        }
        s.push('\n');
    }
    match (c.staffed_capacity, c.expected_enrollments, c.months_left) {
        (Some(total), Some(rate), Some(0)) => {
            let _ = writeln!(s, "Staffed capacity, summed over roles, is **{total}** patients; at {rate} new enrollments a month it is **already exceeded**.\n");
        }
        (Some(total), Some(rate), Some(m)) => {
            let _ = writeln!(s, "Staffed capacity, summed over roles, is **{total}** patients; at {rate} new enrollments a month it is exceeded in **{m} month{}**, if no patient leaves.\n", if m == 1 { "" } else { "s" });
        }
        (Some(total), _, _) => {
            let _ = writeln!(s, "Staffed capacity, summed over roles, is **{total}** patients. Declare `[campaign] expected_enrollments` in vouch.toml to see how many months it lasts.\n");
        }
        _ => {}
    }
    if let Some(role) = c
        .roles
        .iter()
        .find(|r| Some(&r.title) == c.tightest.as_ref())
    {
        match role.headroom {
            Some(h) if h < 0 => {
                let _ = writeln!(
                    s,
                    "**{} capacity is already {} patients short of enrolment.**\n",
                    esc(&role.title),
                    -h
                );
            }
            Some(h) => {
                let _ = writeln!(
                    s,
                    "The tightest role is {}: room for {h} more patients.\n",
                    esc(&role.title)
                );
            }
            None => {}
        }
    }
    s.push_str("### “Dedicated” and “personal” promises against the real caseload\n\n");
    if c.dedicated.is_empty() {
        s.push_str("No copy promises a dedicated or personal staff member.\n");
    } else {
        s.push_str("| promise | verdict | role | assignment | caseload (declared) | enrolled per person | policy maximum | where |\n");
        s.push_str("| --- | --- | --- | --- | ---: | ---: | ---: | --- |\n");
        for d in &c.dedicated {
            let _ = writeln!(
                s,
                "| “{}” | **{}** | {} | {} | {} | {} | {} | {} |",
                esc(&d.text),
                verdict_label(d.verdict),
                esc(d.title.as_deref().or(d.role.as_deref()).unwrap_or("—")),
                d.assignment.unwrap_or("—"),
                num(d.caseload.map(u64::from)),
                num(d.real_caseload),
                c.dedicated_max_caseload,
                places(ledger, &d.places)
            );
        }
    }
    s.finish()
}
