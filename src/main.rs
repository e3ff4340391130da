#![allow(clippy::result_large_err)]
//! The `vouch` command line: parses flags, resolves config, runs the engine, writes output,
//! and turns the outcome into the SPEC's exit codes (0 clean, 1 findings, 2 untrusted run).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use codespan_reporting::term::termcolor::{BufferedStandardStream, ColorChoice, WriteColor};

use vouch::check::{Engine, FileReport, Finding, Keep, Settings};
use vouch::config::{self, Loaded};
use vouch::diag::SourceError;
use vouch::inputs::{self, Selection};
use vouch::manifest::Manifest;
use vouch::model::{FailOn, Severity, Verdict};
use vouch::output::{self, Format, Summary};
use vouch::rules::{RulePack, RuleVars};
use vouch::verdicts::Policy;
use vouch::{baseline, ruletest};

#[derive(Parser)]
#[command(
    name = "vouch",
    version,
    about = "Checks that marketing copy only promises what the patient support program delivers"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Find promises the program cannot keep (default PATH: .)
    Check(RunArgs),
    /// List every promise found, kept or not, with its verdict
    Claims(RunArgs),
    /// The council report: every promise, kept or broken, per audience and capability
    Report(ReportArgs),
    /// List the rules; `vouch rules test [DIR]` runs every rule's examples
    Rules {
        #[command(subcommand)]
        action: Option<RulesAction>,
        /// Also list the phrasings of each rule (one regex per line)
        #[arg(long)]
        patterns: bool,
    },
    /// What a rule looks for, why it matters, how to fix it
    Explain { rule: String },
    /// Validate a manifest and print what it declares
    Manifest {
        #[command(subcommand)]
        action: ManifestAction,
    },
    /// Write a starter vouch.toml and psp.toml (never overwrites)
    Init {
        /// Folder to write them in
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Internal: reads one PDF's text for a parent vouch (see office::pdf::isolate_with)
    #[command(name = "__pdf-text", hide = true)]
    PdfText { file: PathBuf },
}

#[derive(Subcommand)]
enum RulesAction {
    /// Run every rule's examples (built-in, or the rule files in DIR)
    Test { dir: Option<PathBuf> },
}

#[derive(Subcommand)]
enum ManifestAction {
    /// Validate a manifest (default: the configured one, or ./psp.toml)
    Check {
        file: Option<PathBuf>,
        #[arg(long)]
        config: Option<PathBuf>,
    },
}

#[derive(Args, Clone)]
struct RunArgs {
    #[command(flatten)]
    common: CommonArgs,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Args, Clone)]
struct ReportArgs {
    #[command(flatten)]
    common: CommonArgs,
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    format: ReportFormat,
}

/// The flags `check`, `claims` and `report` share.
#[derive(Args, Clone)]
struct CommonArgs {
    /// Files or folders of copy
    paths: Vec<PathBuf>,
    /// The capability manifest (default: from vouch.toml, else ./psp.toml)
    #[arg(long)]
    manifest: Option<PathBuf>,
    /// The project config (default: the nearest vouch.toml at or above the working directory)
    #[arg(long)]
    config: Option<PathBuf>,
    /// Exit 1 on findings at or above this severity
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Only files for this audience
    #[arg(long)]
    audience: Option<String>,
    /// Report only findings not recorded in this baseline
    #[arg(long)]
    baseline: Option<PathBuf>,
    /// Record today's findings as the baseline
    #[arg(long)]
    write_baseline: Option<PathBuf>,
    /// Only these rules or categories (repeatable, or comma-separated)
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// Skip these rules or categories (repeatable, or comma-separated)
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Worker threads (default: one per core)
    #[arg(short = 'j', long)]
    jobs: Option<usize>,
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
    /// Print only the summary line
    #[arg(short, long)]
    quiet: bool,
    /// Write the chosen format to FILE; human diagnostics still go to the terminal
    #[arg(short, long)]
    output: Option<PathBuf>,
}

