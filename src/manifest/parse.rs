//! The schema walker: psp.toml as parsed by toml_edit (which keeps a span for every key
//! and value) checked by hand against the schema, collecting every problem before failing,
//! so one run shows the user everything to fix.

use std::collections::BTreeMap;
use std::ops::Range;

use toml_edit::{ArrayOfTables, ImDocument, Item, Table, Value};

use super::*;
use crate::diag::{did_you_mean, SourceError};

const SECTIONS: &[&str] = &[
    "program",
    "channels",
    "staff",
    "languages",
    "cost",
    "services",
    "commitments",
    "capacity",
    "capabilities",
];
const PROGRAM_KEYS: &[&str] = &["name", "brand", "as_of", "timezone", "regions"];
const CHANNEL_KEYS: &[&str] = &[
    "number",
    "vanity",
    "hours",
    "staffed_hours",
    "timezone",
    "after_hours",
    "staffed_by",
    "languages",
    "platforms",
    "features",
    "direction",
    "short_code",
    "keywords",
    "response_time",
    "holidays",
];
const STAFF_KEYS: &[&str] = &[
    "title",
    "count",
    "caseload",
    "assignment",
    "scope",
    "paid_by",
];
const LANGUAGE_KEYS: &[&str] = &["supported", "interpreters"];
const COST_KEYS: &[&str] = &[
    "as_little_as",
    "per",
    "max_annual_benefit",
    "max_per_claim",
    "excluded_states",
    "eligible_insurance",
    "disclaimer",
];
const SERVICE_KEYS: &[&str] = &[
    "turnaround",
    "max_duration",
    "eligible_insurance",
    "modes",
    "income_limit_fpl",
    "third_party",
];
const CAPACITY_KEYS: &[&str] = &["enrolled_patients"];

/// US states, DC and territories, for `cost.excluded_states`.
const US_STATES: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
    "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
    "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
    "WI", "WY", "DC", "PR", "GU", "VI", "AS", "MP",
];

/// Language names people write instead of the ISO 639-1 code.
const LANGUAGE_NAMES: &[(&str, &str)] = &[
    ("english", "en"),
    ("spanish", "es"),
    ("espanol", "es"),
    ("español", "es"),
    ("french", "fr"),
    ("chinese", "zh"),
    ("mandarin", "zh"),
    ("cantonese", "zh"),
    ("vietnamese", "vi"),
    ("korean", "ko"),
    ("tagalog", "tl"),
    ("russian", "ru"),
    ("arabic", "ar"),
    ("portuguese", "pt"),
    ("haitian creole", "ht"),
    ("german", "de"),
    ("italian", "it"),
    ("polish", "pl"),
    ("japanese", "ja"),
    ("hindi", "hi"),
];

/// Top-level areas of IANA zone names, for `Area/City` timezones vouch has no table for.
const TZ_AREAS: &[&str] = &[
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
];

/// A node of the TOML tree, whichever way it was written.
#[derive(Clone, Copy)]
enum Node<'a> {
    Table(&'a Table),
    Value(&'a Value),
    Tables(&'a ArrayOfTables),
}

impl<'a> Node<'a> {
    fn of(item: &'a Item) -> Option<Self> {
        match item {
            Item::None => None,
            Item::Table(t) => Some(Node::Table(t)),
            Item::Value(v) => Some(Node::Value(v)),
            Item::ArrayOfTables(a) => Some(Node::Tables(a)),
        }
    }

    fn span(&self) -> Option<Range<usize>> {
        match self {
            Node::Table(t) => t.span(),
            Node::Value(v) => v.span(),
            Node::Tables(a) => a.span(),
        }
    }

    /// "a string", "a table": for "found …" in type errors.
    fn kind(&self) -> &'static str {
        match self {
            Node::Table(_) | Node::Value(Value::InlineTable(_)) => "a table",
            Node::Tables(_) => "an array of tables",
            Node::Value(Value::String(_)) => "a string",
            Node::Value(Value::Integer(_)) => "an integer",
            Node::Value(Value::Float(_)) => "a decimal number",
            Node::Value(Value::Boolean(_)) => "a boolean",
            Node::Value(Value::Datetime(_)) => "a date",
            Node::Value(Value::Array(_)) => "an array",
        }
    }
}

/// One `key = value` (or sub-table) of a table.
struct Entry<'a> {
    key: &'a str,
    key_span: Option<Range<usize>>,
    node: Node<'a>,
    /// Dotted name for messages and citations: `staff.nurse.count`.
    name: String,
}

