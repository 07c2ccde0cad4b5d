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
pub mod codec;
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
use leptos_router::{path, Lazy, SsrMode};

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
                    <Route path=path!("/register") view={Lazy::<lazy::RegisterPage>::new()}/>
                    <Route path=path!("/help/accounts") view={Lazy::<lazy::AccountHelp>::new()}/>
                    <Route path=path!("/forgot") view={Lazy::<lazy::ForgotPage>::new()}/>
                    <Route path=path!("/verify") view={Lazy::<lazy::VerifyPage>::new()}/>
                    <Route path=path!("/verify/:code") view={Lazy::<lazy::VerifyLinkPage>::new()}/>
                    <Route path=path!("/person") view={Lazy::<lazy::PersonHome>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/person/password") view={Lazy::<lazy::PersonPassword>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/person/declarations") view={Lazy::<lazy::MyDeclarationsPage>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/person/declarations/new") view={Lazy::<lazy::NewDeclarationPage>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/person/declarations/:id") view={Lazy::<lazy::DeclarationPage>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/person/certificates") view={Lazy::<lazy::MyCertificatesPage>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/person/certificates/:id") view={Lazy::<lazy::MyCertificatePage>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/person/messages") view={Lazy::<lazy::MessagesPage>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/person/units") view={Lazy::<lazy::MyUnitsPage>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/staff/declarations/:id") view={Lazy::<lazy::ReviewPage>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/manage/declarations") view={Lazy::<lazy::OrgQueuePage>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/manage/declarations/:id") view={Lazy::<lazy::OrgDecidePage>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/manage/done") view={Lazy::<lazy::OrgDonePage>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/manage/search") view={Lazy::<lazy::OrgSearchPage>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/unit/register") view={Lazy::<lazy::UnitRegisterPage>::new()}/>
                    <Route path=path!("/unit/forgot") view={Lazy::<lazy::UnitForgotPage>::new()}/>
                    <Route path=path!("/unit") view={Lazy::<lazy::UnitAccountPage>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/unit/info") view={Lazy::<lazy::UnitInfoPage>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/unit/renames") view={Lazy::<lazy::UnitRenamesPage>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/unit/contacts") view={Lazy::<lazy::UnitContactsPage>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/unit/staff") view={Lazy::<lazy::UnitStaffPage>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/staff") view={Lazy::<lazy::StaffTodoPage>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/staff/log") view={Lazy::<lazy::StaffLogPage>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/staff/certificates") view={Lazy::<lazy::StaffCertificatesPage>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/staff/messages") view={Lazy::<lazy::StaffMessagesPage>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/staff/downloads") view={Lazy::<lazy::StaffDownloadsPage>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/manage/login") view=pages::office::login::ManageLogin/>
                    <Route path=path!("/manage/units") view={Lazy::<lazy::ManageUnits>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/manage/statistics") view={Lazy::<lazy::StatisticsPage>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/manage/logs/login") view={Lazy::<lazy::LoginLogPage>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/manage/logs/audit") view={Lazy::<lazy::AuditLogPage>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/manage/batches") view={Lazy::<lazy::ManageBatchesPage>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/manage/orgs") view={Lazy::<lazy::ManageOrgsPage>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/manage/orgs/:id") view={Lazy::<lazy::ManageOfficersPage>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/manage/dictionaries") view={Lazy::<lazy::DictionariesPage>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/manage/dictionaries/series/:id") view={Lazy::<lazy::SeriesPage>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/manage/rules") view={Lazy::<lazy::RulesPage>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/manage") view={Lazy::<lazy::ManageHome>::new()} ssr=SsrMode::Async/>
                </Routes>
            </main>
            <footer class="portal-footer">
                <p>"主办：广西壮族自治区职称改革工作领导小组办公室　技术支持电话：0771-5505013"</p>
            </footer>
        </Router>
    }
}

/// Every page but the ones a visitor meets first (首页 and the sign-in
/// pages) is a lazy route. Built with `cargo leptos build --split`, each
/// role's area (public forms, applicant, unit, unit staff, office,
/// administrator) is a wasm chunk of its own, fetched when one of its pages
/// first opens (code shared by areas lands in shared chunks), so a visitor
/// who only signs in never downloads any role's pages. One split point per
/// area, not per page: per page, the shared code fell into hundreds of
/// tiny chunks, one request each. Without `--split` (the server, tests
/// without it) these are ordinary routes.
mod lazy {
    use leptos::prelude::*;
    use leptos_router::LazyRoute;

