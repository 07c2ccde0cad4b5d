#![recursion_limit = "512"]
//! The browser entry point: hydrate the server-rendered page.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Most pages are lazy routes (app/src/lib.rs): hydration first fetches
    // the opened page's wasm chunk, so it finishes asynchronously.
    // (hydrate_from_async starts Leptos's executor itself.)
    wasm_bindgen_futures::spawn_local(async {
        let Some(body) = leptos::prelude::document().body() else { return };
        leptos::mount::hydrate_from_async(body.clone(), app::App).await.forget();
        app::components::form::Hydrated::done();
        // End-to-end tests wait for this before they click.
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
