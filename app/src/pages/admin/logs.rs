//! 登录日志 (`/manage/logs/login`) and 操作日志 (`/manage/logs/audit`) for
//! the administrator: filters by day range, account, kind and (登录日志)
//! result; pages from the database; 导出Excel of the same filter. There is
//! nothing to edit or delete: the logs are append-only.

use crate::admin::api::{audit_kinds, audit_log, login_log};
use crate::admin::{AuditLogRow, LogFilter, LoginLogRow, CHANNELS};
use crate::components::{DataTable, Loaded, Paging, SubmitButton};
use crate::pages::office::frame::ManageArea;
use leptos::prelude::*;

#[component]
pub fn LoginLogPage() -> impl IntoView {
    view! { <ManageArea><LoginLog/></ManageArea> }
}

#[component]
pub fn AuditLogPage() -> impl IntoView {
    view! { <ManageArea><AuditLog/></ManageArea> }
}

/// The filter bar both logs share; `kinds` are the 类别 choices, `results`
/// adds 登录结果. 查询 applies it from the first page.
#[component]
fn LogFilters(
    applied: RwSignal<LogFilter>,
    kind_label: &'static str,
    kinds: Signal<Vec<(String, String)>>,
    #[prop(optional)] results: bool,
    /// 操作日志's 日志来源, owned by the page (its 类别 follow it).
    #[prop(optional)]
    source: Option<RwSignal<String>>,
) -> impl IntoView {
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let account = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let result = RwSignal::new(String::new());
    let input = |label: &'static str, kind: &'static str, value: RwSignal<String>| {
        view! {
            <label>{label}<input aria-label=label type=kind maxlength="40" prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))/></label>
        }
    };
    view! {
        <form method="post" class="filters" on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            applied.set(LogFilter {
                from: from.get_untracked(),
                to: to.get_untracked(),
                account: account.get_untracked(),
                kind: kind.get_untracked(),
                result: result.get_untracked(),
                source: source.map(|s| s.get_untracked()).unwrap_or_default(),
                page: 1,
            });
        }>
            {source.map(|s| view! {
                <label>"日志来源"
                    <select aria-label="日志来源" on:change=move |ev| {
                        s.set(event_target_value(&ev));
                        kind.set(String::new());
                    }>
                        <option value="">"管理与安全"</option>
                        <option value="transitions">"申报流转"</option>
                    </select>
                </label>
            })}
            {input("开始日期", "date", from)}
            {input("结束日期", "date", to)}
            {input("账号", "text", account)}
            <label>{kind_label}
                <select aria-label=kind_label on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="">"全部"</option>
                    {move || kinds.get().into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
                </select>
            </label>
            {results.then(|| view! {
                <label>"登录结果"
                    <select aria-label="登录结果" on:change=move |ev| result.set(event_target_value(&ev))>
                        <option value="">"全部"</option>
                        <option value="success">"成功"</option>
                        <option value="failure">"失败"</option>
                    </select>
                </label>
            })}
            <SubmitButton label="查询" pending=Signal::derive(|| false)/>
        </form>
    }
}

/// The page number moves the applied filter.
fn pager(applied: RwSignal<LogFilter>) -> RwSignal<u64> {
    let page = RwSignal::new(1u64);
    Effect::new(move |prev: Option<u64>| {
        let now = page.get();
        if prev.is_some() && applied.with_untracked(|f| f.page) != now {
            applied.update(|f| f.page = now);
        }
        now
    });
    Effect::new(move |_| {
        let now = applied.with(|f| f.page.max(1));
        if page.get_untracked() != now {
            page.set(now);
        }
    });
    page
}

#[component]
fn LoginLog() -> impl IntoView {
    let applied = RwSignal::new(LogFilter { page: 1, ..Default::default() });
    let page = pager(applied);
    let list = Resource::new(move || applied.get(), login_log);
    let channels = Signal::derive(|| CHANNELS.iter().map(|(c, l)| ((*c).to_owned(), (*l).to_owned())).collect());
    view! {
        <section class="card">
            <div class="card-head">
                <h2>"登录日志"</h2>
                <a class="btn small" href=move || applied.with(|f| f.export_url("/exports/login-log.xlsx")) download>"导出Excel"</a>
            </div>
            <p class="muted">"记录每一次登录尝试（成功与失败），保存不少于180天，任何人不能修改或删除。"</p>
            <LogFilters applied=applied kind_label="登录方式" kinds=channels results=true/>
            <Loaded resource=list transition=true let:p>
                <DataTable columns=&["登录时间", "登录方式", "账号", "IP地址", "结果", "说明"] pager=Paging::of(page, &p)
                    rows=p.rows empty="没有符合条件的登录记录" testid="login-log"
                    row=|r: LoginLogRow| view! {
                        <tr>
                            <td>{r.at}</td><td>{r.channel}</td><td>{r.account}</td><td>{r.ip}</td>
                            <td>{if r.success {
                                view! { <span class="badge badge-green">"成功"</span> }
                            } else {
                                view! { <span class="badge badge-red">"失败"</span> }
                            }}</td>
                            <td>{r.reason}</td>
                        </tr>
                    }/>
            </Loaded>
        </section>
    }
}

#[component]
fn AuditLog() -> impl IntoView {
    let applied = RwSignal::new(LogFilter { page: 1, ..Default::default() });
    let page = pager(applied);
    let list = Resource::new(move || applied.get(), audit_log);
    let source = RwSignal::new(String::new());
    let kinds_loaded = Resource::new(move || source.get() == "transitions", audit_kinds);
    let kinds = Signal::derive(move || {
        kinds_loaded.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|k| (k.clone(), k)).collect()
    });
    view! {
        <section class="card">
            <div class="card-head">
                <h2>"操作日志"</h2>
                <a class="btn small" href=move || applied.with(|f| f.export_url("/exports/audit-log.xlsx")) download>"导出Excel"</a>
            </div>
            <p class="muted">"“管理与安全”记录机构、人员、申报年度等管理操作，账号安全事件和查看完整证件号码；“申报流转”记录每一件申报的每一步审核。保存不少于180天，任何人不能修改或删除。"</p>
            <LogFilters applied=applied kind_label="操作类别" kinds=kinds source=source/>
            <Loaded resource=list transition=true let:p>
                <DataTable columns=&["操作时间", "操作人", "操作", "对象", "IP地址", "详情"] pager=Paging::of(page, &p)
                    rows=p.rows empty="没有符合条件的操作记录" testid="audit-log"
                    row=|r: AuditLogRow| view! {
                        <tr><td>{r.at}</td><td>{r.actor}</td><td>{r.action}</td><td>{r.target}</td><td>{r.ip}</td><td>{r.detail}</td></tr>
                    }/>
            </Loaded>
        </section>
    }
}
