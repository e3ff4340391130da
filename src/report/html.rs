//! The council report as one self-contained HTML file: inline CSS, inline SVG charts, a
//! small inline script for sorting and filtering the ledger (the table reads fine without
//! it), a print stylesheet, and a Content-Security-Policy that forbids every fetch.
//! Every piece of copy, path and manifest value goes through `esc`.

use std::fmt::Write as _;
use std::io;

use super::{
    no_differences_note, plural, verdict_label, Counts, DifferenceKind, Ledger, Place, Row, Sink,
    UNASSIGNED, VERDICT_ORDER,
};
use crate::model::Verdict;

/// Escapes text for HTML element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn color(v: Verdict) -> &'static str {
    match v {
        Verdict::Unsupported => "#c0392b",
        Verdict::Unverifiable => "#d68910",
        Verdict::Qualified => "#2e86c1",
        Verdict::Supported => "#239b56",
    }
}

fn badge(v: Verdict) -> String {
    format!(
        "<span class=\"badge v-{}\">{}</span>",
        v.as_str(),
        verdict_label(v)
    )
}

const CSS: &str = r#"
:root { --ink:#1c2833; --muted:#5d6d7e; --line:#d5d8dc; --bg:#fbfcfc; }
* { box-sizing: border-box; }
body { font: 15px/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--bg); margin: 0 auto; max-width: 1200px; padding: 0 24px 48px; }
.running { font-size: 12px; color: var(--muted); border-bottom: 1px solid var(--line); padding: 6px 0; }
h1 { font-size: 26px; margin: 18px 0 4px; }
h2 { font-size: 20px; margin: 32px 0 4px; border-bottom: 2px solid var(--ink); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 18px 0 6px; }
.asof { color: var(--muted); font-size: 13px; margin: 0 0 10px; }
.lede { font-size: 17px; }
.totals { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0; padding: 0; list-style: none; }
.totals li { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; background: #fff; min-width: 120px; }
.totals .n { display: block; font-size: 24px; font-weight: 700; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
.chart { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px; }
.chart h3 { margin: 0 0 6px; }
svg text { font: 12px -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--ink); }
.legend { font-size: 12px; color: var(--muted); margin: 6px 0; }
.legend i { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 10px; border-radius: 2px; }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: 13.5px; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
thead th { background: #eaeded; position: sticky; top: 0; }
thead th[role=button] { cursor: pointer; }
thead th[role=button]::after { content: " ⇅"; color: var(--muted); font-weight: 400; }
thead th[aria-sort=ascending]::after { content: " ▲"; }
thead th[aria-sort=descending]::after { content: " ▼"; }
tbody.group tr.group-head th { background: #f4f6f6; font-size: 14px; border-top: 2px solid var(--ink); position: static; }
tr.print-asof { display: none; }
tr[hidden], tbody[hidden], #controls[hidden] { display: none; }
.badge { display: inline-block; border-radius: 10px; padding: 1px 8px; font-size: 12px; font-weight: 600; color: #fff; white-space: nowrap; }
.v-unsupported { background: #c0392b; } .v-unverifiable { background: #d68910; }
.v-qualified { background: #2e86c1; } .v-supported { background: #239b56; }
tr.promise.is-unsupported td:first-child { border-left: 4px solid #c0392b; }
.copy { font-weight: 600; }
.msg, .where, .ev { color: var(--muted); font-size: 12.5px; }
.ev code, .where code { font-size: 12px; }
.heard { margin: 2px 0; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; overflow-wrap: break-word; }
.suggest { font-style: italic; }
#controls { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; margin: 10px 0; font-size: 13px; }
#controls select, #controls input { font: inherit; padding: 3px 6px; }
.note { color: var(--muted); font-size: 13px; }
.warn { color: #c0392b; font-weight: 600; }
@media print {
  body { max-width: none; padding: 0; background: #fff; font-size: 11px; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .running { position: static; }
  tr.print-asof { display: table-row; }
  tr.print-asof th { background: #fff; font-weight: 400; font-size: 10px; color: var(--muted); border-bottom: 1px solid var(--line); }
  #controls, noscript { display: none !important; }
  section.page { break-before: page; }
  tr, .chart { break-inside: avoid; }
  thead th { position: static; }
  @page { margin: 14mm 12mm; }
}
"#;

const SCRIPT: &str = r#"
(function () {
  var controls = document.getElementById('controls');
  var table = document.getElementById('ledger-table');
  if (!controls || !table) return;
  controls.hidden = false;
  var rows = Array.prototype.slice.call(table.querySelectorAll('tr.promise'));
  var groups = Array.prototype.slice.call(table.querySelectorAll('tbody.group'));
  var fv = document.getElementById('f-verdict'), fa = document.getElementById('f-audience');
  var fc = document.getElementById('f-capability'), fq = document.getElementById('f-text');
  var shown = document.getElementById('shown');
  var rank = { unsupported: 0, unverifiable: 1, qualified: 2, supported: 3 };
  function apply() {
    var q = fq.value.trim().toLowerCase(), n = 0, places = 0;
    rows.forEach(function (r) {
      var ok = (!fv.value || r.getAttribute('data-verdict') === fv.value) &&
        (!fa.value || (' ' + r.getAttribute('data-audiences') + ' ').indexOf(' ' + fa.value + ' ') >= 0) &&
        (!fc.value || r.getAttribute('data-capability') === fc.value) &&
        (!q || r.textContent.toLowerCase().indexOf(q) >= 0);
      r.hidden = !ok;
      if (ok) { n++; places += +r.getAttribute('data-places'); }
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector('tr.promise:not([hidden])'); });
    shown.textContent = n + ' of ' + rows.length + ' promises shown (' + places + ' places)';
  }
  function fromHash() {
    var h = decodeURIComponent(location.hash.replace(/^#/, ''));
    h.split('&').forEach(function (kv) {
      var p = kv.split('='), el = { verdict: fv, audience: fa, capability: fc, q: fq }[p[0]];
      if (el && p.length === 2) el.value = p[1];
    });
  }
  [fv, fa, fc].forEach(function (el) { el.addEventListener('change', apply); });
  fq.addEventListener('input', apply);
  document.getElementById('f-reset').addEventListener('click', function () {
    fv.value = fa.value = fc.value = fq.value = ''; apply();
  });
  var dir = {};
  Array.prototype.forEach.call(table.querySelectorAll('thead th[data-sort]'), function (b) {
    b.setAttribute('tabindex', '0');
    b.setAttribute('role', 'button');
    b.title = 'Sort';
    b.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); b.click(); } });
    b.addEventListener('click', function () {
      var key = b.getAttribute('data-sort'); dir[key] = -(dir[key] || -1);
      var d = dir[key];
      function val(r) {
        if (key === 'verdict') return rank[r.getAttribute('data-verdict')];
        if (key === 'places') return +r.getAttribute('data-places');
        return (r.getAttribute('data-' + key) || '').toLowerCase();
      }
      groups.forEach(function (g) {
        var rs = Array.prototype.slice.call(g.querySelectorAll('tr.promise'));
        rs.sort(function (x, y) { var a = val(x), c = val(y); return a < c ? -d : a > c ? d : 0; });
        rs.forEach(function (r) { g.appendChild(r); });
      });
      Array.prototype.forEach.call(table.querySelectorAll('thead th'), function (th) { th.removeAttribute('aria-sort'); });
      b.setAttribute('aria-sort', d > 0 ? 'ascending' : 'descending');
    });
  });
  // Printed, every place is listed.
  window.addEventListener('beforeprint', function () {
    Array.prototype.forEach.call(document.querySelectorAll('details'), function (d) { d.open = true; });
  });
  fromHash();
  window.addEventListener('hashchange', function () { fromHash(); apply(); });
  apply();
})();
"#;

/// Horizontal stacked bars, one per label, segments per verdict.
fn bars(id: &str, title: &str, rows: &[(String, Counts)]) -> String {
    let label_w = 150.0;
    let bar_w = 260.0;
    let row_h = 26.0;
    let max = rows
        .iter()
        .map(|(_, c)| c.total())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let height = row_h * rows.len() as f64 + 8.0;
    let width = label_w + bar_w + 120.0;
    let mut s = String::new();
    let _ = write!(
        s,
        "<div class=\"chart\" id=\"{id}\"><h3>{}</h3><svg role=\"img\" aria-label=\"{}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\">",
        esc(title),
        esc(title)
    );
    for (i, (label, counts)) in rows.iter().enumerate() {
        let y = 4.0 + row_h * i as f64;
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            label_w - 8.0,
            y + 15.0,
            esc(label)
        );
        let mut x = label_w;
        for v in VERDICT_ORDER {
            let n = counts.get(v);
            if n == 0 {
                continue;
            }
            let w = bar_w * n as f64 / max;
            let _ = write!(
                s,
                "<rect class=\"bar\" data-verdict=\"{}\" x=\"{x:.1}\" y=\"{y}\" width=\"{w:.1}\" height=\"{}\" fill=\"{}\"><title>{}: {n} {}</title></rect>",
                v.as_str(),
                row_h - 6.0,
                color(v),
                esc(label),
                verdict_label(v)
            );
            x += w;
        }
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{}\">{} ({} broken)</text>",
            x + 6.0,
            y + 15.0,
            counts.total(),
            counts.broken()
        );
    }
    s.push_str("</svg>");
    s.push_str(&legend());
    s.push_str("</div>");
    s
}

fn legend() -> String {
    let mut s = String::from("<div class=\"legend\">");
    for v in VERDICT_ORDER {
        let _ = write!(
            s,
            "<i style=\"background:{}\"></i>{}",
            color(v),
            verdict_label(v)
        );
    }
    s.push_str("</div>");
    s
}

fn place(s: &mut Sink, l: &Ledger, p: &Place) {
    let _ = write!(
        s,
        "<span class=\"where\"><code>{}:{}</code> <span class=\"aud\">{}</span></span><br>",
        esc(l.short(l.path(p))),
        p.line,
        esc(l.audience(p).unwrap_or(UNASSIGNED))
    );
}

fn places_cell(s: &mut Sink, l: &Ledger, places: &[Place]) {
    let _ = write!(
        s,
        "<strong>{}</strong> {}<br>",
        places.len(),
        if places.len() == 1 { "place" } else { "places" }
    );
    let shown = if places.len() <= 3 { places.len() } else { 2 };
    for p in &places[..shown] {
        place(s, l, p);
    }
    if shown < places.len() {
        let _ = write!(
            s,
            "<details><summary>{} more</summary>",
            places.len() - shown
        );
        for p in &places[shown..] {
            place(s, l, p);
        }
        s.push_str("</details>");
    }
}

fn row_html(s: &mut Sink, l: &Ledger, r: &Row) {
    let audiences: Vec<&str> = r.audiences.iter().map(String::as_str).collect();
    let _ = write!(
        s,
        "<tr class=\"promise is-{v}\" data-verdict=\"{v}\" data-capability=\"{cap}\" data-audiences=\"{aud}\" data-places=\"{n}\" data-rule=\"{rule}\" data-text=\"{text}\">",
        v = r.verdict.as_str(),
        cap = r.capability.id(),
        aud = esc(&audiences.join(" ")),
        n = r.places.len(),
        rule = esc(&r.rule),
        text = esc(&r.normalized),
    );
    let _ = write!(s, "<td>{}</td>", badge(r.verdict));
    let _ = write!(
        s,
        "<td><span class=\"copy\">“{}”</span><br><code class=\"msg\">{}</code>",
        esc(&r.text),
        esc(&r.rule)
    );
    for m in &r.messages {
        let _ = write!(s, "<div class=\"msg\">{}</div>", esc(m));
    }
    s.push_str("</td>");
    let _ = write!(s, "<td>{}</td>", esc(&audiences.join(", ")));
    s.push_str("<td>");
    places_cell(s, l, &r.places);
    s.push_str("</td>");
    s.push_str("<td class=\"ev\">");
    for e in &r.evidence {
        let _ = write!(
            s,
            "<code>{}</code> = {}<br><span>{}:{}</span><br>",
            esc(&e.key),
            esc(&e.value),
            esc(&e.path),
            e.line
        );
    }
    if r.evidence.is_empty() {
        s.push_str("<span>the manifest is silent</span>");
    }
    s.push_str("</td>");
    let _ = writeln!(
        s,
        "<td class=\"suggest\">{}</td></tr>",
        r.suggestion.as_deref().map(esc).unwrap_or_default()
    );
}

fn as_of(ledger: &Ledger) -> String {
    format!("<p class=\"asof\">{}</p>", esc(&ledger.as_of_line()))
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
    // Printed, a table's header repeats on every page it spans: carry the date there too.
    let thead = format!(
        "<thead><tr class=\"print-asof\"><th colspan=\"99\">{}</th></tr>",
        esc(&ledger.as_of_line())
    );
    let mut s = Sink::new(out);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"generator\" content=\"vouch {}\">\n<title>Promise ledger — {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION"),
        esc(program)
    );
    let _ = writeln!(
        s,
        "<div class=\"running\" id=\"running\">vouch promise ledger · {} · {}</div>\n<main>",
        esc(program),
        esc(&ledger.as_of_line())
    );

    // Headline.
    let t = &ledger.totals;
    let brand = ledger
        .brand
        .as_deref()
        .map(|b| format!(" for {}", esc(b)))
        .unwrap_or_default();
    let _ = write!(
        s,
        "<header id=\"headline\"><h1>Promise ledger: {}{brand}</h1>{}\
<p class=\"lede\">{} in {} of copy; <strong class=\"warn\">{} broken</strong> — the program, as patient services declared it in <code>{}</code>, cannot keep them.</p>\n<ul class=\"totals\">",
        esc(program),
        as_of(ledger),
        plural(t.total(), "promise"),
        plural(ledger.files, "file"),
        t.broken(),
        esc(&ledger.manifest_path),
    );
    let _ = write!(
        s,
        "<li><span class=\"n\" data-count=\"total\">{}</span>promises</li>",
        t.total()
    );
    for v in VERDICT_ORDER {
        let _ = write!(
            s,
            "<li><span class=\"n\" data-count=\"{}\" style=\"color:{}\">{}</span>{}</li>",
            v.as_str(),
            color(v),
            t.get(v),
            verdict_label(v)
        );
    }
    s.push_str("</ul>\n<div class=\"charts\">");
    s.push_str(&bars(
        "chart-audience",
        "Promises by audience",
        &ledger.by_audience,
    ));
    let cats: Vec<(String, Counts)> = ledger
        .by_category
        .iter()
        .map(|(c, n)| (c.as_str().replace('_', " "), *n))
        .collect();
    s.push_str(&bars("chart-category", "Promises by category", &cats));
    s.push_str("</div></header>\n");

    // The ledger.
    let _ = write!(
        s,
        "<section id=\"ledger\" class=\"page\"><h2>The ledger</h2>{}\
<p class=\"note\">One row per distinct promise (the same rule, verdict and words, wherever they appear), grouped by capability, broken first.{}</p>",
        as_of(ledger),
        if ledger.common_dir.is_empty() {
            String::new()
        } else {
            format!(" Files are named from <code>{}</code>.", esc(&ledger.common_dir))
        }
    );
    s.push_str("<div id=\"controls\" hidden><label>Verdict <select id=\"f-verdict\"><option value=\"\">all</option>");
    for v in VERDICT_ORDER {
        let _ = write!(
            s,
            "<option value=\"{}\">{}</option>",
            v.as_str(),
            verdict_label(v)
        );
    }
    s.push_str("</select></label><label>Audience <select id=\"f-audience\"><option value=\"\">all</option>");
    for (a, _) in &ledger.by_audience {
        let _ = write!(s, "<option value=\"{}\">{}</option>", esc(a), esc(a));
    }
    s.push_str("</select></label><label>Capability <select id=\"f-capability\"><option value=\"\">all</option>");
    for g in &ledger.groups {
        let _ = write!(
            s,
            "<option value=\"{}\">{}</option>",
            g.capability.id(),
            g.capability.title()
        );
    }
    s.push_str("</select></label><label>Text <input id=\"f-text\" type=\"search\" placeholder=\"words, file, rule\"></label><button id=\"f-reset\" type=\"button\">Show all</button> <span id=\"shown\"></span></div>\n");
    s.push_str("<table id=\"ledger-table\">");
    s.push_str(&thead);
    s.push_str("<tr><th data-sort=\"verdict\">Verdict</th><th data-sort=\"text\">Promise</th><th>Said to</th><th data-sort=\"places\">Where</th><th>Held against (manifest)</th><th>Suggested rewording</th></tr></thead>\n");
    for g in &ledger.groups {
        let _ = writeln!(
            s,
            "<tbody class=\"group\" data-capability=\"{}\"><tr class=\"group-head\"><th colspan=\"6\">{} — {}, {} broken</th></tr>",
            g.capability.id(),
            g.capability.title(),
            plural(g.counts.total(), "promise"),
            g.counts.broken()
        );
        for r in &g.rows {
            row_html(&mut s, ledger, r);
        }
        s.push_str("</tbody>\n");
    }
    s.push_str("</table></section>\n");

    // Said to one audience, not the other.
    let _ = write!(
        s,
        "<section id=\"audiences\" class=\"page\"><h2>Said to one audience, not the other</h2>{}",
        as_of(ledger)
    );
    let named: Vec<&str> = ledger
        .by_audience
        .iter()
        .map(|(a, _)| a.as_str())
        .filter(|a| *a != UNASSIGNED)
        .collect();
    if ledger.differences.is_empty() {
        s.push_str(&format!(
            "<p class=\"note\">{}</p>",
            esc(no_differences_note(ledger))
        ));
    } else {
        s.push_str("<table id=\"differences\">");
        s.push_str(&thead);
        s.push_str("<tr><th>Capability</th><th>Difference</th>");
        for a in &named {
            let _ = write!(s, "<th>Said to {}</th>", esc(a));
        }
        s.push_str("</tr></thead><tbody>\n");
        for d in &ledger.differences {
            let kind = match d.kind {
                DifferenceKind::Verdict => "verdicts differ between audiences",
                DifferenceKind::Wording => "worded differently",
                DifferenceKind::OnlyOne => "promised to one audience only",
            };
            let _ = write!(
                s,
                "<tr class=\"difference\" data-kind=\"{}\" data-rule=\"{}\"><td>{}<br><code class=\"msg\">{}</code></td><td>{kind}</td>",
                match d.kind {
                    DifferenceKind::Verdict => "verdict",
                    DifferenceKind::Wording => "wording",
                    DifferenceKind::OnlyOne => "only-one",
                },
                esc(&d.rule),
                d.capability.title(),
                esc(&d.rule)
            );
            for a in &named {
                s.push_str("<td>");
                match d.heard.iter().find(|h| h.audience == *a) {
                    Some(h) => {
                        for w in h.texts.iter().take(4) {
                            let _ = write!(
                                s,
                                "<div class=\"heard\">{} “{}” <span class=\"where\"><code>{}:{}</code></span></div>",
                                badge(w.verdict),
                                esc(&w.text),
                                esc(ledger.short(ledger.path(&w.place))),
                                w.place.line
                            );
                        }
                        if h.texts.len() > 4 {
                            let _ = write!(
                                s,
                                "<span class=\"note\">and {} more wordings</span>",
                                h.texts.len() - 4
                            );
                        }
                    }
                    None => s.push_str("<span class=\"note\">not mentioned</span>"),
                }
                s.push_str("</td>");
            }
            s.push_str("</tr>\n");
        }
        s.push_str("</tbody></table>");
    }
    s.push_str("<h3>Contact details that differ between documents</h3>");
    if ledger.contacts.is_empty() {
        s.push_str("<p class=\"note\">Every document gives the same phone numbers, short codes and program name.</p>");
    } else {
        s.push_str("<table id=\"contacts\">");
        s.push_str(&thead);
        s.push_str("<tr><th>Detail</th><th>As written</th><th>Verdict</th><th>Where</th></tr></thead><tbody>\n");
        for c in &ledger.contacts {
            for (i, v) in c.variants.iter().enumerate() {
                let _ = write!(
                    s,
                    "<tr class=\"contact\" data-rule=\"{}\"><td>{}</td><td class=\"copy\">{}</td><td>{}</td><td>",
                    esc(&c.rule),
                    if i == 0 {
                        format!("<code>{}</code>", esc(&c.rule))
                    } else {
                        String::new()
                    },
                    esc(&v.text),
                    badge(v.verdict),
                );
                places_cell(&mut s, ledger, &v.places);
                s.push_str("</td></tr>\n");
            }
        }
        s.push_str("</tbody></table>");
    }
    s.push_str("</section>\n");

    // Delivered but never promised.
    let _ = write!(
        s,
        "<section id=\"never-promised\" class=\"page\"><h2>Delivered but never promised</h2>{}\
<p class=\"note\">What the manifest declares that no promise in the copy mentions: support the brand pays for and tells no one about.</p>",
        as_of(ledger)
    );
    if ledger.never_promised.is_empty() {
        s.push_str("<p class=\"note\">Every channel, service, staff role, language and commitment in the manifest is mentioned somewhere in the copy.</p>");
    } else {
        s.push_str("<table id=\"unmentioned\">");
        s.push_str(&thead);
        s.push_str("<tr><th>Kind</th><th>Delivered</th><th>Declared in</th></tr></thead><tbody>\n");
        for u in &ledger.never_promised {
            let _ = writeln!(
                s,
                "<tr class=\"unmentioned\" data-key=\"{}\"><td>{}</td><td>{}</td><td><code>{}</code> <span class=\"where\">{}:{}</span></td></tr>",
                esc(&u.key),
                u.kind,
                esc(&u.detail),
                esc(&u.key),
                esc(&ledger.manifest_path),
                u.line
            );
        }
        s.push_str("</tbody></table>");
    }
    s.push_str("</section>\n");

    capacity_html(&mut s, ledger, &thead);
    s.push_str("</main>\n<noscript><p class=\"note\">Sorting and filtering need JavaScript; the ledger above is complete without it.</p></noscript>\n");
    let _ = writeln!(s, "<script>{SCRIPT}</script>\n</body>\n</html>");
    s.finish()
}

fn num<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map(|n| n.to_string()).unwrap_or_else(|| "—".into())
}

fn capacity_html(s: &mut Sink, ledger: &Ledger, thead: &str) {
    let c = &ledger.capacity;
    let _ = write!(
        s,
        "<section id=\"capacity\" class=\"page\"><h2>Capacity</h2>{}",
        as_of(ledger)
    );
    match c.enrolled {
        Some(e) => {
            let _ = write!(
                s,
                "<p><strong>{e}</strong> patients enrolled (<code>capacity.enrolled_patients</code>).</p>"
            );
        }
        None => s.push_str("<p class=\"note\">The manifest does not declare <code>capacity.enrolled_patients</code>; real caseloads cannot be computed.</p>"),
    }
    if c.roles.is_empty() {
        s.push_str("<p class=\"note\">The manifest declares no staff.</p>");
    } else {
        // Capacity against enrolment, one bar per role that declares both numbers.
        let with_cap: Vec<_> = c.roles.iter().filter(|r| r.capacity.is_some()).collect();
        if !with_cap.is_empty() {
            let max = with_cap
                .iter()
                .filter_map(|r| r.capacity)
                .chain(c.enrolled.map(u64::from))
                .max()
                .unwrap_or(1)
                .max(1) as f64;
            let (label_w, bar_w, row_h) = (170.0, 360.0, 30.0);
            let height = row_h * with_cap.len() as f64 + 24.0;
            let width = label_w + bar_w + 150.0;
            let _ = write!(
                s,
                "<div class=\"chart\" id=\"chart-capacity\"><h3>Staffed capacity (count × caseload) against enrolled patients</h3><svg role=\"img\" aria-label=\"capacity per role\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\">"
            );
            for (i, r) in with_cap.iter().enumerate() {
                let cap = r.capacity.unwrap_or(0);
                let y = 4.0 + row_h * i as f64;
                let w = bar_w * cap as f64 / max;
                let over = c.enrolled.is_some_and(|e| u64::from(e) > cap);
                let _ = write!(
                    s,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"{label_w}\" y=\"{y}\" width=\"{w:.1}\" height=\"{}\" fill=\"{}\"><title>{}: {cap}</title></rect><text x=\"{:.1}\" y=\"{}\">{cap}{}</text>",
                    label_w - 8.0,
                    y + 17.0,
                    esc(&r.title),
                    row_h - 8.0,
                    if over { "#c0392b" } else { "#239b56" },
                    esc(&r.title),
                    label_w + w + 6.0,
                    y + 17.0,
                    if over { " (short)" } else { "" }
                );
            }
            if let Some(e) = c.enrolled {
                let x = label_w + bar_w * f64::from(e) / max;
                let _ = write!(
                    s,
                    "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"0\" y2=\"{}\" stroke=\"#1c2833\" stroke-dasharray=\"4 3\"/><text x=\"{:.1}\" y=\"{}\">{e} enrolled</text>",
                    height - 16.0,
                    x + 4.0,
                    height - 4.0
                );
            }
            s.push_str("</svg></div>");
        }
        s.push_str("<table id=\"roles\">");
        s.push_str(thead);
        s.push_str("<tr><th>Role</th><th>Staff</th><th>Caseload each (declared)</th><th>Assignment</th><th>Capacity</th><th>Headroom</th><th>Enrolled patients per person</th><th>Months until exceeded</th></tr></thead><tbody>\n");
        for r in &c.roles {
            let real = match (r.real_caseload, r.caseload) {
                (Some(real), Some(cl)) if real > u64::from(cl) => {
                    format!("<span class=\"warn\">{real}</span> (declared {cl})")
                }
                (real, _) => num(real),
            };
            let months = match r.months_left {
                Some(0) => "<span class=\"warn\">already exceeded</span>".to_string(),
                m => num(m),
            };
            let headroom = match r.headroom {
                Some(h) if h < 0 => format!("<span class=\"warn\">short by {}</span>", -h),
                h => num(h),
            };
            let _ = writeln!(
                s,
                "<tr class=\"role\" data-role=\"{}\"><td>{} <code class=\"msg\">staff.{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{headroom}</td><td>{real}</td><td>{months}</td></tr>",
                esc(&r.role),
                esc(&r.title),
                esc(&r.role),
                num(r.count),
                num(r.caseload),
                r.assignment.unwrap_or("—"),
                num(r.capacity),
            );
        }
        s.push_str("</tbody></table>");
    }
    match (c.staffed_capacity, c.expected_enrollments, c.months_left) {
        (Some(total), Some(rate), Some(0)) => {
            let _ = write!(
                s,
                "<p id=\"months\">Staffed capacity, summed over roles, is <strong>{total}</strong> patients; at {rate} new enrollments a month it is <span class=\"warn\">already exceeded</span>.</p>"
            );
        }
        (Some(total), Some(rate), Some(m)) => {
            let _ = write!(
                s,
                "<p id=\"months\">Staffed capacity, summed over roles, is <strong>{total}</strong> patients; at {rate} new enrollments a month (<code>[campaign] expected_enrollments</code>) it is exceeded in <strong>{m} month{}</strong>, if no patient leaves.</p>",
                if m == 1 { "" } else { "s" }
            );
        }
        (Some(total), _, _) => {
            let _ = write!(
                s,
                "<p id=\"months\">Staffed capacity, summed over roles, is <strong>{total}</strong> patients. Declare <code>[campaign] expected_enrollments</code> in vouch.toml to see how many months it lasts.</p>"
            );
        }
        _ => {}
    }
    if let (Some(t), Some(role)) = (
        &c.tightest,
        c.roles
            .iter()
            .find(|r| Some(&r.title) == c.tightest.as_ref()),
    ) {
        match role.headroom {
            Some(h) if h < 0 => {
                let _ = write!(
                    s,
                    "<p id=\"tightest\" class=\"warn\">{} capacity is already {} patients short of enrolment.</p>",
                    esc(t),
                    -h
                );
            }
            Some(h) => {
                let _ = write!(
                    s,
                    "<p id=\"tightest\">The tightest role is {}: room for {h} more patients.</p>",
                    esc(t)
                );
            }
            None => {}
        }
    }
    s.push_str("<h3>“Dedicated” and “personal” promises against the real caseload</h3>");
    if c.dedicated.is_empty() {
        s.push_str("<p class=\"note\">No copy promises a dedicated or personal staff member.</p>");
    } else {
        s.push_str("<table id=\"dedicated\">");
        s.push_str(thead);
        s.push_str(
            "<tr><th>Promise</th><th>Verdict</th><th>Role</th><th>Assignment</th><th>Caseload (declared)</th><th>Enrolled per person</th><th>Policy maximum</th><th>Where</th></tr></thead><tbody>\n",
        );
        for d in &c.dedicated {
            let _ = write!(
                s,
                "<tr class=\"dedicated\" data-verdict=\"{}\"><td class=\"copy\">“{}”</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>",
                d.verdict.as_str(),
                esc(&d.text),
                badge(d.verdict),
                esc(d.title.as_deref().or(d.role.as_deref()).unwrap_or("—")),
                d.assignment.unwrap_or("—"),
                num(d.caseload),
                match (d.real_caseload, d.caseload) {
                    (Some(real), Some(cl)) if real > u64::from(cl) => {
                        format!("<span class=\"warn\">{real}</span>")
                    }
                    (real, _) => num(real),
                },
                c.dedicated_max_caseload,
            );
            places_cell(s, ledger, &d.places);
            s.push_str("</td></tr>\n");
        }
        s.push_str("</tbody></table>");
    }
    s.push_str("</section>\n");
}