/// Formats of `vouch report`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ReportFormat {
    Html,
    Markdown,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // Help and version are successes; every other parse problem is a broken run.
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(errors) => {
            // Buffered: an error is dozens of small writes, and a broken manifest can have
            // thousands of errors.
            let mut stderr = BufferedStandardStream::stderr(color_choice(ColorArg::Auto, false));
            let _ = SourceError::render_all(&errors, &mut stderr);
            let _ = writeln!(
                stderr,
                "vouch: the run could not be trusted ({} error{})",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            );
            let _ = stderr.flush();
            ExitCode::from(2)
        }
    }
}

type Outcome = Result<u8, Vec<SourceError>>;

fn run(cli: Cli) -> Outcome {
    // PDFs are parsed in a child vouch: a PDF that hangs or crashes the parser costs that
    // file, not the run.
    if !matches!(cli.command, Command::PdfText { .. }) {
        if let Ok(exe) = std::env::current_exe() {
            vouch::office::pdf::isolate_with(exe);
        }
    }
    match cli.command {
        Command::PdfText { file } => {
            let mut out = std::io::stdout().lock();
            // The parent reads the answer; a lost pipe means it has gone.
            Ok(
                match vouch::office::pdf::print_pages_text(&file, &mut out) {
                    Ok(()) => 0,
                    Err(_) => 2,
                },
            )
        }
        Command::Check(args) => check(args, false),
        Command::Claims(args) => check(args, true),
        Command::Report(args) => report(args),
        Command::Rules {
            action: None,
            patterns,
        } => list_rules(patterns),
        Command::Rules {
            action: Some(RulesAction::Test { dir }),
            ..
        } => ruletest::run(dir.as_deref(), &mut std::io::stdout()),
        Command::Explain { rule } => explain(&rule),
        Command::Manifest {
            action: ManifestAction::Check { file, config },
        } => manifest_check(file, config),
        Command::Init { dir } => init(&dir),
    }
}

/// A machine-readable output or report lost on stdout (a full disk behind `>`) fails the
/// run: a truncated SARIF file must not pass a gate. A closed pipe (`vouch … | head`) is
/// the reader's choice, not the run's failure.
fn stdout_failed(e: std::io::Error) -> Result<(), Vec<SourceError>> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return Ok(());
    }
    Err(vec![SourceError::new(
        "standard output",
        "",
        format!("cannot write to standard output: {e}"),
    )])
}

/// Writing the `-o` file failed: an error, unless it is a pipe whose reader stopped
/// reading (`-o /dev/stdout | head`), which is no more an error there than on stdout.
fn output_failed(path: &Path, e: std::io::Error) -> Result<(), Vec<SourceError>> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return Ok(());
    }
    Err(cannot_write(path, e))
}

fn cannot_write(path: &Path, e: std::io::Error) -> Vec<SourceError> {
    vec![SourceError::new(
        path.display().to_string(),
        "",
        format!("cannot write: {e}"),
    )]
}

fn cannot_spool(e: output::junit::SpoolError) -> Vec<SourceError> {
    vec![SourceError::new(
        e.dir.display().to_string(),
        "",
        format!(
            "cannot spool the JUnit test cases to a temporary file: {}",
            e.error
        ),
    )]
}

fn cwd() -> PathBuf {
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
}

/// The manifest path: the flag, else vouch.toml's `manifest`, else psp.toml beside it.
fn manifest_path(flag: Option<PathBuf>, loaded: &Loaded) -> PathBuf {
    flag.unwrap_or_else(|| match &loaded.config.manifest {
        Some(name) => loaded.root.join(name),
        // Without a vouch.toml, the manifest is psp.toml beside the config, else ./psp.toml.
        None if loaded.path.is_some() => loaded.root.join("psp.toml"),
        None => PathBuf::from("psp.toml"),
    })
}

/// A path under the working directory, shown relative to it ("psp.toml", not
/// "/home/me/brand/psp.toml"), so output is the same on every machine.
fn relative_to_cwd(path: &Path) -> PathBuf {
    let here = cwd();
    match path.strip_prefix(&here) {
        Ok(rest) if rest.as_os_str().is_empty() => PathBuf::from("."),
        Ok(rest) => rest.to_path_buf(),
        Err(_) => path.to_path_buf(),
    }
}

