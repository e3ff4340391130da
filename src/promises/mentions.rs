//! Mentions: small typed recognizers that mark what a sentence talks about — channels,
//! roles, services, people, money, durations, languages — and the cue words that change
//! what a phrase means: negation, hypotheticals, hedges, third parties, footnote markers.
//!
//! Rules say which phrasings make a promise; mentions say what the promise is about and
//! carry the typed values the checkers compare with the manifest.

use std::ops::Range;
use std::sync::OnceLock;

use crate::rules::literals::Requirement;
use crate::rules::matcher::{Groups, Matcher};
use crate::rules::prefilter::{Bits, Prefilter};

/// A lexicon pattern, run only when the literals it needs occur in the text (see
/// [`Scanned`]): a sentence is scanned once for all of them instead of once per pattern.
pub struct Gated {
    /// The pattern itself, for text with no [`Scanned`] gate.
    pub regex: Matcher,
    slot: usize,
}

impl Gated {
    pub fn is_match(&self, at: &Scanned, text: &str) -> bool {
        at.open(self.slot) && self.regex.is_match(text)
    }

    pub fn find_iter(&self, at: &Scanned, text: &str) -> Vec<Range<usize>> {
        if at.open(self.slot) {
            self.regex.find_iter(text)
        } else {
            Vec::new()
        }
    }

    pub fn captures(&self, at: &Scanned, text: &str) -> Option<Groups> {
        if at.open(self.slot) {
            self.regex.captures(text)
        } else {
            None
        }
    }
}

/// A text and which lexicon patterns could match in it or in any part of it (a pattern's
/// match lies inside the text, so its literals do too).
pub struct Scanned<'a> {
    pub text: &'a str,
    open: Bits,
    /// Where the text's clauses break, found on first need (several questions use them).
    clause_breaks: std::cell::OnceCell<Vec<Range<usize>>>,
}

impl Scanned<'_> {
    fn open(&self, slot: usize) -> bool {
        self.open.contains(slot)
    }
}

/// Collects the lexicon's patterns and their literals while it is built.
#[derive(Default)]
struct Builder {
    literals: Vec<Option<Requirement>>,
}

impl Builder {
    fn gated(&mut self, pattern: &str, case_insensitive: bool) -> Gated {
        // Checked by the tests; built when a sentence first needs it.
        let regex = Matcher::deferred(pattern, case_insensitive);
        // Literals are found case-insensitively, a superset for case-sensitive patterns too.
        // Some patterns are run on part of a sentence (the words before a promise), whose
        // ends are edges the sentence lacks: a literal may sit anywhere.
        self.literals
            .push(crate::rules::requirement(pattern).map(crate::rules::literals::anywhere));
        Gated {
            regex,
            slot: self.literals.len() - 1,
        }
    }

    fn re(&mut self, pattern: &str) -> Gated {
        self.gated(pattern, true)
    }