impl Entry<'_> {
    /// Where to point for a problem with the value.
    fn value_span(&self) -> Range<usize> {
        self.node
            .span()
            .or_else(|| self.key_span.clone())
            .unwrap_or(0..0)
    }

    /// Where to point for a problem with the key itself.
    fn key_span(&self) -> Range<usize> {
        self.key_span
            .clone()
            .or_else(|| self.node.span())
            .unwrap_or(0..0)
    }

    /// Where a table "begins": its `[header]`, else its key (dotted keys, implicit tables).
    fn header_span(&self, source: &str) -> Range<usize> {
        match self.node {
            Node::Table(t) => match t.span() {
                // toml_edit's span runs to the end of the table's body; keep the header.
                Some(span) => header_only(source, span),
                None => self.key_span.clone().unwrap_or(0..0),
            },
            _ => self.value_span(),
        }
    }
}

/// The `[a.b]` header at the start of a table's span (quoted `]` and `[[…]]` allowed).
fn header_only(source: &str, span: Range<usize>) -> Range<usize> {
    let text = source.get(span.clone()).unwrap_or("");
    let opening = text.bytes().take_while(|&b| b == b'[').count();
    if opening == 0 {
        return span;
    }
    let mut quote = None;
    for (i, c) in text.char_indices().skip(opening) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, ']') => {
                let closing = text[i..]
                    .bytes()
                    .take(opening)
                    .take_while(|&b| b == b']')
                    .count();
                return span.start..span.start + i + closing;
            }
            (None, '\n') => break,
            (None, _) => {}
        }
    }
    span
}

struct Cx<'s> {
    path: &'s str,
    source: &'s str,
    /// `source` for the errors to quote, copied once at the first error and then shared.
    shared: Option<std::sync::Arc<str>>,
    errors: Vec<SourceError>,
}

pub(super) fn parse(path: &str, source: &str) -> Result<Manifest, Vec<SourceError>> {
    let doc = match ImDocument::parse(source) {
        Ok(doc) => doc,
        Err(e) => {
            let span = crate::diag::clamp(&e.span().unwrap_or(0..0), source);
            // Keep the span on one line (toml_edit's may run on to the next), and widen a
            // zero-width one to the character there so the caret has something under it.
            let end = source[span.clone()]
                .find('\n')
                .map_or(span.end, |i| span.start + i);
            let span = if end > span.start {
                span.start..end
            } else {
                widen(source, span.start)
            };
            // toml_edit's message is "what\nexpected …": the headline, then the label.
            let text = e.message().trim();
            let (what, expected) = text.split_once('\n').unwrap_or((text, ""));
            let label = if expected.trim().is_empty() {
                what.trim()
            } else {
                expected.trim()
            };
            let message = format!("invalid TOML: {}", what.trim());
            let err = SourceError::new(path, source, message).at(span, label);
            return Err(vec![err]);
        }
    };
    let mut cx = Cx {
        path,
        source,
        shared: None,
        errors: Vec::new(),
    };
    let mut m = Manifest {
        path: path.to_string(),
        source: source.to_string(),
        line_starts: std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect(),
        ..Manifest::default()
    };

    for e in cx.entries("", doc.as_table()) {
        match e.key {
            "program" | "channels" | "staff" | "languages" | "cost" | "services"
            | "commitments" | "capacity" | "capabilities" => {}
            _ => {
                // A key that belongs to a section but was written above every header.
                let home = [
                    ("program", PROGRAM_KEYS),
                    ("cost", COST_KEYS),
                    ("capacity", CAPACITY_KEYS),
                ]
                .into_iter()
                .find(|(_, keys)| keys.contains(&e.key) && matches!(e.node, Node::Value(_)));
                match home {
                    Some((section, _)) => {
                        let message = format!("`{}` is outside any section", e.key);
                        let help = format!("move it under `[{section}]`");
                        cx.error(e.key_span(), message, "not in a section", Some(help));
                    }
                    None => cx.unknown(&e, "section", SECTIONS, None),
                }
                continue;
            }
        }
        let Some(table) = cx.table(&e) else { continue };
        m.sections.insert(e.key.to_string(), e.header_span(source));
        match e.key {
            "program" => m.program = Some(cx.program(&e, table)),
            "channels" => {
                m.channels = cx.named_tables(table, |cx, kind, e, t| cx.channel(kind, e, t))
            }
            "staff" => m.staff = cx.named_tables(table, |cx, role, e, t| cx.staff(role, e, t)),
            "languages" => m.languages = Some(cx.languages(&e, table)),
            "cost" => m.cost = Some(cx.cost(&e, table)),
            "services" => {
                m.services = cx.named_tables(table, |cx, kind, e, t| cx.service(kind, e, t))
            }
            "commitments" => {
                for item in table {
                    if let Some(d) = cx.duration(&item) {
                        m.commitments.insert(item.key.to_string(), d);
                    }
                }
            }
            "capacity" => m.capacity = Some(cx.capacity(&e, table)),
            "capabilities" => {
                for item in table {
                    let value = to_toml(item.node);
                    m.capabilities
                        .insert(item.key.to_string(), Sp::new(value, item.value_span()));
                }
            }
            _ => unreachable!("filtered above"),
        }
    }

    if cx.errors.is_empty() {
        Ok(m)
    } else {
        // Report in file order, whatever order the walk found them in.
        cx.errors
            .sort_by_key(|e| e.span.as_ref().map_or(0, |s| s.start));
        Err(cx.errors)
    }
}

