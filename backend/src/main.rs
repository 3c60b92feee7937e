//! The `khuyenhoc` binary: parses the command line and hands over to the library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    backend::cli::main(backend::cli::Cli::parse())
}
