//! 登录: the three tabs of the manual — 个人账户登录, 单位账户登录,
//! 单位工作人员登录 — beside the 重要说明.

use crate::accounts::api::SignInPerson;
use crate::accounts::SignInPersonInput;
use crate::components::{SignInForm, TextField, UnitPicker};
use crate::units::api::{SignInStaff, SignInUnit};
use crate::units::{SignInStaffInput, SignInUnitInput, UnitOption};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Person,
    Unit,
    Staff,
}

impl Tab {
    fn from_query(q: Option<String>) -> Self {
        match q.as_deref() {
            Some("unit") => Tab::Unit,
            Some("staff") => Tab::Staff,
            _ => Tab::Person,
        }
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let tab = Memo::new(move |_| Tab::from_query(query.read().get("tab")));
    let registered = move || query.read().get("registered").is_some();
    let unit_registered = move || query.read().get("unit_registered").is_some();
    let tab_link = move |t: Tab, label: &'static str, href: &'static str| {
        view! {
            <a
                href=href
                role="tab"
                class="tab"
                class:active=move || tab.get() == t
                aria-selected=move || (tab.get() == t).to_string()
            >
                {label}
            </a>
        }
    };
    view! {
        <div class="login-layout">
            <aside class="card notice">
                <h2>"重要说明"</h2>
                <p>"为了获得更好的用户体验，请使用以下浏览器："</p>
                <p><strong>"谷歌浏览器（Chrome）、火狐浏览器（Firefox）、360安全浏览器"</strong></p>
            </aside>
            <section class="card login-box">
                <div class="tabs" role="tablist">
                    {tab_link(Tab::Person, "个人账户登录", "/login")}
                    {tab_link(Tab::Unit, "单位账户登录", "/login?tab=unit")}
                    {tab_link(Tab::Staff, "单位工作人员登录", "/login?tab=staff")}
                </div>
                <Show when=registered>
                    <div class="banner banner-success" role="status">"注册成功，请登录。"</div>
                </Show>
                <Show when=unit_registered>
                    <div class="banner banner-success" role="status">"单位注册成功，等待职改办审核。审核通过前可登录修改单位信息。"</div>
                </Show>
                {move || match tab.get() {
                    Tab::Person => view! { <PersonSignIn/> }.into_any(),
                    Tab::Unit => view! { <UnitSignIn/> }.into_any(),
                    Tab::Staff => view! { <StaffSignIn/> }.into_any(),
                }}
                // 证书查询验证 needs no account; the offices' own sign-in: nothing
                // else leads there.
                <div class="manage-entry">
                    <a href="/verify">"证书查询验证"</a>
                    <span>
                        <a href="/manage/login">"管理部门登录"</a>
                        <span class="muted">"（职改办、主管部门工作人员）"</span>
                    </span>
                </div>
            </section>
        </div>
    }
}

/// 注册 and 《账号说明》 under every tab.
#[component]
fn LoginLinks(register_href: &'static str) -> impl IntoView {
    view! {
        <div class="login-links">
            <a href=register_href>"注册"</a>
            <a href="/help/accounts">"《账号说明》"</a>
        </div>
    }
}

#[component]
fn PersonSignIn() -> impl IntoView {
    let account = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let call = move |captcha_id, captcha| SignInPerson {
        input: SignInPersonInput {
            account: account.get_untracked(),
            password: password.get_untracked(),
            captcha_id,
            captcha,
        },
    };
    view! {
        <SignInForm call=call fields=&["account", "password"] after=|| view! { <LoginLinks register_href="/register"/> } let:errors>
            <TextField label="账 号" name="account" value=account errors=errors
                placeholder="请输入身份证号或注册手机号" autocomplete="username" maxlength=18/>
            <TextField label="密 码" name="password" value=password errors=errors input_type="password"
                placeholder="请输入密码" autocomplete="current-password" maxlength=32
                aside=|| view! { <a class="forgot" href="/forgot">"忘记密码"</a> }/>
        </SignInForm>
    }
}

/// 单位账户登录: the unit from the dropdown, its credit code, password.
#[component]
fn UnitSignIn() -> impl IntoView {
    let unit = RwSignal::new(None::<UnitOption>);
    let account = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let call = move |captcha_id, captcha| SignInUnit {
        input: SignInUnitInput {
            unit_id: unit.get_untracked().map(|u| u.id),
            credit_code: account.get_untracked(),
            password: password.get_untracked(),
            captcha_id,
            captcha,
        },
    };
    view! {
        <SignInForm call=call fields=&["unit", "credit_code", "password"]
            after=|| view! { <LoginLinks register_href="/unit/register"/> } let:errors>
            <UnitPicker selected=unit errors=errors/>
            <TextField label="账 号" name="credit_code" value=account errors=errors
                placeholder="请输入统一社会信用代码" maxlength=18 autocomplete="username"/>
            <TextField label="密 码" name="password" value=password errors=errors input_type="password"
                placeholder="请输入单位登录密码" autocomplete="current-password" maxlength=32
                aside=|| view! { <a class="forgot" href="/unit/forgot">"忘记密码"</a> }/>
        </SignInForm>
    }
}

/// 单位工作人员登录: the unit from the dropdown, then the person's own account.
#[component]
fn StaffSignIn() -> impl IntoView {
    let unit = RwSignal::new(None::<UnitOption>);
    let account = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let call = move |captcha_id, captcha| SignInStaff {
        input: SignInStaffInput {
            unit_id: unit.get_untracked().map(|u| u.id),
            account: account.get_untracked(),
            password: password.get_untracked(),
            captcha_id,
            captcha,
        },
    };
    view! {
        <SignInForm call=call fields=&["unit", "account", "password"]
            after=|| view! { <LoginLinks register_href="/register"/> } let:errors>
            <UnitPicker selected=unit errors=errors/>
            <TextField label="账 号" name="account" value=account errors=errors
                placeholder="请输入单位联系人个人帐号（身份证号或注册手机号）" autocomplete="username" maxlength=18/>
            <TextField label="密 码" name="password" value=password errors=errors input_type="password"
                placeholder="请输入单位联系人个人密码" autocomplete="current-password" maxlength=32
                aside=|| view! { <a class="forgot" href="/forgot">"忘记密码"</a> }/>
        </SignInForm>
    }
}
