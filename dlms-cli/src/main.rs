//! `dlms`: a command-line tool for DLMS/COSEM (IEC 62056) messages.
//!
//! `dlms decode` reads HDLC frames, IEC 62056-47 wrapper PDUs or bare APDUs given as hex,
//! reassembles segmented frames and general-block-transfer blocks, unprotects ciphered
//! APDUs with the keys given, and prints them as a tree or as JSON. See the crate README
//! and `dlms decode --help`.

use std::io::Write as _;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod decode;
mod input;
mod unprotect;
mod values;

/// Decodes DLMS/COSEM frames and APDUs.
#[derive(Debug, Parser)]
#[command(name = "dlms", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Decode HDLC frames, wrapper PDUs or APDUs given as hex, unprotecting ciphered ones.
    #[command(after_help = decode::EXAMPLES)]
    Decode(decode::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Decode(args) => decode::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Whatever was printed so far goes out before the message.
            let _ = std::io::stdout().flush();
            eprintln!("dlms: {e:#}");
            ExitCode::FAILURE
        }
    }
}
