//! Loads [`AppConfig`]: defaults, then an optional TOML file named by
//! `APP_CONFIG`, then `APP_*` environment variables; `DATABASE_URL` and
//! `DEMO` are read without the prefix as the README promises.

use app::server::AppConfig;
use figment::providers::{Env, Format, Toml};
use figment::Figment;

pub fn load() -> Result<AppConfig, String> {
    let mut fig = Figment::new();
    if let Ok(path) = std::env::var("APP_CONFIG") {
        fig = fig.merge(Toml::file(path));
    }
    fig = fig.merge(Env::prefixed("APP_").ignore(&["config"]).split("__"));
    let mut config: AppConfig = fig.extract().map_err(|e| e.to_string())?;
    if let Ok(url) = std::env::var("DATABASE_URL") {
        if !url.trim().is_empty() {
            config.database_url = Some(url);
        }
    }
    if let Ok(demo) = std::env::var("DEMO") {
        config.demo = matches!(demo.trim(), "1" | "true" | "yes");
    }
    config.check()?;
    Ok(config)
}
