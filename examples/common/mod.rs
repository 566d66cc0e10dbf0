//! What the interoperability programs share: their exit codes and their command line.

use std::error::Error as StdError;
use std::process::ExitCode;

use serde_json::Value;

/// A result whose error is any error, with its message.
pub type BoxResult<T> = Result<T, Box<dyn StdError>>;

/// Runs `run` and turns its outcome into the exit code: 0 when every check passed, 1 when
/// some failed, 2 (with the message on stderr) when the program could not run.
pub fn exit_code(name: &str, run: fn() -> BoxResult<bool>) -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("{name}: {e}");
            ExitCode::from(2)
        }
    }
}

/// The command line `PEER.json [OURS.json]`: the peer's document, read, and the path to
/// write ours to, if given. `usage` is the message for any other command line.
pub fn peer_and_output(usage: &str) -> BoxResult<(Value, Option<String>)> {
    let mut args = std::env::args().skip(1);
    let (Some(peer), out, None) = (args.next(), args.next(), args.next()) else {
        return Err(usage.into());
    };
    let doc = serde_json::from_str(&std::fs::read_to_string(peer)?)?;
    Ok((doc, out))
}
