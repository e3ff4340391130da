//! Works out the literals of the built-in rules' phrasings and of the lexicon's patterns
//! at build time, so a run does not parse ~300 regexes before it reads its first file (see
//! `rules::literals`).

use std::fmt::Write as _;
use std::path::Path;

#[allow(dead_code)]
#[path = "src/rules/literals.rs"]
mod literals;

fn main() {
    println!("cargo:rerun-if-changed=src/rules/literals.rs");
    println!("cargo:rerun-if-changed=rules");
    let mut sources: Vec<String> = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir("rules")
        .expect("rules folder")
        .map(|e| e.expect("rules entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(path).expect("rule file");
        // A broken rule file is reported by the program, with its place; here it is skipped.
        let Ok(table) = text.parse::<toml::Table>() else {
            continue;
        };
        let rules = table.get("rule").and_then(|r| r.as_array());
        for rule in rules.into_iter().flatten() {
            let patterns = rule.get("patterns").and_then(|p| p.as_array());
            sources.extend(
                patterns
                    .into_iter()
                    .flatten()
                    .filter_map(|p| p.as_str().map(str::to_string)),
            );
        }
    }
    // The lexicon's patterns are raw strings in its source. Any other raw string there is
    // worked out too and never looked up: the table is searched by a pattern's exact text.
    let lexicon = "src/promises/mentions.rs";
    println!("cargo:rerun-if-changed={lexicon}");
    sources.extend(raw_strings(
        &std::fs::read_to_string(lexicon).expect("lexicon source"),
    ));
    sources.sort();
    sources.dedup();
    let mut out = String::from(
        "/// One literal set: a match contains one of them; then whether it starts and ends\n\
         /// at a word's edge.\n\
         pub type Set = (&'static [&'static [u8]], bool, bool);\n\
         /// Built-in patterns (as written, sorted) and their literal requirements.\n\
         pub static BUILTIN: &[(&str, Option<&[Set]>)] = &[\n",
    );
    for source in &sources {
        let requirement = match literals::phrasing_literals(source) {
            None => "None".to_string(),
            Some(sets) => {
                let sets: Vec<String> = sets
                    .iter()
                    .map(|set| {
                        let lits: Vec<String> =
                            set.literals.iter().map(|l| format!("&{l:?}")).collect();
                        format!(
                            "(&[{}], {}, {})",
                            lits.join(", "),
                            set.edge_before,
                            set.edge_after
                        )
                    })
                    .collect();
                format!("Some(&[{}])", sets.join(", "))
            }
        };
        writeln!(out, "    ({source:?}, {requirement}),").expect("write to string");
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("builtin_literals.rs");
    std::fs::write(dest, out).expect("write builtin_literals.rs");
}

/// The contents of every `r"..."` and `r#"..."#` literal in Rust source.
fn raw_strings(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find('r') {
        let before = source.len() - rest.len() + at;
        let starts_word = source[..before]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        rest = &rest[at + 1..];
        if !starts_word {
            continue;
        }
        let hashes = rest.len() - rest.trim_start_matches('#').len();
        let Some(body) = rest[hashes..].strip_prefix('"') else {
            continue;
        };
        let close = format!("\"{}", "#".repeat(hashes));
        if let Some(end) = body.find(&close) {
            out.push(body[..end].to_string());
            rest = &body[end + close.len()..];
        }
    }
    out
}
