//! 申报条件 (`/manage/rules`, the administrator's): the qualification rules
//! as a grid — per 学历 and 申报级别, the years of professional work needed
//! (blank: that 学历 cannot declare that level directly) — and a preview of
//! what the rules on the page, saved or not, say to a sample applicant.

use crate::components::server_call;
use crate::components::{Banner, FormErrors, Loaded, SubmitButton};
use crate::declarations::rules::{check, Rule, EDUCATIONS};
use crate::declarations::Level;
use crate::dictionaries::api::{load_rules, SaveRules};
use crate::error::AppError;
use crate::pages::office::frame::ManageArea;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

#[component]
pub fn RulesPage() -> impl IntoView {
    let rules = Resource::new(|| (), |_| load_rules());
    view! {
        <ManageArea>
            <Loaded resource=rules let:r>
                <RulesForm rules=r/>
            </Loaded>
        </ManageArea>
    }
}

/// One cell of the grid.
#[derive(Clone, Copy)]
struct Cell {
    education: &'static str,
    level: Level,
    years: RwSignal<String>,
}

impl Cell {
    fn field(&self) -> String {
        format!("years.{}.{}", self.education, self.level.code())
    }
}

/// The rules the grid holds now; cells that are not whole numbers are
/// reported in the errors (when given).
fn rules_of(cells: &[Cell], errors: Option<&mut Vec<crate::error::FieldError>>) -> Vec<Rule> {
    let mut out = Vec::new();
    let mut bad = Vec::new();
    for c in cells {
        let text = c.years.get();
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        match text.parse::<i32>() {
            Ok(y) => out.push(Rule { education: c.education.to_owned(), level: c.level, min_years: y }),
            Err(_) => bad.push(crate::error::FieldError::new(c.field(), "请填写整数年限，或留空")),
        }
    }
    if let Some(errors) = errors {
        errors.extend(bad);
    }
    out
}