    macro_rules! lazy_areas {
        ($($area:ident $preload:ident $pages:ident { $($name:ident => $page:path,)* })*) => {$(
            #[derive(Clone, Copy)]
            #[allow(clippy::enum_variant_names)] // the pages' own names
            enum $pages { $($name,)* }

            /// The area's pages: the split point its chunk is made from.
            #[lazy]
            fn $area(page: $pages) -> AnyView {
                match page { $($pages::$name => $page().into_any(),)* }
            }

            $(
                pub struct $name;

                impl LazyRoute for $name {
                    fn data() -> Self {
                        $name
                    }

                    fn view(_this: Self) -> impl std::future::Future<Output = AnyView> {
                        $area($pages::$name)
                    }

                    async fn preload() {
                        // Only the browser's build has chunks to fetch.
                        #[cfg(feature = "hydrate")]
                        $preload().await;
                    }
                }
            )*
        )*};
    }

    lazy_areas! {
        public_area __preload_public_area Public {
            RegisterPage => crate::pages::public::register::RegisterPage,
            AccountHelp => crate::pages::public::help::AccountHelp,
            ForgotPage => crate::pages::public::forgot::ForgotPage,
            VerifyPage => crate::pages::public::verify::VerifyPage,
            VerifyLinkPage => crate::pages::public::verify::VerifyLinkPage,
            UnitRegisterPage => crate::pages::public::unit_register::UnitRegisterPage,
            UnitForgotPage => crate::pages::public::unit_forgot::UnitForgotPage,
        }
        applicant_area __preload_applicant_area Applicant {
            PersonHome => crate::pages::applicant::home::PersonHome,
            PersonPassword => crate::pages::applicant::password::PersonPassword,
            MyDeclarationsPage => crate::pages::applicant::declarations::MyDeclarationsPage,
            NewDeclarationPage => crate::pages::applicant::new_declaration::NewDeclarationPage,
            DeclarationPage => crate::pages::applicant::declaration::DeclarationPage,
            MyCertificatesPage => crate::pages::applicant::certificates::MyCertificatesPage,
            MyCertificatePage => crate::pages::applicant::certificates::MyCertificatePage,
            MessagesPage => crate::pages::applicant::messages::MessagesPage,
            MyUnitsPage => crate::pages::applicant::units::MyUnitsPage,
        }
        staff_area __preload_staff_area Staff {
            ReviewPage => crate::pages::staff::review::ReviewPage,
            StaffTodoPage => crate::pages::staff::todo::StaffTodoPage,
            StaffLogPage => crate::pages::staff::log::StaffLogPage,
            StaffCertificatesPage => crate::pages::staff::certificates::StaffCertificatesPage,
            StaffMessagesPage => crate::pages::staff::messages::StaffMessagesPage,
            StaffDownloadsPage => crate::pages::staff::downloads::StaffDownloadsPage,
        }
        unit_area __preload_unit_area Unit {
            UnitAccountPage => crate::pages::unit::account::UnitAccountPage,
            UnitInfoPage => crate::pages::unit::info::UnitInfoPage,
            UnitRenamesPage => crate::pages::unit::renames::UnitRenamesPage,
            UnitContactsPage => crate::pages::unit::contacts::UnitContactsPage,
            UnitStaffPage => crate::pages::unit::staff::UnitStaffPage,
        }
        office_area __preload_office_area Office {
            OrgQueuePage => crate::pages::office::queue::OrgQueuePage,
            OrgDecidePage => crate::pages::office::decide::OrgDecidePage,
            OrgDonePage => crate::pages::office::done::OrgDonePage,
            OrgSearchPage => crate::pages::office::search::OrgSearchPage,
            ManageUnits => crate::pages::office::units::ManageUnits,
            StatisticsPage => crate::pages::office::statistics::StatisticsPage,
            ManageHome => crate::pages::office::home::ManageHome,
        }
        admin_area __preload_admin_area Admin {
            LoginLogPage => crate::pages::admin::logs::LoginLogPage,
            AuditLogPage => crate::pages::admin::logs::AuditLogPage,
            ManageBatchesPage => crate::pages::admin::batches::ManageBatchesPage,
            ManageOrgsPage => crate::pages::admin::orgs::ManageOrgsPage,
            ManageOfficersPage => crate::pages::admin::officers::ManageOfficersPage,
            DictionariesPage => crate::pages::admin::dictionaries::DictionariesPage,
            SeriesPage => crate::pages::admin::series::SeriesPage,
            RulesPage => crate::pages::admin::rules::RulesPage,
        }
    }
}
