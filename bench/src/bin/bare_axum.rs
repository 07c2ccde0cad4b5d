//! The ceiling of the HTTP stack on this machine: a bare axum handler that
//! answers a POST with a fixed 2 KB page, nothing else (no middleware, no
//! database). bench/reference.sh loads it with the same wrk settings as
//! the portal's 待办事项 list, so the list's rate reads as a share of it.
//!
//! `bare_axum --listen 127.0.0.1:3390`

use axum::routing::post;
use axum::Router;

#[tokio::main]
async fn main() {
    let listen = std::env::args().skip_while(|a| a != "--listen").nth(1).unwrap_or_else(|| "127.0.0.1:3390".into());
    // 2,048 bytes of JSON, about what one page of the list weighs compressed.
    let page: &'static str = Box::leak(format!("{{\"rows\":\"{}\"}}", "x".repeat(2048 - 11)).into_boxed_str());
    let app =
        Router::new().route("/{*path}", post(move || async move { ([("content-type", "application/json")], page) }));
    let listener = tokio::net::TcpListener::bind(&listen).await.expect("bind");
    axum::serve(listener, app).await.expect("serve");
}
