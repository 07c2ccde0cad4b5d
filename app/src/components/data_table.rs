//! A table of rows with its column headers, the text shown instead when
//! there are none, and the pager of a paged list.

use super::pager::Pager;
use crate::paging::Page;
use leptos::prelude::*;

/// The pager under a [`DataTable`]: the 1-based page number it moves, and
/// the size of the whole list.
#[derive(Clone, Copy)]
pub struct Paging {
    pub page: RwSignal<u64>,
    pub total: u64,
    pub per_page: u64,
}

impl Paging {
    /// The pager of `list`, one page of a longer list, moving `page`.
    pub fn of<T>(page: RwSignal<u64>, list: &Page<T>) -> Self {
        Self { page, total: list.total, per_page: list.per_page }
    }
}

/// `row` draws one row (a `<tr>`); with `expandable`, each row is a
/// `<tbody>` of its own (the row and its detail) after a first column of
/// expand buttons.
///
/// ```ignore
/// view! {
///     <DataTable columns=&["单位名称", "操作"] rows=list.rows empty="暂无数据" pager=Paging::of(page, &list)
///         row=|u: UnitRow| view! { <tr><td>{u.name}</td><td>…</td></tr> }/>
/// }
/// ```
/// (compute `Paging::of` before moving the rows out of the page.)
#[component]
pub fn DataTable<T, R, V>(
    columns: &'static [&'static str],
    rows: Vec<T>,
    row: R,
    /// Shown instead of the table when there are no rows.
    empty: &'static str,
    #[prop(optional)] pager: Option<Paging>,
    /// `data-testid` of the table.
    #[prop(optional)]
    testid: Option<&'static str>,
    /// `data-testid` of the empty text.
    #[prop(optional)]
    empty_testid: Option<&'static str>,
    #[prop(optional)] expandable: bool,
) -> impl IntoView
where
    R: Fn(T) -> V,
    V: IntoView + 'static,
{
    let table = if rows.is_empty() {
        view! { <p class="empty" data-testid=empty_testid>{empty}</p> }.into_any()
    } else {
        let head = columns.iter().map(|c| view! { <th>{*c}</th> }).collect_view();
        let body = rows.into_iter().map(row).collect_view();
        if expandable {
            view! {
                <div class="table-wrap"><table class="table" data-testid=testid>
                    <thead><tr><th class="expander-col"><span class="sr-only">"详情"</span></th>{head}</tr></thead>
                    {body}
                </table></div>
            }
            .into_any()
        } else {
            view! {
                <div class="table-wrap"><table class="table" data-testid=testid>
                    <thead><tr>{head}</tr></thead>
                    <tbody>{body}</tbody>
                </table></div>
            }
            .into_any()
        }
    };
    view! {
        {table}
        {pager.map(|p| view! { <Pager page=p.page total=p.total per_page=p.per_page/> })}
    }
}