    fn named(&mut self, list: &[(&'static str, &str)]) -> Vec<Named> {
        list.iter()
            .map(|(name, p)| Named {
                name,
                pattern: self.re(p),
            })
            .collect()
    }
}

/// A recognizer that labels what it finds with a fixed name.
struct Named {
    name: &'static str,
    pattern: Gated,
}

pub struct Lexicon {
    channels: Vec<Named>,
    roles: Vec<Named>,
    services: Vec<Named>,
    commitments: Vec<Named>,
    people: Gated,
    self_service: Gated,
    negation: Gated,
    negation_after: Gated,
    hypothetical: Gated,
    question: Gated,
    hedge: Gated,
    third_party: Gated,
    first_person: Gated,
    study: Gated,
    drug_effect: Gated,
    pub marker: Gated,
    pub inline_qualifier: Gated,
    clause_break: Gated,
    pub money: Gated,
    pub per_unit: Gated,
    pub duration: Gated,
    pub languages: Vec<(&'static str, Gated)>,
    gate: Prefilter,
}

pub fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(build)
}

fn build() -> Lexicon {
    let mut b = Builder::default();
    let mut lexicon = Lexicon {
        channels: b.named(&[
            ("chat", r"\b(?:live[- ])?chat(?:ting|s)?\b|\bchatbot\b"),
            ("sms", r"\btext(?:s|ing|ed)?\b|\bsms\b|\btext messag\w*"),
            ("phone", r"\bcall(?:s|ing)?\b|\bphone\b|\bhotline\b|\bhelpline\b|\b(?:nurse|support|help) ?line\b|\bby telephone\b|\b1[-. ]?8\d\d\b"),
            ("email", r"\be-?mail(?:s|ed)?\b"),
            ("app", r"\bapps?\b|\bmobile app\b"),
            ("portal", r"\bportal\b|\bonline account\b"),
            ("video", r"\bvideo (?:call|visit|chat|session)s?\b|\btelehealth\b|\bvirtual visits?\b"),
            ("in_home", r"\bin[- ]home\b|\bhome visits?\b|\bat[- ]home visits?\b|\bcome to your home\b|\bvisits? you at home\b"),
            ("mail", r"\bby mail\b|\bmailed\b"),
        ]),
        roles: b.named(&[
            ("nurse", r"\bnurses?\b|\bRNs?\b|\benfermer[oa]s?\b"),
            ("pharmacist", r"\bpharmacists?\b|\bfarmac[eé]utic[oa]s?\b"),
            ("social_worker", r"\bsocial workers?\b|\btrabajador(?:a|es|as)? social(?:es)?\b"),
            ("case_manager", r"\bcase managers?\b|\bcare coordinators?\b|\bcase management\b|\bcoordinador(?:a|es|as)? de (?:atención|casos|cuidados?)\b|\badministrador(?:a|es|as)? de casos\b"),
            ("reimbursement_manager", r"\breimbursement (?:manager|specialist|counselor|expert)s?\b"),
            ("access_specialist", r"\baccess specialists?\b|\bpatient access (?:manager|specialist)s?\b"),
            ("peer_mentor", r"\bpeer (?:mentor|support|ambassador)s?\b|\bpatient mentors?\b"),
        ]),
        services: b.named(&[
            ("benefits_investigation", r"\bbenefits? (?:investigation|verification|check)s?\b|\bverif\w* (?:of )?(?:[\w']+ ){0,2}(?:insurance|coverage|benefits)\b|\binsurance (?:check|verification)\b"),
            ("prior_authorization", r"\bprior auth(?:orization)?s?\b|\bPAs?\b|\bpre-?authorization\b"),
            ("appeals", r"\bappeals?\b|\bdenials?\b"),
            ("bridge", r"\bbridge (?:program|supply)\b|\bbridge\b"),
            ("quick_start", r"\bquick ?start\b"),
            ("home_delivery", r"\bhome delivery\b|\bdelivered to your (?:home|door)\b|\bship(?:ped|s)? (?:directly )?to your (?:home|door)\b"),
            ("injection_training", r"\binjection (?:training|support|teaching|coaching)\b|\bshow you how to inject\b|\blearn to inject\b|\b(?:first|your) (?:injection|dose)\b|\bself-inject\w*\b"),
            ("adherence_reminders", r"\b(?:refill|dose|dosing|medication) reminders?\b"),
            ("patient_assistance", r"\bpatient assistance\b|\bfree (?:drug|medication|medicine)\b"),
            ("transportation", r"\btransportation\b|\brides? to\b|\bfree rides?\b|\brideshare\b"),
            ("specialty_pharmacy_coordination", r"\bspecialty pharmac(?:y|ies)\b"),
            ("foundation_referral", r"\bfoundations?\b|\bcharit(?:y|ies|able)\b|\bindependent (?:non-?profit|organization)s?\b"),
        ]),
        commitments: b.named(&[
            ("welcome_call", r"\bwelcome call\b|\bwill call (?:you )?within\b|\bcalls? (?:you )?within\b|\b(?:calls?|contacts?|reach(?:es)? out to) (?:you|the patient|your patients?|patients)\b|\bcall you back\b|\bhear from (?:us|your)\b|\bcallback\b"),
            ("time_to_therapy", r"\bstart(?:ed|ing)? (?:on )?(?:your )?(?:therapy|treatment)\b|\bon therapy\b|\bfirst (?:dose|shipment|fill|infusion)\b|\bmedication in hand\b|\btime to (?:first |therapy|treatment)"),
            ("response_time", r"\brespon(?:d|se|ses)\b|\brepl(?:y|ies)\b|\banswer(?:s|ed)? (?:your )?(?:email|message)s?\b|\bget back to you\b"),
        ]),
        people: b.re(r"\bsupport\b|\bhelp\w*\b|\bassist\w*\b|\bspeak\b|\btalk\b|\banswer\w*\b|\bspecialists?\b|\bteam\b|\bcounselors?\b|\bexperts?\b|\bstaff\w*\b|\bsomeone\b|\bperson\b|\bpeople\b|\brepresentatives?\b|\blive\b|\bagents?\b|\bcoach\w*\b|\breal\b|\bhuman\b|\bguid\w*\b|\bequipo\b|\bespecialistas?\b|\bayud\w*\b|\bhabl\w+\b|\batiend\w*\b|\bpersonal\b"),
        self_service: b.re(r"\b(?:virtual|chat|digital|automated|AI) assistants?\b|\bchat ?bot\b|\bautomated\b|\bself[- ]service\b|\bresources?\b|\binformation\b|\btools?\b|\blibrary\b|\btrack\w*\b|\blog\b|\brecord\b|\bdownload\w*\b|\bwatch\b|\bvideos\b|\barticles?\b|\bon-?demand\b"),
        negation: b.re(r"\b(?:not|never|no longer|isn'?t|aren'?t|doesn'?t|don'?t|won'?t|cannot|can'?t|unable|without|neither|nor)\b|\bno\b"),
        negation_after: b.re(r"^\W*(?:\w+\W+){0,3}?(?:(?:is|are|was|will be)\s+(?:not|never|no longer)\b|not (?:offered|available|provided|included|supported)\b|unavailable\b|none\b|n/a\b)"),
        hypothetical: b.re(r"\b(?:if|unless|whether|in case|should you|in the event)\b"),
        question: b.re(r"\?\s*[\*†‡§¶]*\s*$"),
        hedge: b.re(r"\b(?:normally|usually|typically|generally|approximately|about|around|often|in most cases|may|might|aim to|strive to|try to|as soon as possible|estimated)\b"),
        third_party: b.re(r"\b(?:your (?:doctor|physician|pharmacy|insurer|health plan|plan|insurance company|provider)|the (?:specialty )?pharmacy|independent (?:charitable )?foundations?|third[- ]part(?:y|ies)|your healthcare provider|su (?:médico|doctor|doctora|farmacia|aseguradora|plan de salud|proveedor de atención médica))\b"),
        first_person: b.re(r"\b(?:we|we'(?:ll|re|ve)|us|our|ours|nosotros|nuestr[oa]s?|ll[aá]menos|cont[aá]ctenos|escr[ií]banos)\b"),
        study: b.re(r"\bclinical (?:stud(?:y|ies)|trials?)\b|\b(?:in|during|from) (?:a |the |our |this |these |two |2 )?(?:\w+ )?(?:stud(?:y|ies)|trials?)\b|\bstudy (?:participants|patients|subjects)\b"),
        drug_effect: b.re(r"\bstarts? (?:to )?work(?:ing)?\b|\bsee (?:full |the |any )?(?:results|improvement)\b|\byou may (?:notice|feel|experience)\b"),
        marker: b.gated(r"\[\^[^\]\s]+\]|[\*†‡§¶]+|[¹²³⁴⁵⁶⁷⁸⁹⁰]+", false),
        inline_qualifier: b.re(r"\beligib\w*\b|\brestrictions? (?:may )?apply\b|\bterms and conditions\b|\bsubject to\b|\bnot all patients\b|\bmay vary\b|\bwhere available\b|\blimitations? apply\b|\bqualifying\b|\bcommercial(?:ly)? insur\w*\b|\bnot valid\b|\bmaximum\b|\blimits? apply\b|\bcaps? (?:may )?apply\b|\bexclud\w*\b|\bduring business hours\b|\bbusiness hours\b|\b(?:Mon|Monday)\w*\s*(?:-|–|—|to|through)\s*(?:Fri|Friday)\b|\bafter[- ]hours?\b|\bvoicemail\b"),
        clause_break: b.gated(r"[,;:—–()]|\s-\s|\bbut\b|\band\b|\bor\b|\bso\b|\bwhile\b|\bthen\b", false),
        money: b.gated(r"\$\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{2}))?", false),
        per_unit: b.re(r"\b(?:per|a|each|every|/)\s*(?:calendar\s+)?(fill|refill|prescription|dose|month|mo|infusion|year|yr|injection|shipment)\b"),
        duration: b.re(r"\b(\d+|one|two|three|four|five|six|seven|ten|twelve|fourteen|twenty-four|forty-eight|seventy-two)[- ](business[- ]|working[- ]|calendar[- ])?(hours?|days?|weeks?|months?)\b"),
        languages: [
            ("en", r"\benglish\b"),
            ("es", r"\bspanish\b|\bespañol\b|\bhispanohablantes?\b"),
            ("zh", r"\bchinese\b|\bmandarin\b|\bcantonese\b"),
            ("vi", r"\bvietnamese\b|\bti[eế]ng vi[eệ]t\b"),
            ("ko", r"\bkorean\b"),
            ("tl", r"\btagalog\b|\bfilipino\b"),
            ("ru", r"\brussian\b"),
            ("ar", r"\barabic\b"),
            ("fr", r"\bfrench\b"),
            ("ht", r"\bhaitian creole\b|\bcreole\b"),
            ("pt", r"\bportuguese\b"),
            ("pl", r"\bpolish\b"),
            ("hi", r"\bhindi\b"),
            ("ja", r"\bjapanese\b"),
            ("de", r"\bgerman\b"),
            ("it", r"\bitalian\b"),
        ]
        .into_iter()
        .map(|(code, p)| (code, b.re(p)))
        .collect(),
        gate: Prefilter::new(&[]),
    };
    lexicon.gate = Prefilter::new(&b.literals);
    lexicon
}

/// A named thing found in a sentence, with its position in the sentence text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub name: String,
    pub at: Range<usize>,
}

fn find_named(list: &[Named], at: &Scanned, text: &str) -> Vec<Mention> {
    let mut out = Vec::new();
    for n in list {
        for m in n.pattern.find_iter(at, text) {
            out.push(Mention {
                name: n.name.to_string(),
                at: m,
            });
        }
    }
    out.sort_by_key(|m| m.at.start);
    out
}

/// Orders mentions by distance to the promise span, nearest first, without duplicates.
pub fn nearest(mut mentions: Vec<Mention>, span: &Range<usize>) -> Vec<String> {
    // What follows a phrase is less often its subject than what precedes it ("Call
    // 1-800-… (Mon–Fri, 8–8) or text HELP"), so distances after it count triple.
    let distance = |m: &Mention| {
        if m.at.end <= span.start {
            span.start - m.at.end
        } else {
            m.at.start.saturating_sub(span.end) * 3
        }
    };
    mentions.sort_by_key(|m| (distance(m), m.at.start));
    let mut names: Vec<String> = Vec::new();
    for m in mentions {
        if !names.contains(&m.name) {
            names.push(m.name);
        }
    }
    names
}

impl Lexicon {
    /// Every gated pattern.
    fn patterns(&self) -> impl Iterator<Item = &Gated> {
        [
            &self.people,
            &self.self_service,
            &self.negation,
            &self.negation_after,
            &self.hypothetical,
            &self.question,
            &self.hedge,
            &self.third_party,
            &self.first_person,
            &self.study,
            &self.drug_effect,
            &self.marker,
            &self.inline_qualifier,
            &self.clause_break,
            &self.money,
            &self.per_unit,
            &self.duration,
        ]
        .into_iter()
        .chain(
            [
                &self.channels,
                &self.roles,
                &self.services,
                &self.commitments,
            ]
            .into_iter()
            .flatten()
            .map(|n| &n.pattern),
        )
        .chain(self.languages.iter().map(|(_, g)| g))
    }

