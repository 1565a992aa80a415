//! The grievance binary: parse flags, build the analyser, run, map the outcome to an exit code.
//!
//! Exit codes: 0 every record analysed; 1 some records failed (each reported); 2 usage error or
//! a fatal error (bad lexicon, unwritable output).

mod cli;

use clap::Parser;
use cli::{Cli, ColorArg, Command, InputFormatArg, LexiconCommand, OutputFormat, ValenceFormatArg};
use grievance::Analyzer;
use grievance::input::{InputFormat, InputOptions};
use grievance::lexicon::{Lexicons, ValenceFormat};
use grievance::output::{Format, sink};
use grievance::run::{RunOptions, run};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Analyze(args) => analyze(args),
        Command::Lexicon(LexiconCommand::Check { dir }) => check(dir.as_deref()),
    }
}

fn fatal(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("grievance: {msg}");
    ExitCode::from(2)
}

fn check(dir: Option<&std::path::Path>) -> ExitCode {
    match Lexicons::check(dir) {
        Ok((count, problems)) if problems.is_empty() => {
            println!("{count} entries, no problems");
            ExitCode::SUCCESS
        }
        Ok((_, problems)) => {
            for p in &problems {
                println!("{p}");
            }
            eprintln!("{} problem(s)", problems.len());
            ExitCode::from(1)
        }
        Err(e) => fatal(e),
    }
}

fn analyze(args: Box<cli::AnalyzeArgs>) -> ExitCode {
    let mut valence = Vec::new();
    for path in &args.valence {
        let format = match args.valence_format {
            ValenceFormatArg::Vader => ValenceFormat::Vader,
            ValenceFormatArg::Afinn => ValenceFormat::Afinn,
            ValenceFormatArg::Auto => match std::fs::read_to_string(path) {
                Ok(t) => ValenceFormat::detect(&t),
                Err(e) => return fatal(format!("{}: {e}", path.display())),
            },
        };
        valence.push((path.clone(), format));
    }
    let lex = match Lexicons::load(args.lexicons.as_deref(), &valence) {
        Ok(l) => l,
        Err(e) => return fatal(format!("lexicons:\n{e}")),
    };
    let analyzer = Analyzer::new(lex);
    let opts = RunOptions {
        input: InputOptions {
            format: match args.input_format {
                InputFormatArg::Auto => InputFormat::Auto,
                InputFormatArg::Text => InputFormat::Text,
                InputFormatArg::Csv => InputFormat::Csv,
                InputFormatArg::Jsonl => InputFormat::Jsonl,
                InputFormatArg::Transcript => InputFormat::Transcript,
            },
            text_field: args.text_field.clone(),
            id_field: args.id_field.clone(),
            agents: args.agent.clone(),
            customers: args.customer.clone(),
        },
        jobs: args.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
        date_field: args.date_field.clone(),
    };
    let format = match args.format {
        OutputFormat::Jsonl => Format::Jsonl,
        OutputFormat::Csv => Format::Csv,
        OutputFormat::Text => Format::Text,
        OutputFormat::Html => Format::Html,
    };
    let show_progress = std::io::stderr().is_terminal();
    let started = std::time::Instant::now();
    let progress = |c: &grievance::run::Counts| {
        if show_progress {
            let secs = started.elapsed().as_secs_f64().max(1e-6);
            eprint!("\r{} cases, {:.0} cases/s ", c.read, c.read as f64 / secs);
        }
    };
    let result = match &args.output {
        Some(path) => {
            let color = args.color == ColorArg::Always;
            let tmp = path.with_file_name(format!(
                ".{}.tmp-{}",
                path.file_name().map_or("out".into(), |n| n.to_string_lossy()),
                std::process::id()
            ));
            let file = match std::fs::File::create(&tmp) {
                Ok(f) => f,
                Err(e) => return fatal(format!("{}: cannot write: {e}", path.display())),
            };
            let mut s = sink(format, std::io::BufWriter::new(file), color);
            let r = run(&args.inputs, &opts, &analyzer, s.as_mut(), progress);
            drop(s);
            // Rename only a complete file, so a failed run never leaves a half-written report.
            match r {
                Ok(c) => std::fs::rename(&tmp, path).map(|_| c),
                Err(e) => {
                    let _ = std::fs::remove_file(&tmp);
                    Err(e)
                }
            }
        }
        None => {
            let stdout = std::io::stdout();
            let color = match args.color {
                ColorArg::Always => true,
                ColorArg::Never => false,
                ColorArg::Auto => stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            };
            let mut s = sink(format, std::io::BufWriter::new(stdout.lock()), color);
            run(&args.inputs, &opts, &analyzer, s.as_mut(), progress)
        }
    };
    if show_progress {
        eprint!("\r");
    }
    match result {
        Ok(c) => {
            eprintln!(
                "grievance: {} read, {} analysed, {} failed ({:.1}s)",
                c.read,
                c.analysed,
                c.failed,
                started.elapsed().as_secs_f64()
            );
            let _ = std::io::stderr().flush();
            if c.failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
        }
        // A closed pipe (`| head`) is the reader's choice, not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => fatal(format!("output: {e}")),
    }
}