/// A one-character span at `at` (or the last character), for zero-width error positions.
fn widen(source: &str, at: usize) -> Range<usize> {
    let at = at.min(source.len());
    if !source.is_char_boundary(at) {
        return at..at;
    }
    match source[at..].chars().next() {
        Some(c) if c != '\n' => at..at + c.len_utf8(),
        _ => at..at,
    }
}

impl<'s> Cx<'s> {
    fn error(
        &mut self,
        span: Range<usize>,
        message: String,
        label: impl Into<String>,
        help: Option<String>,
    ) {
        let source = self
            .shared
            .get_or_insert_with(|| std::sync::Arc::from(self.source))
            .clone();
        let mut err = SourceError::new(self.path, source, message).at(span, label);
        if let Some(help) = help {
            err = err.help(help);
        }
        self.errors.push(err);
    }

    /// The entries of a table-like node, named under `parent`.
    fn entries<'a>(&self, parent: &str, table: &'a Table) -> Vec<Entry<'a>> {
        table
            .iter()
            .filter_map(|(key, item)| {
                Some(Entry {
                    key,
                    key_span: table.key(key).and_then(|k| k.span()),
                    node: Node::of(item)?,
                    name: dotted(parent, key),
                })
            })
            .collect()
    }

    /// The entries of a table (header or inline); a type error for anything else.
    fn table<'a>(&mut self, e: &Entry<'a>) -> Option<Vec<Entry<'a>>> {
        match e.node {
            Node::Table(t) => Some(self.entries(&e.name, t)),
            Node::Value(Value::InlineTable(t)) => Some(
                t.iter()
                    .map(|(key, value)| Entry {
                        key,
                        key_span: t.key(key).and_then(|k| k.span()),
                        node: Node::Value(value),
                        name: dotted(&e.name, key),
                    })
                    .collect(),
            ),
            other => {
                let help = match other {
                    Node::Tables(_) => Some(format!("write `[{}]` with single brackets", e.name)),
                    _ => None,
                };
                self.wrong_type(e, "a table", help);
                None
            }
        }
    }

    /// Unknown key, section or name: points at the key, suggests the closest known one.
    fn unknown(&mut self, e: &Entry, what: &str, known: &[&str], within: Option<&str>) {
        let message = match within {
            Some(t) => format!("unknown {what} `{}` in `[{t}]`", e.key),
            None => format!("unknown {what} `{}`", e.key),
        };
        let help = match did_you_mean(e.key, known.iter().copied()) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!("known {what}s: {}", known.join(", ")),
        };
        self.error(e.key_span(), message, format!("unknown {what}"), Some(help));
    }

    fn wrong_type(&mut self, e: &Entry, expected: &str, help: Option<String>) {
        let message = format!("`{}` must be {expected}, found {}", e.name, e.node.kind());
        self.error(
            e.value_span(),
            message,
            format!("expected {expected}"),
            help,
        );
    }

    /// `[channels.phone]`, `[staff.nurse]`, …: each key must be a known name of `E`.
    fn named_tables<'a, E: Named, T>(
        &mut self,
        entries: Vec<Entry<'a>>,
        mut build: impl FnMut(&mut Self, E, &Entry<'a>, Vec<Entry<'a>>) -> T,
    ) -> BTreeMap<E, T> {
        let known: Vec<&str> = E::all().iter().map(|v| v.name()).collect();
        let mut out = BTreeMap::new();
        for e in entries {
            let Some(kind) = E::all().iter().copied().find(|v| v.name() == e.key) else {
                self.unknown(&e, E::WHAT, &known, None);
                continue;
            };
            if let Some(fields) = self.table(&e) {
                out.insert(kind, build(self, kind, &e, fields));
            }
        }
        out
    }

    fn program(&mut self, e: &Entry, fields: Vec<Entry>) -> Program {
        let mut p = Program {
            span: e.header_span(self.source),
            ..Program::default()
        };
        for f in fields {
            match f.key {
                "name" => p.name = self.string(&f),
                "brand" => p.brand = self.string(&f),
                "as_of" => p.as_of = self.date(&f),
                "timezone" => p.timezone = self.timezone(&f),
                "regions" => p.regions = self.list(&f, |_| Ok(())),
                _ => self.unknown(&f, "key", PROGRAM_KEYS, Some("program")),
            }
        }
        p
    }

    fn channel(&mut self, kind: ChannelKind, e: &Entry, fields: Vec<Entry>) -> Channel {
        let mut c = Channel::new(kind, e.header_span(self.source));
        for f in fields {
            match f.key {
                "number" => c.number = self.string(&f),
                "vanity" => c.vanity = self.string(&f),
                "hours" => c.hours = self.hours(&f),
                "staffed_hours" => c.staffed_hours = self.hours(&f),
                "timezone" => c.timezone = self.timezone(&f),
                "after_hours" => c.after_hours = self.enumerated(&f),
                "staffed_by" => c.staffed_by = self.enum_list(&f),
                "languages" => c.languages = self.list(&f, language_code),
                "platforms" => c.platforms = self.list(&f, |_| Ok(())),
                "features" => c.features = self.list(&f, |_| Ok(())),
                "direction" => c.direction = self.enumerated(&f),
                "short_code" => c.short_code = self.short_code(&f),
                "keywords" => c.keywords = self.list(&f, |_| Ok(())),
                "response_time" => c.response_time = self.duration(&f),
                "holidays" => c.holidays = self.enumerated(&f),
                _ => self.unknown(&f, "key", CHANNEL_KEYS, Some(&e.name)),
            }
        }
        // A person cannot answer when the channel does not answer at all.
        if let (Some(open), Some(staffed)) = (&c.hours, &c.staffed_hours) {
            if !open.value.covers(&staffed.value) {
                let message = format!(
                    "`{}.staffed_hours` reach outside `{}.hours`",
                    e.name, e.name
                );
                let label = format!("the channel itself is open {}", open.value);
                let help = "staffed hours must fall within the hours the channel answers at all"
                    .to_string();
                self.error(staffed.span.clone(), message, label, Some(help));
            }
        }
        c
    }

    fn staff(&mut self, role: Role, e: &Entry, fields: Vec<Entry>) -> Staff {
        let mut s = Staff {
            role,
            span: e.header_span(self.source),
            title: None,
            count: None,
            caseload: None,
            assignment: None,
            scope: None,
            paid_by: None,
        };
        for f in fields {
            match f.key {
                "title" => s.title = self.string(&f),
                "count" => s.count = self.whole(&f),
                "caseload" => s.caseload = self.whole(&f),
                "assignment" => s.assignment = self.enumerated(&f),
                "scope" => s.scope = self.list(&f, |_| Ok(())),
                "paid_by" => s.paid_by = self.string(&f),
                _ => self.unknown(&f, "key", STAFF_KEYS, Some(&e.name)),
            }
        }
        s
    }

    fn languages(&mut self, e: &Entry, fields: Vec<Entry>) -> Languages {
        let mut l = Languages {
            span: e.header_span(self.source),
            ..Languages::default()
        };
        for f in fields {
            match f.key {
                "supported" => l.supported = self.list(&f, language_code),
                "interpreters" => l.interpreters = self.boolean(&f),
                _ => self.unknown(&f, "key", LANGUAGE_KEYS, Some("languages")),
            }
        }
        l
    }

    fn cost(&mut self, e: &Entry, fields: Vec<Entry>) -> Cost {
        let mut c = Cost {
            span: e.header_span(self.source),
            ..Cost::default()
        };
        for f in fields {
            match f.key {
                "as_little_as" => c.as_little_as = self.usd(&f),
                "per" => c.per = self.enumerated(&f),
                "max_annual_benefit" => c.max_annual_benefit = self.usd(&f),
                "max_per_claim" => c.max_per_claim = self.usd(&f),
                "excluded_states" => c.excluded_states = self.list(&f, state_code),
                "eligible_insurance" => c.eligible_insurance = self.enum_list(&f),
                "disclaimer" => c.disclaimer = self.string(&f),
                _ => self.unknown(&f, "key", COST_KEYS, Some("cost")),
            }
        }
        c
    }

    fn service(&mut self, kind: ServiceKind, e: &Entry, fields: Vec<Entry>) -> Service {
        let mut s = Service::new(kind, e.header_span(self.source));
        for f in fields {
            match f.key {
                "turnaround" => s.turnaround = self.duration(&f),
                "max_duration" => s.max_duration = self.duration(&f),
                "eligible_insurance" => s.eligible_insurance = self.enum_list(&f),
                "modes" => s.modes = self.enum_list(&f),
                "income_limit_fpl" => s.income_limit_fpl = self.whole(&f),
                "third_party" => s.third_party = self.boolean(&f),
                _ => self.unknown(&f, "key", SERVICE_KEYS, Some(&e.name)),
            }
        }
        s
    }

    fn capacity(&mut self, e: &Entry, fields: Vec<Entry>) -> Capacity {
        let mut c = Capacity {
            span: e.header_span(self.source),
            ..Capacity::default()
        };
        for f in fields {
            match f.key {
                "enrolled_patients" => c.enrolled_patients = self.whole(&f),
                _ => self.unknown(&f, "key", CAPACITY_KEYS, Some("capacity")),
            }
        }
        c
    }

    // ---- values -------------------------------------------------------------------------

    fn string(&mut self, e: &Entry) -> Option<Sp<String>> {
        match e.node {
            Node::Value(Value::String(s)) => Some(Sp::new(s.value().clone(), e.value_span())),
            _ => {
                let help = match e.node {
                    Node::Value(Value::Integer(_) | Value::Float(_)) => {
                        Some(format!("quote it: `{} = \"{}\"`", e.key, self.raw(e)))
                    }
                    _ => None,
                };
                self.wrong_type(e, "a string", help);
                None
            }
        }
    }

    /// A non-negative whole number (counts, caseloads, percentages).
    fn whole(&mut self, e: &Entry) -> Option<Sp<u32>> {
        match e.node {
            Node::Value(Value::Integer(i)) => match u32::try_from(*i.value()) {
                Ok(n) => Some(Sp::new(n, e.value_span())),
                Err(_) => {
                    let message =
                        format!("`{}` must be a whole number from 0 to {}", e.name, u32::MAX);
                    self.error(e.value_span(), message, "out of range", None);
                    None
                }
            },
            _ => {
                self.wrong_type(
                    e,
                    "a whole number",
                    self.unquote_help(e, |s| s.parse::<u32>().is_ok()),
                );
                None
            }
        }
    }

    /// A non-negative USD amount, whole or with cents.
    fn usd(&mut self, e: &Entry) -> Option<Sp<f64>> {
        let amount = match e.node {
            Node::Value(Value::Integer(i)) => *i.value() as f64,
            Node::Value(Value::Float(f)) => *f.value(),
            _ => {
                let help = self.unquote_help(e, |s| {
                    s.trim_start_matches('$')
                        .replace(',', "")
                        .parse::<f64>()
                        .is_ok()
                });
                self.wrong_type(e, "a number of US dollars", help);
                return None;
            }
        };
        if !amount.is_finite() || amount < 0.0 {
            self.error(
                e.value_span(),
                format!("`{}` must be a dollar amount of 0 or more", e.name),
                "not an amount",
                None,
            );
            return None;
        }
        Some(Sp::new(amount, e.value_span()))
    }

    fn boolean(&mut self, e: &Entry) -> Option<Sp<bool>> {
        match e.node {
            Node::Value(Value::Boolean(b)) => Some(Sp::new(*b.value(), e.value_span())),
            _ => {
                self.wrong_type(
                    e,
                    "`true` or `false`",
                    self.unquote_help(e, |s| s == "true" || s == "false"),
                );
                None
            }
        }
    }

    /// "remove the quotes" when a quoted string would have been the right value.
    fn unquote_help(&self, e: &Entry, fits: impl Fn(&str) -> bool) -> Option<String> {
        match e.node {
            Node::Value(Value::String(s)) if fits(s.value().trim()) => Some(format!(
                "remove the quotes: `{} = {}`",
                e.key,
                s.value().trim()
            )),
            _ => None,
        }
    }

    /// A string from a closed set of names, e.g. `assignment = "pooled"`.
    fn enumerated<E: Named>(&mut self, e: &Entry) -> Option<Sp<E>> {
        let Node::Value(Value::String(s)) = e.node else {
            self.wrong_type(
                e,
                &format!("a string, one of {}", names::<E>().join(", ")),
                None,
            );
            return None;
        };
        let span = e.value_span();
        self.enum_name(&e.name, s.value(), span.clone())
            .map(|v| Sp::new(v, span))
    }

    fn enum_name<E: Named>(&mut self, name: &str, text: &str, span: Range<usize>) -> Option<E> {
        if let Some(v) = E::all().iter().copied().find(|v| v.name() == text) {
            return Some(v);
        }
        let known = names::<E>();
        // Forgive case and spacing in the suggestion: `On-Call Nurse` → `on_call_nurse`.
        let folded = text.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        let help = known
            .iter()
            .find(|k| **k == folded)
            .copied()
            .or_else(|| did_you_mean(&folded, known.iter().copied()))
            .map(|close| format!("did you mean `{close}`?"));
        let message = format!("unknown {} `{text}` in `{name}`", E::WHAT);
        self.error(
            span,
            message,
            format!("expected one of: {}", known.join(", ")),
            help,
        );
        None
    }

    /// An array of strings, each checked by `check` (which returns a label and a help).
    fn list(
        &mut self,
        e: &Entry,
        check: impl Fn(&str) -> Result<(), (String, Option<String>)>,
    ) -> Option<Sp<Vec<String>>> {
        let items = self.array(e)?;
        let mut out = Vec::new();
        let mut ok = true;
        for item in items {
            let span = item.span().unwrap_or_else(|| e.value_span());
            match item {
                Value::String(s) => match check(s.value()) {
                    Ok(()) => out.push(s.value().clone()),
                    Err((label, help)) => {
                        let message = format!("invalid entry `{}` in `{}`", s.value(), e.name);
                        self.error(span, message, label, help);
                        ok = false;
                    }
                },
                other => {
                    let message = format!(
                        "`{}` must list strings, found {}",
                        e.name,
                        Node::Value(other).kind()
                    );
                    self.error(span, message, "expected a string", None);
                    ok = false;
                }
            }
        }
        ok.then(|| Sp::new(out, e.value_span()))
    }

    /// An array of names from a closed set, e.g. `staffed_by = ["nurse"]`.
    fn enum_list<E: Named>(&mut self, e: &Entry) -> Option<Sp<Vec<E>>> {
        let items = self.array(e)?;
        let mut out = Vec::new();
        let mut ok = true;
        for item in items {
            let span = item.span().unwrap_or_else(|| e.value_span());
            match item {
                Value::String(s) => match self.enum_name::<E>(&e.name, s.value(), span) {
                    Some(v) if !out.contains(&v) => out.push(v),
                    Some(_) => {}
                    None => ok = false,
                },
                other => {
                    let message = format!(
                        "`{}` must list strings, found {}",
                        e.name,
                        Node::Value(other).kind()
                    );
                    self.error(
                        span,
                        message,
                        format!("expected one of: {}", names::<E>().join(", ")),
                        None,
                    );
                    ok = false;
                }
            }
        }
        ok.then(|| Sp::new(out, e.value_span()))
    }

    /// The items of an array; a single string gets a "wrap it in brackets" help.
    fn array<'a>(&mut self, e: &Entry<'a>) -> Option<Vec<&'a Value>> {
        match e.node {
            Node::Value(Value::Array(a)) => Some(a.iter().collect()),
            _ => {
                let help = match e.node {
                    Node::Value(Value::String(s)) => {
                        Some(format!("make it a list: `{} = [\"{}\"]`", e.key, s.value()))
                    }
                    _ => None,
                };
                self.wrong_type(e, "an array", help);
                None
            }
        }
    }

    fn hours(&mut self, e: &Entry) -> Option<Sp<WeeklyHours>> {
        let text = self.string(e)?;
        match parse_hours(&text.value) {
            Ok(h) => Some(Sp::new(h, text.span)),
            Err(why) => {
                let help = match padded_times(&text.value) {
                    Some(fixed) => format!("did you mean `{fixed}`?"),
                    None => "write hours like `24/7`, `Mon-Fri 08:00-20:00` or `Mon-Fri 08:00-20:00; Sat 09:00-13:00`"
                        .into(),
                };
                self.error(
                    text.span,
                    format!("invalid hours in `{}`", e.name),
                    why,
                    Some(help),
                );
                None
            }
        }
    }

    fn duration(&mut self, e: &Entry) -> Option<Sp<Duration>> {
        let text = match e.node {
            Node::Value(Value::String(s)) => Sp::new(s.value().clone(), e.value_span()),
            _ => {
                let help = match e.node {
                    Node::Value(Value::Integer(i)) => {
                        Some(format!("give a unit: `{} = \"{} days\"`", e.key, i.value()))
                    }
                    _ => None,
                };
                self.wrong_type(e, "a duration string like \"2 business days\"", help);
                return None;
            }
        };
        match parse_duration(&text.value) {
            Ok(d) => Some(Sp::new(d, text.span)),
            Err(why) => {
                self.error(
                    text.span,
                    format!("invalid duration in `{}`", e.name),
                    why,
                    None,
                );
                None
            }
        }
    }

    /// `YYYY-MM-DD`, as a TOML date or a string.
    fn date(&mut self, e: &Entry) -> Option<Sp<String>> {
        let text = match e.node {
            Node::Value(Value::Datetime(d)) => {
                let d = d.value();
                match (d.date, d.time) {
                    (Some(date), None) => date.to_string(),
                    _ => {
                        let message = format!("`{}` must be a date without a time", e.name);
                        self.error(e.value_span(), message, "expected YYYY-MM-DD", None);
                        return None;
                    }
                }
            }
            Node::Value(Value::String(s)) => s.value().trim().to_string(),
            _ => {
                self.wrong_type(e, "a date (YYYY-MM-DD)", None);
                return None;
            }
        };
        if !is_date(&text) {
            let message = format!("`{}` is not a valid date", e.name);
            self.error(
                e.value_span(),
                message,
                "expected YYYY-MM-DD, e.g. 2026-11-01",
                None,
            );
            return None;
        }
        Some(Sp::new(text, e.value_span()))
    }

    /// An IANA zone: one vouch knows, or any `Area/City` shape.
    fn timezone(&mut self, e: &Entry) -> Option<Sp<String>> {
        let tz = self.string(e)?;
        let name = tz.value.as_str();
        // `America/NewYork` has the right shape but is a misspelt known zone: catch those
        // that differ only in case or underscores, without rejecting real zones we lack.
        let fold = |z: &str| z.to_ascii_lowercase().replace(['_', ' '], "");
        let misspelt = hours::KNOWN_US_ZONES
            .iter()
            .find(|k| **k != name && fold(k) == fold(name));
        if misspelt.is_none()
            && (hours::KNOWN_US_ZONES.contains(&name)
                || zone_abbrev(name) != name
                || is_area_city(name))
        {
            return Some(tz);
        }
        let help = if let Some(known) = misspelt {
            format!("did you mean `{known}`?")
        } else if zone_offset_minutes(name).is_some() {
            "use an IANA zone name such as `America/New_York`; copy abbreviations like ET are derived from it".into()
        } else {
            match did_you_mean(name, hours::KNOWN_US_ZONES.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                None => {
                    "use an IANA zone name such as `America/New_York` or `America/Chicago`".into()
                }
            }
        };
        let message = format!("`{}` is not a time zone vouch knows: `{name}`", e.name);
        self.error(tz.span, message, "expected an IANA zone name", Some(help));
        None
    }

    /// SMS short codes are 5 or 6 digits; accept an integer too since it looks like one.
    fn short_code(&mut self, e: &Entry) -> Option<Sp<String>> {
        let text = match e.node {
            Node::Value(Value::Integer(i)) => i.value().to_string(),
            Node::Value(Value::String(s)) => s.value().trim().to_string(),
            _ => {
                self.wrong_type(e, "a short code string like \"55123\"", None);
                return None;
            }
        };
        if !(5..=6).contains(&text.len()) || !text.bytes().all(|b| b.is_ascii_digit()) {
            let message = format!("`{}` is not an SMS short code", e.name);
            self.error(e.value_span(), message, "expected 5 or 6 digits", None);
            return None;
        }
        Some(Sp::new(text, e.value_span()))
    }

    fn raw(&self, e: &Entry) -> &str {
        let span = crate::diag::clamp(&e.value_span(), self.source);
        &self.source[span]
    }
}

