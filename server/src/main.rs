#![recursion_limit = "512"]
use leptos::config::get_configuration;
use std::net::SocketAddr;

/// Rendering a whole page server-side nests deeply (every component a few
/// frames, more in a debug build): tokio's default 2 MiB per worker
/// overflowed on the biggest pages (单位信息, the declaration editor).
const WORKER_STACK_BYTES: usize = 8 * 1024 * 1024;

fn main() {
    let runtime =
        match tokio::runtime::Builder::new_multi_thread().enable_all().thread_stack_size(WORKER_STACK_BYTES).build() {
            Ok(r) => r,
            Err(e) => {
                eprintln!("cannot start the async runtime: {e}");
                std::process::exit(1);
            }
        };
    runtime.block_on(serve());
}

async fn serve() {
    app::server::hashing::tune_allocator();
    let config = match server::config::load() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("configuration error: {e}");
            std::process::exit(2);
        }
    };
    server::telemetry::init(config.log_format);
    // Leptos reads its options (site root, output name, address) from the
    // LEPTOS_* variables cargo-leptos sets, falling back to Cargo.toml.
    let leptos_options = match get_configuration(None) {
        Ok(c) if !c.leptos_options.output_name.is_empty() => c.leptos_options,
        _ => match get_configuration(Some("Cargo.toml")) {
            Ok(c) => c.leptos_options,
            Err(e) => {
                tracing::error!(error = %e, "cannot read the Leptos configuration");
                std::process::exit(2);
            }
        },
    };
    let addr: SocketAddr = config.listen.unwrap_or(leptos_options.site_addr);
    let state = match server::prepare(config).await {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(error = %e, "start-up failed");
            std::process::exit(1);
        }
    };
    server::spawn_background(state.clone());
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            tracing::error!(error = %e, %addr, "cannot listen");
            std::process::exit(1);
        }
    };
    tracing::info!("portal listening on http://{addr}");
    if let Err(e) = server::serve(listener, state, leptos_options, server::telemetry::shutdown_signal()).await {
        tracing::error!(error = %e, "server failed");
        std::process::exit(1);
    }
    tracing::info!("portal stopped");
}