#[component]
fn RulesForm(rules: Vec<Rule>) -> impl IntoView {
    let cells: Vec<Cell> = EDUCATIONS
        .iter()
        .flat_map(|e| Level::ALL.iter().map(move |l| (*e, *l)))
        .map(|(education, level)| {
            let years = rules
                .iter()
                .find(|r| r.education == education && r.level == level)
                .map(|r| r.min_years.to_string())
                .unwrap_or_default();
            Cell { education, level, years: RwSignal::new(years) }
        })
        .collect();
    let cells = StoredValue::new(cells);
    let errors = FormErrors::new();
    let notice = RwSignal::new(None::<String>);
    let save = server_call::<SaveRules>();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(saved)) => {
            errors.set(None);
            notice.set(Some(format!("申报条件已保存（{}条），此后查看申报时按新条件提示", saved.len())));
        }
        Some(Err(e)) => errors.set(Some(e)),
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.set(None);
        notice.set(None);
        let mut bad = Vec::new();
        let rules = cells.with_value(|c| rules_of(c, Some(&mut bad)));
        if !bad.is_empty() {
            errors.set(Some(AppError::fields(bad)));
            return;
        }
        save.dispatch(SaveRules { rules });
    };
    let head = Level::ALL.iter().map(|l| view! { <th>{l.label()}</th> }).collect_view();
    let body = EDUCATIONS
        .iter()
        .map(|e| {
            let row = cells.with_value(|c| c.iter().filter(|c| c.education == *e).copied().collect::<Vec<_>>());
            let tds = row
                .into_iter()
                .map(|c| {
                    let field = c.field();
                    let err = {
                        let field = field.clone();
                        move || errors.field(&field)
                    };
                    let label = format!("{}学历申报{}所需年限", c.education, c.level.label());
                    let err2 = err.clone();
                    view! {
                        <td class:has-error=move || err().is_some()>
                            <input type="text" inputmode="numeric" maxlength="2"
                                aria-label=label data-cell=field.clone() placeholder="不可申报"
                                prop:value=move || c.years.get()
                                on:input=move |ev| c.years.set(event_target_value(&ev))/>
                            {move || err2().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                        </td>
                    }
                })
                .collect_view();
            view! { <tr><th scope="row">{*e}</th>{tds}</tr> }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>"申报条件"</h2>
            <p class="muted">"按学历设置申报各级别所需的从事专业技术工作年限（年）。留空表示该学历不能直接申报该级别。不符合条件时系统只提示，由审核部门决定。"</p>
            <form class="form rules-form" on:submit=on_submit novalidate>
                <Banner message=Signal::derive(move || {
                    let fields: Vec<String> = cells.with_value(|c| c.iter().map(Cell::field).collect());
                    let shown: Vec<&str> = fields.iter().map(String::as_str).collect();
                    errors.general(&shown)
                })/>
                <Banner kind="success" message=notice/>
                <div class="table-wrap">
                    <table class="table rules-grid" data-testid="rules">
                        <thead><tr><th>"学历"</th>{head}</tr></thead>
                        <tbody>{body}</tbody>
                    </table>
                </div>
                <div class="form-actions"><SubmitButton label="保存申报条件" pending=save.pending()/></div>
            </form>
        </section>
        <Preview cells=cells/>
    }
}

/// What the rules on the page say to a sample applicant.
#[component]
fn Preview(cells: StoredValue<Vec<Cell>>) -> impl IntoView {
    let education = RwSignal::new("本科".to_owned());
    let years = RwSignal::new("1".to_owned());
    let level = RwSignal::new(Level::Assistant.code().to_owned());
    let verdict = move || {
        let rules = cells.with_value(|c| rules_of(c, None));
        let Ok(y) = years.get().trim().parse::<i32>() else {
            return ("warn", "请填写整数年限".to_owned());
        };
        let Some(l) = Level::from_code(&level.get()) else { return ("warn", "请选择申报级别".to_owned()) };
        match check(&rules, Some(&education.get()), y, l) {
            None => {
                ("ok", format!("符合常用条件：{}学历、从事专业技术工作{y}年，可以申报{}", education.get(), l.label()))
            }
            Some(w) => ("warn", w),
        }
    };
    let select = |label: &'static str, id: &'static str, value: RwSignal<String>, options: Vec<(String, String)>| {
        let opts = options
            .into_iter()
            .map(|(v, t)| {
                let v2 = v.clone();
                view! { <option value=v selected=move || value.get() == v2>{t}</option> }
            })
            .collect_view();
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <div class="field-body">
                    <select id=id on:change=move |ev| value.set(event_target_value(&ev))>{opts}</select>
                </div>
            </div>
        }
    };
    let educations = EDUCATIONS.iter().map(|e| (e.to_string(), e.to_string())).collect();
    let levels = Level::ALL.iter().map(|l| (l.code().to_owned(), l.label().to_owned())).collect();
    view! {
        <section class="card" data-testid="rules-preview">
            <h2>"条件预览"</h2>
            <p class="muted">"按本页当前填写的条件（保存前即可预览），看看示例申请人会得到什么提示。"</p>
            <div class="form preview-form">
                {select("学历", "p-education", education, educations)}
                <div class="field">
                    <label for="p-years">"从事专业技术工作年限"</label>
                    <div class="field-body">
                        <input id="p-years" type="text" inputmode="numeric" maxlength="2"
                            prop:value=move || years.get() on:input=move |ev| years.set(event_target_value(&ev))/>
                    </div>
                </div>
                {select("申报级别", "p-level", level, levels)}
            </div>
            {move || {
                let (kind, text) = verdict();
                let class = if kind == "ok" { "banner banner-success" } else { "banner banner-info" };
                view! { <p class=class data-testid="rules-verdict" aria-live="polite">{text}</p> }
            }}
        </section>
    }
}