fn shown(path: &Path) -> PathBuf {
    match path.strip_prefix("./") {
        Ok(rest) if !rest.as_os_str().is_empty() => rest.to_path_buf(),
        _ => path.to_path_buf(),
    }
}

/// Everything a run needs, resolved from flags, vouch.toml and psp.toml.
struct Setup {
    loaded: Loaded,
    engine: Engine,
    files: Vec<inputs::InputFile>,
    input_errors: Vec<SourceError>,
    fail_on: FailOn,
}

/// Resolves config, manifest, rules and inputs the same way for `check`, `claims` and `report`.
fn setup(args: &CommonArgs) -> Result<Setup, Vec<SourceError>> {
    // One pool both loads the rules and checks the copy: a second pool's idle workers
    // would spin against the first's on a small machine.
    if let Some(jobs) = args.jobs {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .build_global();
    }
    // The mention lexicon does not depend on the manifest: built on another core while
    // the config, manifest and rules load, instead of when the first promise needs it.
    rayon::spawn(|| {
        vouch::promises::mentions::lexicon();
    });
    // Like ruff, the config is found from the copy being checked, else the working folder.
    let start = match args.paths.first() {
        Some(p) if p.is_dir() => p.clone(),
        // "page.md" has the parent "": the working folder.
        Some(p) => p
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(cwd),
        None => cwd(),
    };
    let start = std::fs::canonicalize(&start).unwrap_or(start);
    let mut loaded = config::load(args.config.as_deref(), &start)?;
    loaded.root = relative_to_cwd(&loaded.root);
    let cfg = &loaded.config;
    let manifest = Manifest::load(&shown(&manifest_path(args.manifest.clone(), &loaded)))?;
    let vars = RuleVars::from_manifest(&manifest);
    let pack = RulePack::load(
        &vouch::check::rule_dirs(&loaded.root, &cfg.rules.extra),
        &vars,
    )?;
    let origin = loaded
        .path
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "flags".into());

    // Selectors must name real rules: a typo would silently disable nothing.
    let mut errors = Vec::new();
    for sel in args
        .select
        .iter()
        .chain(&args.ignore)
        .chain(&cfg.rules.ignore)
        .chain(&cfg.rules.select)
        .chain(cfg.rules.severity.keys())
    {
        if !pack.knows(sel) {
            let mut e = SourceError::new(&origin, "", format!("unknown rule or category `{sel}`"));
            if let Some(s) = pack.suggest(sel) {
                e = e.help(format!("did you mean `{s}`?"));
            }
            errors.push(e);
        }
    }
    let globs =
        |patterns: &[String]| inputs::globset(patterns, &origin, &loaded.text).map_err(|e| vec![e]);
    let include = globs(&cfg.include)?;
    let exclude = globs(&cfg.exclude)?;
    let mut audiences = Vec::new();
    for (name, patterns) in &cfg.audiences {
        audiences.push((name.clone(), globs(patterns)?));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let settings = Settings {
        policy: Policy {
            dedicated_max_caseload: cfg
                .policy
                .dedicated_max_caseload
                .unwrap_or(Policy::default().dedicated_max_caseload),
        },
        unverifiable: cfg.policy.unverifiable.unwrap_or(Severity::Warning),
        severity: cfg.rules.severity.clone(),
        ignore: cfg
            .rules
            .ignore
            .iter()
            .chain(&args.ignore)
            .cloned()
            .collect(),
        select: if args.select.is_empty() {
            cfg.rules.select.clone()
        } else {
            args.select.clone()
        },
        audiences,
        only_audience: args.audience.clone(),
    };
    let fail_on = args.fail_on.or(cfg.fail_on).unwrap_or(FailOn::Error);
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let paths: Vec<PathBuf> = paths.iter().map(|p| shown(p)).collect();
    let selection = Selection {
        root: &loaded.root,
        include: &include,
        exclude: &exclude,
    };
    let (files, input_errors) = inputs::collect(&paths, &selection);
    let engine = Engine::new(manifest, pack, settings);
    Ok(Setup {
        loaded,
        engine,
        files,
        input_errors,
        fail_on,
    })
}

