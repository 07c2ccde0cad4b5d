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

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn html(view: impl FnOnce() -> AnyView) -> String {
        let owner = Owner::new();
        // Without the hydration markers, to read the markup alone.
        owner.with(|| view().to_html()).replace("<!>", "")
    }

    #[test]
    fn rows_come_in_a_scrolling_table_under_their_headers() {
        let out = html(|| {
            view! {
                <DataTable columns=&["姓名", "操作"] rows=vec!["张三", "李四"] empty="暂无数据" testid="people"
                    row=|n: &'static str| view! { <tr><td>{n}</td></tr> }/>
            }
            .into_any()
        });
        assert!(out.contains(r#"<div class="table-wrap"><table data-testid="people" class="table">"#), "{out}");
        assert!(out.contains("<th>姓名</th><th>操作</th>"), "{out}");
        assert!(out.contains("<tbody><tr><td>张三</td></tr><tr><td>李四</td></tr></tbody>"), "{out}");
        assert!(!out.contains("暂无数据") && !out.contains("pager"), "{out}");
    }

    #[test]
    fn no_rows_show_the_empty_text_and_a_paged_list_its_pager() {
        let out = html(|| {
            let none: Vec<&'static str> = Vec::new();
            let pager = Paging { page: RwSignal::new(1), total: 0, per_page: 20 };
            view! {
                <DataTable columns=&["姓名"] rows=none empty="没有符合条件的申报。"
                    empty_testid="todo-empty" pager=pager
                    row=|n: &'static str| view! { <tr><td>{n}</td></tr> }/>
            }
            .into_any()
        });
        assert!(out.contains(r#"<p data-testid="todo-empty" class="empty">没有符合条件的申报。</p>"#), "{out}");
        assert!(!out.contains("<table"), "{out}");
        assert!(out.contains("共 0 条"), "{out}");
    }

    #[test]
    fn expandable_rows_bring_their_own_tbody_after_the_expander_column() {
        let out = html(|| {
            view! {
                <DataTable columns=&["状态"] rows=vec![1] empty="暂无操作记录" expandable=true
                    row=|n: i32| view! { <tbody class="log-entry"><tr><td></td><td>{n}</td></tr></tbody> }/>
            }
            .into_any()
        });
        assert!(
            out.contains(r#"<th class="expander-col"><span class="sr-only">详情</span></th><th>状态</th>"#),
            "{out}"
        );
        assert!(out.contains(r#"</thead><tbody class="log-entry">"#), "{out}");
    }
}
