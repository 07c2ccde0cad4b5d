//! The portal: pages, server functions and the domain types they share.
//!
//! Areas (`accounts`, `captcha`, …) each hold their view types, server
//! functions and, behind the `ssr` feature, their services. `domain` holds
//! the pure validation rules; `components` the shared building blocks.

#![recursion_limit = "512"]

pub mod accounts;
pub mod admin;
pub mod captcha;
pub mod certificates;
pub mod components;
pub mod declarations;
pub mod dictionaries;
pub mod documents;
pub mod domain;
pub mod error;
pub mod pages;
pub mod paging;
#[cfg(feature = "ssr")]
pub mod server;
pub mod statistics;
pub mod units;
pub mod uploads;

use components::{Auth, PortalHeader};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The HTML document around the app (server side).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    server::security::set_page_policy();
    view! {
        <!DOCTYPE html>
        <html lang="zh-CN">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="data:,"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options=options.clone()/>
                // With hashed file names (release builds) the name comes from hash.txt.
                <HashedStylesheet options id="leptos"/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    Auth::provide();
    components::form::Hydrated::provide();
    view! {
        <Title text=components::frame::PORTAL_TITLE/>
        <Router>
            <PortalHeader/>
            <main class="portal-main">
                <Routes fallback=pages::public::not_found::NotFound>
                    <Route path=path!("/") view=pages::public::home::Landing ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=pages::public::login::LoginPage/>
                    <Route path=path!("/register") view=pages::public::register::RegisterPage/>
                    <Route path=path!("/help/accounts") view=pages::public::help::AccountHelp/>
                    <Route path=path!("/forgot") view=pages::public::forgot::ForgotPage/>
                    <Route path=path!("/verify") view=pages::public::verify::VerifyPage/>
                    <Route path=path!("/verify/:code") view=pages::public::verify::VerifyLinkPage/>
                    <Route path=path!("/person") view=pages::applicant::home::PersonHome ssr=SsrMode::Async/>
                    <Route path=path!("/person/password") view=pages::applicant::password::PersonPassword ssr=SsrMode::Async/>
                    <Route path=path!("/person/declarations") view=pages::applicant::declarations::MyDeclarationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/person/declarations/new") view=pages::applicant::new_declaration::NewDeclarationPage ssr=SsrMode::Async/>
                    <Route path=path!("/person/declarations/:id") view=pages::applicant::declaration::DeclarationPage ssr=SsrMode::Async/>
                    <Route path=path!("/person/certificates") view=pages::applicant::certificates::MyCertificatesPage ssr=SsrMode::Async/>
                    <Route path=path!("/person/certificates/:id") view=pages::applicant::certificates::MyCertificatePage ssr=SsrMode::Async/>
                    <Route path=path!("/person/messages") view=pages::applicant::messages::MessagesPage ssr=SsrMode::Async/>
                    <Route path=path!("/person/units") view=pages::applicant::units::MyUnitsPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/declarations/:id") view=pages::staff::review::ReviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/manage/declarations") view=pages::office::queue::OrgQueuePage ssr=SsrMode::Async/>
                    <Route path=path!("/manage/declarations/:id") view=pages::office::decide::OrgDecidePage ssr=SsrMode::Async/>
                    <Route path=path!("/manage/done") view=pages::office::done::OrgDonePage ssr=SsrMode::Async/>
                    <Route path=path!("/manage/search") view=pages::office::search::OrgSearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/unit/register") view=pages::public::unit_register::UnitRegisterPage/>
                    <Route path=path!("/unit/forgot") view=pages::public::unit_forgot::UnitForgotPage/>
                    <Route path=path!("/unit") view=pages::unit::account::UnitAccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/unit/info") view=pages::unit::info::UnitInfoPage ssr=SsrMode::Async/>
                    <Route path=path!("/unit/renames") view=pages::unit::renames::UnitRenamesPage ssr=SsrMode::Async/>
                    <Route path=path!("/unit/contacts") view=pages::unit::contacts::UnitContactsPage ssr=SsrMode::Async/>
                    <Route path=path!("/unit/staff") view=pages::unit::staff::UnitStaffPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff") view=pages::staff::todo::StaffTodoPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/log") view=pages::staff::log::StaffLogPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/certificates") view=pages::staff::certificates::StaffCertificatesPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/messages") view=pages::staff::messages::StaffMessagesPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/downloads") view=pages::staff::downloads::StaffDownloadsPage ssr=SsrMode::Async/>
                    <Route path=path!("/manage/login") view=pages::office::login::ManageLogin/>
                    <Route path=path!("/manage/units") view=pages::office::units::ManageUnits ssr=SsrMode::Async/>
                    <Route path=path!("/manage/statistics") view=pages::office::statistics::StatisticsPage ssr=SsrMode::Async/>
                    <Route path=path!("/manage/logs/login") view=pages::admin::logs::LoginLogPage ssr=SsrMode::Async/>
                    <Route path=path!("/manage/logs/audit") view=pages::admin::logs::AuditLogPage ssr=SsrMode::Async/>
                    <Route path=path!("/manage/batches") view=pages::admin::batches::ManageBatchesPage ssr=SsrMode::Async/>
                    <Route path=path!("/manage/orgs") view=pages::admin::orgs::ManageOrgsPage ssr=SsrMode::Async/>
                    <Route path=path!("/manage/orgs/:id") view=pages::admin::officers::ManageOfficersPage ssr=SsrMode::Async/>
                    <Route path=path!("/manage/dictionaries") view=pages::admin::dictionaries::DictionariesPage ssr=SsrMode::Async/>
                    <Route path=path!("/manage/dictionaries/series/:id") view=pages::admin::series::SeriesPage ssr=SsrMode::Async/>
                    <Route path=path!("/manage/rules") view=pages::admin::rules::RulesPage ssr=SsrMode::Async/>
                    <Route path=path!("/manage") view=pages::office::home::ManageHome ssr=SsrMode::Async/>
                </Routes>
            </main>
            <footer class="portal-footer">
                <p>"主办：广西壮族自治区职称改革工作领导小组办公室　技术支持电话：0771-5505013"</p>
            </footer>
        </Router>
    }
}