/// `vouch check` and `vouch claims`. Files are checked and written out a window at a time,
/// so memory stays flat however large the corpus; only counts and baseline matches outlive a
/// file (JUnit's test cases wait in a scratch file).
fn check(run_args: RunArgs, as_claims: bool) -> Outcome {
    let args = &run_args.common;
    let Setup {
        engine,
        files,
        mut input_errors,
        fail_on,
        ..
    } = setup(args)?;

    // Baselines compare fingerprints, so moved or re-worded surroundings do not matter.
    let baseline = match &args.baseline {
        Some(path) => Some(baseline::Matcher::new(&baseline::read(path)?)),
        None => None,
    };
    let recorder = match &args.write_baseline {
        Some(path) => Some(baseline::Recorder::create(path)?),
        None => None,
    };
    // An `-o` file (or JUnit's spool) that cannot be created is reported after the run,
    // which still writes the baseline; nothing else is printed.
    let mut unwritable = None;
    let dest = match (run_args.format, &args.output) {
        (Format::Human, _) => None,
        (_, Some(path)) => match vouch::AtomicFile::create(path) {
            Ok(file) => Some(Dest::File(file)),
            Err(e) => {
                unwritable = Some(cannot_write(path, e));
                None
            }
        },
        (_, None) => Some(Dest::Stdout(std::io::BufWriter::new(
            std::io::stdout().lock(),
        ))),
    };
    let machine = match dest.map(|dest| Machine::begin(run_args.format, dest, &engine, as_claims)) {
        Some(Ok(machine)) => machine,
        Some(Err(e)) => {
            unwritable = Some(e);
            None
        }
        None => None,
    };
    let to_terminal =
        unwritable.is_none() && (run_args.format == Format::Human || args.output.is_some());
    let mut out = Outputs {
        as_claims,
        quiet: args.quiet,
        fail_on,
        baseline,
        recorder,
        machine,
        terminal: to_terminal
            .then(|| BufferedStandardStream::stdout(color_choice(args.color, false))),
        summary: Summary::default(),
        hidden: 0,
        failed: false,
    };
    // Diagnostics are rendered where each file is checked, in parallel: the renderer
    // writes a character at a time, and on a large library it would hold up the thread
    // that writes everything out.
    let palette = match &out.terminal {
        Some(t) if t.supports_color() => output::human::Palette::Ansi,
        _ => output::human::Palette::Plain,
    };
    let keep = Keep {
        supported: as_claims,
        sources: false,
        diagnostics: (to_terminal && !args.quiet && !as_claims).then_some(palette),
    };
    // Reports arrive in path order (`inputs::collect` sorts), which the baseline's order
    // relies on; those of one path (a file named twice) are written together.
    debug_assert!(files.is_sorted_by_key(|f| &f.display));
    let mut group: Vec<FileReport> = Vec::new();
    engine.stream(&files, keep, args.jobs, |r| match r {
        Ok(report) => {
            if group.first().is_some_and(|g| g.path != report.path) {
                out.group(&std::mem::take(&mut group));
            }
            group.push(report);
        }
        Err(e) => input_errors.push(e),
    });
    out.group(&group);
    drop(group);

    let Outputs {
        baseline,
        recorder,
        machine,
        terminal,
        summary,
        hidden,
        failed,
        ..
    } = out;
    if let Some(recorder) = recorder {
        recorder.finish()?;
    }
    if let Some(error) = unwritable {
        return Err(error);
    }
    if let Some(machine) = machine {
        let written = machine.finish(summary)?.and_then(Dest::close);
        match (written, &args.output) {
            (Err(e), Some(path)) => output_failed(path, e)?,
            (Err(e), None) => stdout_failed(e)?,
            (Ok(()), _) => {}
        }
    }
    if let Some(mut terminal) = terminal {
        let mut line = summary.line();
        if hidden > 0 && !as_claims {
            line.push_str(&format!(
                "; {hidden} qualified by fine print not shown (vouch claims lists them)"
            ));
        }
        if let Some(baseline) = &baseline {
            let stale = baseline.stale();
            line.push_str(&format!(
                "; {stale} baseline entr{} no longer match",
                if stale == 1 { "y" } else { "ies" }
            ));
        }
        let _ = writeln!(terminal, "{line}");
        let _ = terminal.flush();
    }
    if !input_errors.is_empty() {
        return Err(input_errors);
    }
    Ok(if failed { 1 } else { 0 })
}