/// `Mon-Fri 8-20` → `Mon-Fri 08:00-20:00`, when bare hours were the only problem.
fn padded_times(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut digits = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            digits.push(c);
            if chars.peek().is_some_and(|n| n.is_ascii_digit()) {
                continue;
            }
            // A run of digits not followed by `:` (and not after one) is a bare hour.
            let bare = chars.peek() != Some(&':') && !out.ends_with(':') && digits.len() <= 2;
            if bare {
                out.push_str(&format!("{:02}:00", digits.parse::<u32>().ok()?));
            } else {
                out.push_str(&digits);
            }
            digits.clear();
        } else {
            out.push(c);
        }
    }
    (out != text && parse_hours(&out).is_ok()).then_some(out)
}

fn names<E: Named>() -> Vec<&'static str> {
    E::all().iter().map(|v| v.name()).collect()
}

fn dotted(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// ISO 639-1: two lowercase letters.
fn language_code(code: &str) -> Result<(), (String, Option<String>)> {
    if code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase()) {
        return Ok(());
    }
    let lower = code.trim().to_lowercase();
    let help = if lower.len() == 2 && lower.bytes().all(|b| b.is_ascii_lowercase()) {
        Some(format!("write it in lower case: `{lower}`"))
    } else {
        LANGUAGE_NAMES
            .iter()
            .find(|(name, _)| *name == lower)
            .map(|(_, c)| format!("use the ISO 639-1 code `{c}`"))
    };
    Err((
        "expected a two-letter ISO 639-1 code like `en` or `es`".into(),
        help,
    ))
}

