//! A table of repeatable rows (学历情况, 主要经历, …): each cell an input,
//! 添加一行 and 删除 per row. Rows are rendered by position and read their
//! values reactively, so typing never re-creates an input.

use super::form::FormErrors;
use leptos::prelude::*;

/// How a cell is edited.
#[derive(Clone)]
pub enum Cell {
    Text,
    /// YYYY-MM
    Month,
    /// YYYY-MM-DD
    Date,
    /// YYYY
    Year,
    Select(&'static [&'static str]),
}

/// One column: its header, editor, and how to read and write the row.
pub struct Column<T> {
    pub label: &'static str,
    pub cell: Cell,
    pub get: fn(&T) -> String,
    pub set: fn(&mut T, String),
}

impl<T> Clone for Column<T> {
    fn clone(&self) -> Self {
        Self { label: self.label, cell: self.cell.clone(), get: self.get, set: self.set }
    }
}

/// ```ignore
/// view! { <RowsEditor title="学历情况" name="education" rows=rows errors=errors columns=vec![
///     Column { label: "学校", cell: Cell::Text, get: |r: &EducationRow| r.school.clone(), set: |r, v| r.school = v },
/// ]/> }
/// ```
///
/// Only this thin shell is generic: it hands the table to [`Table`], whose
/// view is compiled once for every row type (it was one copy per type).
#[component]
pub fn RowsEditor<T>(
    title: &'static str,
    name: &'static str,
    rows: RwSignal<Vec<T>>,
    columns: Vec<Column<T>>,
    errors: FormErrors,
    #[prop(optional)] required: bool,
    #[prop(optional)] readonly: bool,
) -> impl IntoView
where
    T: Clone + Default + Send + Sync + 'static,
{
    let headers = columns.iter().map(|c| (c.label, c.cell.clone())).collect();
    let columns = StoredValue::new(columns);
    let data = RowsData {
        len: Callback::new(move |()| rows.with(Vec::len)),
        get: Callback::new(move |(row, col): (usize, usize)| {
            columns.with_value(|cs| rows.with(|v| v.get(row).map(|r| (cs[col].get)(r)).unwrap_or_default()))
        }),
        set: Callback::new(move |(row, col, value): (usize, usize, String)| {
            let set = columns.with_value(|cs| cs[col].set);
            rows.update(|v| {
                if let Some(r) = v.get_mut(row) {
                    set(r, value)
                }
            });
        }),
        add: Callback::new(move |()| rows.update(|v| v.push(T::default()))),
        remove: Callback::new(move |row: usize| {
            rows.update(|v| {
                if row < v.len() {
                    v.remove(row);
                }
            })
        }),
    };
    table(title, name, headers, data, errors, required, readonly)
}

/// The rows with their type erased: what the table reads and does.
#[derive(Clone, Copy)]
struct RowsData {
    len: Callback<(), usize>,
    get: Callback<(usize, usize), String>,
    set: Callback<(usize, usize, String)>,
    add: Callback<()>,
    remove: Callback<usize>,
}

fn table(
    title: &'static str,
    name: &'static str,
    headers: Vec<(&'static str, Cell)>,
    data: RowsData,
    errors: FormErrors,
    required: bool,
    readonly: bool,
) -> AnyView {
    let headers = StoredValue::new(headers);
    let err = move || errors.field(name);
    view! {
        <fieldset class="rows-editor" class:has-error=move || err().is_some() id=format!("f-{name}")>
            <legend class:required=required>{title}</legend>
            <div class="table-wrap">
                <table class="table compact">
                    <thead><tr>
                        {headers.with_value(|hs| hs.iter().map(|(label, _)| view! { <th>{*label}</th> }).collect_view())}
                        {(!readonly).then(|| view! { <th>"操作"</th> })}
                    </tr></thead>
                    <tbody>
                        <Show when=move || data.len.run(()) == 0>
                            <tr><td class="empty" colspan="9">{if readonly { "未填写" } else { "暂无，请点击“添加一行”" }}</td></tr>
                        </Show>
                        <For each=move || 0..data.len.run(()) key=|i| *i let:i>
                            <tr>
                                {headers.with_value(|hs| hs.iter().cloned().enumerate().map(|(col, (label, cell))| {
                                    let value = move || data.get.run((i, col));
                                    let write = move |s: String| {
                                        data.set.run((i, col, s));
                                        errors.clear(name);
                                    };
                                    let aria = format!("{title}第{}行{label}", i + 1);
                                    let input = match cell {
                                        _ if readonly => view! { <span>{value}</span> }.into_any(),
                                        Cell::Select(options) => view! {
                                            <select aria-label=aria on:change=move |ev| write(event_target_value(&ev))>
                                                <option value="" selected=move || value().is_empty()>"请选择"</option>
                                                {options.iter().map(|o| view! { <option value=*o selected=move || value() == *o>{*o}</option> }).collect_view()}
                                            </select>
                                        }.into_any(),
                                        cell => {
                                            let (kind, placeholder) = match cell {
                                                Cell::Month => ("month", "年-月"),
                                                Cell::Date => ("date", "年-月-日"),
                                                Cell::Year => ("text", "如 2025"),
                                                _ => ("text", ""),
                                            };
                                            view! {
                                                <input type=kind aria-label=aria placeholder=placeholder maxlength="200"
                                                    prop:value=value on:input=move |ev| write(event_target_value(&ev))/>
                                            }.into_any()
                                        }
                                    };
                                    view! { <td>{input}</td> }
                                }).collect_view())}
                                {(!readonly).then(|| view! {
                                    <td><button type="button" class="link danger" on:click=move |_| data.remove.run(i)>"删除"</button></td>
                                })}
                            </tr>
                        </For>
                    </tbody>
                </table>
            </div>
            {(!readonly).then(|| view! {
                <button type="button" class="btn small" on:click=move |_| data.add.run(())>"添加一行"</button>
            })}
            {move || err().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
        </fieldset>
    }
    .into_any()
}