/// Everything `check` writes, fed one path's reports at a time.
struct Outputs {
    as_claims: bool,
    quiet: bool,
    fail_on: FailOn,
    baseline: Option<baseline::Matcher>,
    recorder: Option<baseline::Recorder>,
    machine: Option<Machine>,
    terminal: Option<BufferedStandardStream>,
    summary: Summary,
    /// Reported findings below the severities the terminal shows.
    hidden: usize,
    /// Whether a reported finding fails `--fail-on`.
    failed: bool,
}

impl Outputs {
    /// Writes the reports of one path.
    fn group(&mut self, reports: &[FileReport]) {
        let findings: Vec<&Finding> = reports.iter().flat_map(|r| r.findings()).collect();
        if let Some(recorder) = &mut self.recorder {
            recorder.group(&findings);
        }
        let mut kept = Vec::with_capacity(findings.len());
        // For each finding, in order: whether the terminal shows it.
        let mut shown = Vec::with_capacity(findings.len());
        for f in findings {
            if self.baseline.as_mut().is_some_and(|b| b.known(f)) {
                shown.push(false);
                continue;
            }
            self.summary.finding(f);
            self.hidden += usize::from(!on_terminal(self.fail_on, f.severity));
            self.failed |= self.fail_on.fails(f.severity);
            shown.push(on_terminal(self.fail_on, f.severity));
            kept.push(f);
        }
        for report in reports {
            self.summary.file(report);
        }
        let claims = || reports.iter().flat_map(|r| r.claims.iter());
        match &mut self.machine {
            Some(Machine::Json(json)) if self.as_claims => claims().for_each(|c| json.push(c)),
            Some(Machine::Json(json)) => kept.iter().for_each(|f| json.push(f)),
            Some(Machine::Sarif(sarif)) => kept.iter().for_each(|f| sarif.push(f)),
            Some(Machine::Github(out)) => {
                for f in &kept {
                    let _ = out.write_all(output::github::command(f).as_bytes());
                }
            }
            Some(Machine::Junit(_, suites)) => {
                for report in reports {
                    suites.file(&report.path, &kept, self.fail_on);
                }
            }
            None => {}
        }
        let Some(terminal) = &mut self.terminal else {
            return;
        };
        if self.quiet {
            return;
        }
        if self.as_claims {
            print_claims(terminal, claims());
            return;
        }
        // Rendered where each file was checked (`Keep::diagnostics`), in findings order.
        let mut shown = shown.into_iter();
        for report in reports {
            let mine: Vec<bool> = shown.by_ref().take(report.findings().count()).collect();
            debug_assert_eq!(report.diagnostics.len(), mine.len());
            for (rendered, show) in report.diagnostics.iter().zip(mine) {
                if show {
                    let _ = terminal.write_all(rendered);
                }
            }
        }
    }
}

/// Whether the terminal shows findings of this severity (info only when it fails).
fn on_terminal(fail_on: FailOn, s: Severity) -> bool {
    s >= Severity::Warning || fail_on.fails(s)
}

/// A machine-readable format being written.
enum Machine {
    Json(output::json::Stream<Dest>),
    Sarif(output::sarif::Stream<Dest>),
    Github(output::Sticky<Dest>),
    /// Its header counts failed files, so its test cases wait in a scratch file.
    Junit(Dest, output::junit::Suites),
}

