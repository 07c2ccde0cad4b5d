#![recursion_limit = "512"]
use leptos::config::get_configuration;
use std::net::SocketAddr;

/// Rendering a whole page server-side nests deeply (every component a few
/// frames, more in a debug build): tokio's default 2 MiB per worker
/// overflowed on the biggest pages (单位信息, the declaration editor).
const WORKER_STACK_BYTES: usize = 8 * 1024 * 1024;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // No transparent huge pages for this process whatever the system's
    // setting: 2 MiB pages put ~100 ms stalls (compaction) into requests and
    // kept freed memory resident.
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_THP_DISABLE only sets a flag on this process.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
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
    // An idle hashing worker's freed 19 MiB goes back to the system at once
    // (mimalloc would keep it for reuse).
    // SAFETY: mi_collect only walks mimalloc's own heaps.
    app::server::hashing::set_memory_release(|| unsafe { libmimalloc_sys::mi_collect(true) });
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
