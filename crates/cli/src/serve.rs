//! `docent serve`: the API, the widget and the demo pages.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context as _, Result};
use docent_embed::Embedder;
use docent_server::AppState;

use crate::context::Context;

#[derive(clap::Args)]
pub struct Args {
    /// Address to listen on (default: [server] bind, 127.0.0.1:8080). Port 0 picks a free one.
    #[arg(long)]
    bind: Option<String>,
}

pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    // Under load, concurrency comes from requests: one thread per query embedding holds more
    // requests a second than splitting each small matrix product across cores (measured with
    // evals/load: 207 vs 163 requests/s on 2 cores). RAYON_NUM_THREADS set by the user wins.
    // Set before any thread pool or runtime exists.
    if std::env::var_os("RAYON_NUM_THREADS").is_none() {
        std::env::set_var("RAYON_NUM_THREADS", "1");
    }
    let bind = args.bind.unwrap_or_else(|| ctx.config.server.bind.clone());
    let embedder: Arc<dyn Embedder> = ctx.embedder()?;
    let state = AppState::new(ctx.config.clone(), ctx.index_dir(), Some(embedder))
        .with_context(|| format!("starting the server on index {}", ctx.index_dir().display()))?;
    docent_server::log_panics();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&bind).await.map_err(|e| {
            // Only a port in use asks whether another server holds it (an outside probe: a
            // port out of range and a malformed address were asked the same).
            let hint = if e.kind() == std::io::ErrorKind::AddrInUse {
                "is another server using the port? set --bind or [server] bind"
            } else {
                "set --bind or [server] bind to HOST:PORT, a port of 1-65535, e.g. 127.0.0.1:8080"
            };
            anyhow::anyhow!("listening on {bind}: {e} ({hint})")
        })?;
        let addr = listener.local_addr()?;
        let index = state.index();
        // Written without println!: a server whose stdout was closed (a supervisor that read
        // the first line) keeps serving instead of panicking on a broken pipe.
        let mut out = std::io::stdout();
        let _ = writeln!(
            out,
            "Docent is up: http://{addr}/demo  (API: http://{addr}/openapi.json, {} chunks, vectors {}, database {})",
            index.chunks().len(),
            state.backend().describe(),
            state.db.name()
        );
        let _ = writeln!(
            out,
            "Press ctrl-c (or send SIGTERM) to stop; requests in flight finish first."
        );
        let _ = out.flush();
        docent_server::serve(Arc::new(state), listener)
            .await
            .context("serving")?;
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(ExitCode::SUCCESS)
}