impl Machine {
    /// Starts `format` on `dest`; `None` for the human format, which is no file format.
    fn begin(
        format: Format,
        dest: Dest,
        engine: &Engine,
        as_claims: bool,
    ) -> Result<Option<Machine>, Vec<SourceError>> {
        let manifest = &engine.manifest.path;
        Ok(Some(match format {
            Format::Json => Machine::Json(output::json::Stream::begin(dest, manifest, as_claims)),
            Format::Sarif => {
                Machine::Sarif(output::sarif::Stream::begin(dest, &engine.pack, manifest))
            }
            Format::Github => Machine::Github(output::Sticky::new(dest)),
            Format::Junit => {
                // Beside the `-o` file, which needs the room anyway; else the temp folder.
                let dir = match &dest {
                    Dest::File(file) => file.scratch_dir(),
                    Dest::Stdout(_) => std::env::temp_dir(),
                };
                let suites = output::junit::Suites::new(&dir).map_err(cannot_spool)?;
                Machine::Junit(dest, suites)
            }
            Format::Human => return Ok(None),
        }))
    }

    /// Writes what comes after the last file. `Ok` holds the destination, or its first write
    /// error; `Err` is a failure of the run itself (JUnit's spool), wherever the output goes.
    fn finish(self, summary: Summary) -> Result<std::io::Result<Dest>, Vec<SourceError>> {
        Ok(match self {
            Machine::Json(json) => json.finish(summary),
            Machine::Sarif(sarif) => sarif.finish(),
            Machine::Github(out) => out.finish(),
            Machine::Junit(mut dest, suites) => match suites.write(&mut dest) {
                Ok(()) => Ok(dest),
                Err(output::junit::Error::Output(e)) => Err(e),
                Err(output::junit::Error::Spool(e)) => return Err(cannot_spool(e)),
            },
        })
    }
}

/// Where a machine-readable format goes: stdout, or the `-o` file, which replaces the old
/// one only once complete.
enum Dest {
    Stdout(std::io::BufWriter<std::io::StdoutLock<'static>>),
    File(vouch::AtomicFile),
}

impl Dest {
    fn close(self) -> std::io::Result<()> {
        match self {
            Dest::Stdout(mut out) => out.flush(),
            Dest::File(file) => file.commit(),
        }
    }
}

impl Write for Dest {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Dest::Stdout(out) => out.write(buf),
            Dest::File(file) => file.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Dest::Stdout(out) => out.flush(),
            Dest::File(file) => file.flush(),
        }
    }
}