/// A US state or territory code, upper case.
fn state_code(code: &str) -> Result<(), (String, Option<String>)> {
    if US_STATES.contains(&code) {
        return Ok(());
    }
    let upper = code.trim().to_ascii_uppercase();
    let help = US_STATES
        .contains(&upper.as_str())
        .then(|| format!("write it in upper case: `{upper}`"));
    Err(("expected a two-letter US state code like `MA`".into(), help))
}

/// `YYYY-MM-DD` with a real month and a day that month can have.
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: Range<usize>| {
        text.get(r)
            .filter(|s| s.bytes().all(|c| c.is_ascii_digit()))?
            .parse::<u32>()
            .ok()
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// `Area/City` or `Area/Region/City` under a known IANA area.
fn is_area_city(name: &str) -> bool {
    let parts: Vec<&str> = name.split('/').collect();
    (2..=3).contains(&parts.len())
        && TZ_AREAS.contains(&parts[0])
        && parts[1..].iter().all(|p| {
            p.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+'))
        })
}

/// Converts toml_edit's tree (which carries formatting) to a plain `toml::Value`.
fn to_toml(node: Node) -> toml::Value {
    match node {
        Node::Value(v) => value_to_toml(v),
        Node::Table(t) => toml::Value::Table(
            t.iter()
                .filter_map(|(k, item)| Some((k.to_string(), to_toml(Node::of(item)?))))
                .collect(),
        ),
        Node::Tables(a) => toml::Value::Array(a.iter().map(|t| to_toml(Node::Table(t))).collect()),
    }
}

fn value_to_toml(v: &Value) -> toml::Value {
    match v {
        Value::String(s) => toml::Value::String(s.value().clone()),
        Value::Integer(i) => toml::Value::Integer(*i.value()),
        Value::Float(f) => toml::Value::Float(*f.value()),
        Value::Boolean(b) => toml::Value::Boolean(*b.value()),
        Value::Datetime(d) => toml::Value::Datetime(*d.value()),
        Value::Array(a) => toml::Value::Array(a.iter().map(value_to_toml).collect()),
        Value::InlineTable(t) => toml::Value::Table(
            t.iter()
                .map(|(k, v)| (k.to_string(), value_to_toml(v)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(is_date("2026-11-01"));
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2025-02-29"));
        assert!(!is_date("2026-13-01"));
        assert!(!is_date("2026-1-01"));
    }

    #[test]
    fn zones() {
        assert!(is_area_city("Europe/London"));
        assert!(is_area_city("America/Argentina/Buenos_Aires"));
        assert!(!is_area_city("Mars/Olympus"));
        assert!(!is_area_city("EST"));
    }

    #[test]
    fn bare_hours_get_a_fix() {
        assert_eq!(
            padded_times("Mon-Fri 8-20").as_deref(),
            Some("Mon-Fri 08:00-20:00")
        );
        assert_eq!(padded_times("Mon-Fri 08:00-20:00"), None);
        assert_eq!(padded_times("Mon-Fri 8:5-20"), None);
    }
}