    /// Builds, on every core, the patterns whose literals occur in `sentences` and that are
    /// not built yet (see `RulePack::prepare`).
    /// Builds the gate's fast automaton now (see [`Prefilter::build_fast`]).
    pub fn build_fast(&self) {
        self.gate.build_fast();
    }

    pub fn prepare<'s>(&self, sentences: impl Iterator<Item = &'s str>) {
        // Apart for ASCII sentences and the others: each kind has its own engines.
        let (mut ascii, mut other) = (Bits::default(), Bits::default());
        for sentence in sentences {
            let open = if sentence.is_ascii() {
                &mut ascii
            } else {
                &mut other
            };
            open.union(&self.gate.candidates(sentence));
        }
        crate::rules::matcher::build_all(self.patterns().flat_map(|g| {
            [(true, &ascii), (false, &other)]
                .into_iter()
                .filter(|(_, open)| open.contains(g.slot))
                .map(|(is_ascii, _)| (&g.regex, is_ascii))
        }));
    }

    /// Finds which patterns could match in `text`, once, for every question asked of it.
    pub fn scan<'a>(&self, text: &'a str) -> Scanned<'a> {
        Scanned {
            text,
            open: self.gate.candidates(text),
            clause_breaks: std::cell::OnceCell::new(),
        }
    }

    pub fn channels(&self, s: &Scanned) -> Vec<Mention> {
        find_named(&self.channels, s, s.text)
    }

    /// Roles by their generic names and by the program's own titles.
    pub fn roles(&self, s: &Scanned, titles: &super::titles::Titles) -> Vec<Mention> {
        let mut out = find_named(&self.roles, s, s.text);
        out.extend(titles.find(s.text).into_iter().map(|(role, at)| Mention {
            name: role.to_string(),
            at,
        }));
        out.sort_by_key(|m| m.at.start);
        out
    }

    pub fn services(&self, s: &Scanned) -> Vec<Mention> {
        find_named(&self.services, s, s.text)
    }

    pub fn commitments(&self, s: &Scanned) -> Vec<Mention> {
        find_named(&self.commitments, s, s.text)
    }

    /// About people helping, not self-service resources ("24/7 access to videos").
    pub fn about_people(&self, s: &Scanned) -> bool {
        self.people.is_match(s, s.text) && !self.self_service.is_match(s, s.text)
    }

    pub fn is_question(&self, s: &Scanned) -> bool {
        self.question.is_match(s, s.text)
    }

    pub fn hedged(&self, s: &Scanned) -> bool {
        self.hedge.is_match(s, s.text)
    }

    pub fn third_party(&self, s: &Scanned) -> bool {
        self.third_party.is_match(s, s.text)
    }

    /// Someone else is the subject: a third party named before the phrase, with no "we",
    /// "us" or "our" before it ("Talk to your doctor any time"; not "Call us any time about
    /// your plan", nor "Ask your doctor, or call us 24/7").
    pub fn third_party_subject(&self, s: &Scanned, span: &Range<usize>) -> bool {
        let before = &s.text[..span.start];
        self.third_party.is_match(s, before) && !self.first_person.is_match(s, before)
    }

    /// The sentence is about what the medicine does ("starts working in as little as 1
    /// week", "within 24 hours of your first injection, you may notice redness"): its
    /// times are the body's, not the program's turnarounds.
    pub fn describes_drug_effect(&self, s: &Scanned) -> bool {
        self.drug_effect.is_match(s, s.text)
    }

    /// The sentence reports a study ("In clinical trials, patients saw results within 2
    /// weeks"): what happened there, not what the program offers.
    pub fn reports_a_study(&self, s: &Scanned) -> bool {
        self.study.is_match(s, s.text)
    }

    /// The clause around `span`: from the last clause break before it to the first after.
    pub fn clause(&self, s: &Scanned, span: &Range<usize>) -> Range<usize> {
        let mut start = 0;
        let mut end = s.text.len();
        let breaks = s
            .clause_breaks
            .get_or_init(|| self.clause_break.find_iter(s, s.text));
        for m in breaks {
            if m.end <= span.start {
                start = m.end;
            } else if m.start >= span.end {
                end = m.start;
                break;
            }
        }
        start..end
    }

    /// Negated: a negation cue in the same clause shortly before the promise phrase
    /// ("is not available 24/7", "we don't offer in-home visits"), not inside the phrase
    /// itself ("no cost", "no matter your insurance").
    pub fn negated(&self, s: &Scanned, span: &Range<usize>) -> bool {
        let sentence = s.text;
        let clause = self.clause(s, span);
        let before = &sentence[clause.start..span.start];
        let words_before = before.split_whitespace().count();
        self.negation.find_iter(s, before).into_iter().any(|m| {
            // Only the last few words before the phrase: a negation further back governs
            // something else ("Don't wait: ...").
            let after_cue = before[m.end..].split_whitespace().count();
            after_cue <= 6 && words_before > 0
        }) || {
            // "24/7 support is not available", "Live chat: not offered" — the cue follows
            // the phrase closely (a label's colon does not end the thought).
            let mut end = (span.end + 40).min(sentence.len());
            while !sentence.is_char_boundary(end) {
                end -= 1;
            }
            self.negation_after.is_match(s, &sentence[span.end..end])
        }
    }

    /// Hypothetical: the phrase sits inside an `if`/`unless` clause, so it states a
    /// condition, not a commitment ("if you need help at night, ...").
    pub fn hypothetical(&self, s: &Scanned, span: &Range<usize>) -> bool {
        let sentence = s.text;
        let clause = self.clause(s, span);
        // The conditional clause runs from the cue to the next comma.
        self.hypothetical
            .find_iter(s, sentence)
            .into_iter()
            .any(|m| {
                // "let you know if you qualify": an indirect question, not a condition.
                let lead = sentence[..m.start].trim_end().to_ascii_lowercase();
                let indirect = [
                    "know", "tell you", "see", "check", "ask", "find out", "confirm", "whether",
                ]
                .iter()
                .any(|w| lead.ends_with(w));
                !indirect && m.start <= span.start && {
                    let rest = &sentence[m.start..];
                    let cond_end = m.start + rest.find([',', ';', '—']).unwrap_or(rest.len());
                    span.start < cond_end && clause.start <= m.start.max(clause.start)
                }
            })
    }
}