/// `vouch report`: the council report. Not a gate: exit 0 unless the run is untrusted.
/// Like `check`, files are checked a window at a time; each report is folded into the
/// ledger as it arrives and then dropped, so memory follows the distinct promises rather
/// than the corpus, and the report is written out as it is rendered.
fn report(report_args: ReportArgs) -> Outcome {
    let args = &report_args.common;
    let Setup {
        loaded,
        engine,
        files,
        mut input_errors,
        ..
    } = setup(args)?;
    // The ledger lists every promise, kept or not; it quotes no file text.
    let keep = Keep {
        supported: true,
        sources: false,
        diagnostics: None,
    };
    let options = vouch::report::Options {
        expected_enrollments: loaded.config.campaign.expected_enrollments,
        dedicated_max_caseload: engine.settings.policy.dedicated_max_caseload,
    };
    // --fail-on and --baseline are accepted so one command line serves every subcommand;
    // a report lists every promise and is not a gate. --write-baseline works as in check,
    // recorded one path at a time as files arrive, and is put in place only once the run
    // has been trusted; a baseline that cannot be written is reported after input errors.
    let mut recorder = args
        .write_baseline
        .as_deref()
        .map(baseline::Recorder::create);
    let record = |recorder: &mut baseline::Recorder, reports: &[FileReport]| {
        let findings: Vec<&Finding> = reports.iter().flat_map(|r| r.findings()).collect();
        recorder.group(&findings);
    };
    let mut builder = vouch::report::LedgerBuilder::new(&engine.manifest, options);
    // The reports of the path being recorded (a file named twice has two).
    let mut group: Vec<FileReport> = Vec::new();
    debug_assert!(files.is_sorted_by_key(|f| &f.display));
    engine.stream(&files, keep, args.jobs, |r| match r {
        Ok(report) => {
            builder.add(&report);
            if let Some(Ok(recorder)) = &mut recorder {
                if group.first().is_some_and(|g| g.path != report.path) {
                    record(recorder, &std::mem::take(&mut group));
                }
                group.push(report);
            }
        }
        Err(e) => input_errors.push(e),
    });
    if !input_errors.is_empty() {
        return Err(input_errors);
    }
    if let Some(recorder) = recorder {
        let mut recorder = recorder?;
        record(&mut recorder, &group);
        recorder.finish()?;
    }
    drop(group);
    let ledger = builder.finish();
    let render = match report_args.format {
        ReportFormat::Html => vouch::report::html::render_to,
        ReportFormat::Markdown => vouch::report::markdown::render_to,
    };
    match &args.output {
        Some(path) => {
            // Written beside the old file and renamed over it once complete.
            let mut file = vouch::AtomicFile::create(path).map_err(|e| cannot_write(path, e))?;
            if let Err(e) = render(&ledger, &mut file).and_then(|()| file.commit()) {
                output_failed(path, e)?;
            }
            if !args.quiet {
                let t = &ledger.totals;
                let mut err = std::io::stdout().lock();
                let _ = writeln!(
                    err,
                    "vouch: wrote {} ({} promises, {} distinct, {} broken)",
                    path.display(),
                    t.total(),
                    ledger.rows().count(),
                    t.broken()
                );
            }
        }
        None => {
            let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
            if let Err(e) = render(&ledger, &mut out).and_then(|()| out.flush()) {
                stdout_failed(e)?;
            }
        }
    }
    Ok(0)
}

fn print_claims<'a>(out: &mut dyn WriteColor, claims: impl IntoIterator<Item = &'a Finding>) {
    for c in claims {
        let verdict = match c.verdict {
            Verdict::Supported => "kept",
            Verdict::Unsupported => "BROKEN",
            Verdict::Qualified => "qualified",
            Verdict::Unverifiable => "unverifiable",
        };
        let _ = writeln!(
            out,
            "{}:{}:{}: {verdict:<12} {:<32} {:?} — {}",
            c.path, c.line, c.column, c.rule, c.text, c.message
        );
    }
}

fn color_choice(arg: ColorArg, _stderr: bool) -> ColorChoice {
    match arg {
        ColorArg::Always => ColorChoice::Always,
        ColorArg::Never => ColorChoice::Never,
        ColorArg::Auto => {
            use std::io::IsTerminal;
            if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
                || !std::io::stdout().is_terminal()
            {
                ColorChoice::Never
            } else {
                ColorChoice::Auto
            }
        }
    }
}

fn builtin_pack() -> Result<RulePack, Vec<SourceError>> {
    // Placeholders ({program_name}, {role_titles}) are filled from the reference manifest.
    let reference = Manifest::parse("reference-psp.toml", vouch::rules::REFERENCE_MANIFEST)?;
    RulePack::load(&[], &RuleVars::from_manifest(&reference))
}

fn list_rules(patterns: bool) -> Outcome {
    let pack = builtin_pack()?;
    let mut out = std::io::stdout().lock();
    for r in &pack.rules {
        if patterns {
            for p in &r.patterns {
                let _ = writeln!(out, "{}", p.as_str());
            }
        } else {
            let _ = writeln!(
                out,
                "{:<38} {:<16} {:<8} {}",
                r.id,
                r.category.as_str(),
                r.severity.as_str(),
                r.summary
            );
        }
    }
    if !patterns {
        for rule in vouch::suppress::RULES {
            let _ = writeln!(
                out,
                "{:<38} {:<16} {:<8} {}",
                rule.id, "suppression", "warning", rule.summary
            );
        }
        let _ = writeln!(
            out,
            "{:<38} {:<16} {:<8} {}",
            vouch::office::NO_TEXT_RULE,
            "input",
            "warning",
            vouch::office::NO_TEXT_SUMMARY
        );
    }
    Ok(0)
}

