//! `devserver --addr 127.0.0.1:8080 [--dist dist] …`: see `--help`.

use std::process::ExitCode;

use clap::Parser;
use devserver::cli::Cli;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let cli = Cli::parse();
    let running = match devserver::spawn(cli.config(), cli.addr).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("devserver: cannot listen on {}: {e}", cli.addr);
            return ExitCode::FAILURE;
        }
    };
    println!("devserver listening on {}", running.url());
    // Sorting the 100k-row integration once up front keeps the first page view fast.
    let state = running.state().clone();
    tokio::task::spawn_blocking(move || state.warm_up());
    shutdown_signal().await;
    eprintln!("devserver: shutting down");
    running.shutdown().await;
    ExitCode::SUCCESS
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("SIGTERM handler installs");
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}