/// Parses a spelled or written number ("two", "48").
pub fn number(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    Some(match w.as_str() {
        "one" | "a" | "an" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "twelve" => 12,
        "fourteen" => 14,
        "twenty-four" => 24,
        "forty-eight" => 48,
        "seventy-two" => 72,
        _ => return w.parse().ok(),
    })
}

/// Money in whole cents from a `money` match (`$1,500.00` → 150000).
pub fn cents(text: &str) -> Option<u64> {
    let caps = lexicon().money.regex.captures(text)?;
    let dollars: u64 = text[caps[1].clone()?].replace(',', "").parse().ok()?;
    let cents: u64 = caps[2].clone().map_or(Ok(0), |c| text[c].parse()).ok()?;
    Some(dollars * 100 + cents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negation_in_same_clause_only() {
        let lx = lexicon();
        let negated = |s: &str, phrase: &str| {
            let at = s.find(phrase).unwrap();
            lx.negated(&lx.scan(s), &(at..at + phrase.len()))
        };
        assert!(negated("Our nurses are not available 24/7.", "24/7"));
        assert!(!negated("Don't wait, call us 24/7.", "24/7"));
        assert!(!negated("Pay no cost for your first fill.", "no cost"));
        assert!(negated(
            "24/7 support is not available through this program.",
            "24/7"
        ));
    }

    #[test]
    fn conditional_clause_is_hypothetical() {
        let lx = lexicon();
        let hypothetical = |s: &str| {
            let at = s.find("24/7").unwrap();
            lx.hypothetical(&lx.scan(s), &(at..at + 4))
        };
        assert!(hypothetical("If you need help 24/7, call 911."));
        assert!(!hypothetical("If you have questions, call us 24/7."));
    }

    #[test]
    fn money_in_cents() {
        assert_eq!(cents("$0"), Some(0));
        assert_eq!(cents("$15,000"), Some(1_500_000));
        assert_eq!(cents("$4.99"), Some(499));
    }
}

#[cfg(test)]
mod gate_tests {
    use super::*;

    /// Every lexicon pattern that matches a line of the example copy has its gate open.
    #[test]
    fn the_gate_never_hides_a_match() {
        let lx = lexicon();
        let mut patterns: Vec<&Gated> = Vec::new();
        for list in [&lx.channels, &lx.roles, &lx.services, &lx.commitments] {
            patterns.extend(list.iter().map(|n| &n.pattern));
        }
        patterns.extend([
            &lx.people,
            &lx.self_service,
            &lx.negation,
            &lx.negation_after,
            &lx.hypothetical,
            &lx.question,
            &lx.hedge,
            &lx.third_party,
            &lx.first_person,
            &lx.study,
            &lx.drug_effect,
            &lx.marker,
            &lx.inline_qualifier,
            &lx.clause_break,
            &lx.money,
            &lx.per_unit,
            &lx.duration,
        ]);
        patterns.extend(lx.languages.iter().map(|(_, p)| p));
        let copy = [
            include_str!("../../examples/carebridge/copy/dtc/faq.md"),
            include_str!("../../examples/carebridge/copy/dtc/landing-page.html"),
            include_str!("../../examples/carebridge/copy/hcp/detail-aid.md"),
            include_str!("../../examples/carebridge/copy/dtc/sms-scripts.txt"),
            include_str!("../../tests/eval/savings/copy/es/ahorros.html"),
        ];
        let mut matched = 0;
        for line in copy.iter().flat_map(|c| c.lines()) {
            let at = lx.scan(line);
            for p in &patterns {
                if p.regex.is_match(line) {
                    matched += 1;
                    assert!(
                        at.open(p.slot),
                        "{:?} matches {line:?} behind a closed gate",
                        p.regex
                    );
                }
            }
        }
        assert!(matched > 200, "only {matched} matches checked");
    }
}