fn explain(id: &str) -> Outcome {
    if id == vouch::office::NO_TEXT_RULE {
        let _ = writeln!(
            std::io::stdout().lock(),
            "{id} (input, default severity warning)\n\n{}\n\n## Why it matters\n{}\n\n## How to fix it\n{}",
            vouch::office::NO_TEXT_SUMMARY,
            vouch::office::NO_TEXT_WHY,
            vouch::office::NO_TEXT_FIX
        );
        return Ok(0);
    }
    if let Some(rule) = vouch::suppress::RULES.iter().find(|r| r.id == id) {
        let _ = writeln!(
            std::io::stdout().lock(),
            "{id} (suppression, default severity warning)\n\n{}\n\n## Why it matters\n{}\n\n## How to fix it\n{}",
            rule.summary,
            rule.why,
            rule.fix
        );
        return Ok(0);
    }
    let pack = builtin_pack()?;
    let Some(rule) = pack.get(id) else {
        let mut e = SourceError::new("vouch explain", "", format!("no rule `{id}`"));
        if let Some(s) = pack.suggest(id) {
            e = e.help(format!("did you mean `{s}`?"));
        }
        return Err(vec![e]);
    };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{} ({}, default severity {})\n\n{}\n",
        rule.id,
        rule.category.as_str(),
        rule.severity.as_str(),
        rule.summary
    );
    let _ = writeln!(out, "## Why it matters\n{}\n", rule.why.trim());
    let _ = writeln!(out, "## How to fix it\n{}\n", rule.fix.trim());
    if !rule.examples.flag.is_empty() {
        let _ = writeln!(out, "## Flagged (against the reference manifest)");
        for e in &rule.examples.flag {
            let _ = writeln!(out, "  - {e}");
        }
        let _ = writeln!(out);
    }
    if !rule.examples.pass.is_empty() {
        let _ = writeln!(out, "## Not flagged");
        for e in &rule.examples.pass {
            let _ = writeln!(out, "  - {e}");
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(
        out,
        "## Scope\nvouch judges what copy promises about the patient support program. Claims about the \
         medicine itself (efficacy, safety, dosing) are out of scope: medical-legal review owns them."
    );
    Ok(0)
}

fn manifest_check(file: Option<PathBuf>, config: Option<PathBuf>) -> Outcome {
    let path = match file {
        Some(f) => f,
        None => manifest_path(None, &config::load(config.as_deref(), &cwd())?),
    };
    let manifest = Manifest::load(&shown(&path))?;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{} is valid\n\n{}", manifest.path, manifest.summary());
    Ok(0)
}

fn init(dir: &Path) -> Outcome {
    let mut out = std::io::stdout().lock();
    // `vouch init brand-copy` starts a new folder, like `cargo new`.
    std::fs::create_dir_all(dir).map_err(|e| {
        vec![SourceError::new(
            dir.display().to_string(),
            "",
            format!("cannot create folder: {e}"),
        )]
    })?;
    for (name, text) in [
        (config::FILE_NAME, config::STARTER_CONFIG),
        ("psp.toml", config::STARTER_MANIFEST),
    ] {
        let path = shown(&dir.join(name));
        if path.exists() {
            let _ = writeln!(out, "{} exists; left as it is", path.display());
            continue;
        }
        // create_new: never overwrite a file that appeared since the check above.
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| f.write_all(text.as_bytes()));
        match written {
            Ok(()) => {
                let _ = writeln!(out, "wrote {}", path.display());
            }
            Err(e) => {
                return Err(vec![SourceError::new(
                    path.display().to_string(),
                    "",
                    format!("cannot write: {e}"),
                )])
            }
        }
    }
    Ok(0)
}

/// A run allocates and frees small strings by the million (sentences, spans, findings), and
/// glibc's malloc and free were a sixth of its time. Without transparent huge pages: each
/// 2 MB page the kernel zeroes on first touch cost more than it saved, and doubled the RSS.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
