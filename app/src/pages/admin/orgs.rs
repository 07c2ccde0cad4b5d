//! 组织机构管理 (`/manage/orgs`): the tree of 职改办 and 主管部门 the caller
//! manages, 新增主管部门, 修改, 停用/启用, and the way to each one's staff.

use crate::admin::api::{org_tree, CreateOrg, RenameOrg, SetOrgEnabled};
use crate::admin::{NewOrgInput, OrgNode, RenameOrgInput, MAX_ORG_NAME, MAX_ORG_SHORT};
use crate::components::TextField;
use crate::components::{server_call, ServerCall};
use crate::components::{Banner, ConfirmDialog, DataTable, Dialog, FormErrors, Loaded, PendingConfirm, SubmitButton};
use crate::pages::office::frame::ManageArea;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

#[component]
pub fn ManageOrgsPage() -> impl IntoView {
    view! { <ManageArea><ManageOrgs/></ManageArea> }
}

/// What the names dialog is doing.
#[derive(Clone, PartialEq)]
enum Editing {
    /// 新增主管部门 under this 职改办.
    Add {
        parent_id: i64,
        parent_name: String,
    },
    Rename {
        id: i64,
        name: String,
        short_name: String,
    },
}

#[component]
fn ManageOrgs() -> impl IntoView {
    let tree = Resource::new(|| (), |_| org_tree());
    let message = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let ask = RwSignal::new(None::<PendingConfirm>);
    let toggle = server_call::<SetOrgEnabled>();
    Effect::new(move |_| match toggle.value().get() {
        Some(Ok(())) => {
            message.set(None);
            tree.refetch();
        }
        Some(Err(e)) => message.set(Some(e.to_string())),
        None => {}
    });
    let editing = RwSignal::new(None::<Editing>);
    let on_saved = Callback::new(move |text: String| {
        notice.set(Some(text));
        message.set(None);
        tree.refetch();
    });
    view! {
        <section class="card">
            <div class="card-head"><h2>"组织机构管理"</h2></div>
            <p class="muted">"区职改办 → 市职改办 → 主管部门。机构不能删除；停用后不再出现在单位的报送列表中，其工作人员不能登录。仍有待审核申报的机构不能停用。"</p>
            <Banner message=message/>
            <Banner kind="success" message=notice/>
            <Loaded resource=tree transition=true let:rows>
                <DataTable columns=&["机构名称", "类别", "所属地区", "工作人员", "待审核", "状态", "操作"] rows=rows
                    empty="暂无可管理的机构" testid="org-tree"
                    row=move |o: OrgNode| org_row(o, editing, ask, toggle)/>
            </Loaded>
        </section>
        <NamesDialog editing=editing on_saved=on_saved/>
        <ConfirmDialog state=ask/>
    }
}

fn org_row(
    o: OrgNode,
    editing: RwSignal<Option<Editing>>,
    ask: RwSignal<Option<PendingConfirm>>,
    toggle: ServerCall<SetOrgEnabled>,
) -> impl IntoView {
    let (id, disabled, name) = (o.id, o.disabled, o.name.clone());
    let depth = format!("org-name depth-{}", o.depth.min(2));
    let add = o.may_add_department.then(|| {
        let parent_name = o.name.clone();
        view! {
            <button type="button" class="btn small" on:click=move |_| editing.set(Some(Editing::Add {
                parent_id: id,
                parent_name: parent_name.clone(),
            }))>"新增主管部门"</button>
        }
    });
    let manage = o.manageable.then(|| {
        let (name, waiting) = (name.clone(), o.waiting);
        let current = (o.name.clone(), o.short_name.clone());
        view! {
            <a class="btn small" href=format!("/manage/orgs/{id}")>"工作人员"</a>
            <button type="button" class="btn small" on:click=move |_| editing.set(Some(Editing::Rename {
                id,
                name: current.0.clone(),
                short_name: current.1.clone(),
            }))>"修改"</button>
            <button type="button" class="btn small" on:click=move |_| {
                if disabled {
                    toggle.dispatch(SetOrgEnabled { id, enabled: true });
                } else {
                    let extra = if waiting > 0 { format!("（仍有{waiting}件待审核申报，将不能停用）") } else { String::new() };
                    ask.set(Some(PendingConfirm {
                        message: format!("确定停用“{name}”吗？停用后单位不能再向其报送，其工作人员不能登录。{extra}"),
                        confirm_label: "停用",
                        on_confirm: Callback::new(move |_| { toggle.dispatch(SetOrgEnabled { id, enabled: false }); }),
                    }));
                }
            }>{if disabled { "启用" } else { "停用" }}</button>
        }
    });
    view! {
        <tr data-org=o.name.clone()>
            <td><span class=depth>{o.name.clone()}</span>
                {(o.short_name != o.name).then(|| view! { <span class="muted">" （" {o.short_name.clone()} "）"</span> })}</td>
            <td class="nowrap">{o.kind_label.clone()}</td>
            <td class="nowrap">{o.region_name.clone()}</td>
            <td>{o.officers}</td>
            <td>{o.waiting}</td>
            <td>{if disabled {
                view! { <span class="badge badge-grey">"已停用"</span> }
            } else {
                view! { <span class="badge badge-green">"启用"</span> }
            }}</td>
            <td class="actions">{add}{manage}</td>
        </tr>
    }
}

/// 新增主管部门 or 修改: the 机构名称 and 简称.
#[component]
fn NamesDialog(editing: RwSignal<Option<Editing>>, on_saved: Callback<String>) -> impl IntoView {
    let open = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let short = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let create = server_call::<CreateOrg>();
    let rename = server_call::<RenameOrg>();
    // Opening fills the fields (the current names when renaming).
    Effect::new(move |_| {
        let now = editing.get();
        errors.set(None);
        let (n, s) = match &now {
            Some(Editing::Rename { name, short_name, .. }) => (name.clone(), short_name.clone()),
            _ => (String::new(), String::new()),
        };
        name.set(n);
        short.set(s);
        if open.get_untracked() != now.is_some() {
            open.set(now.is_some());
        }
    });
    Effect::new(move |_| {
        if !open.get() && editing.with_untracked(Option::is_some) {
            editing.set(None);
        }
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(o)) => {
            editing.set(None);
            on_saved.run(format!("已新增主管部门“{}”，可点击“工作人员”为其新增账号", o.name));
        }
        Some(Err(e)) => errors.set(Some(e)),
        None => {}
    });
    Effect::new(move |_| match rename.value().get() {
        Some(Ok(())) => {
            editing.set(None);
            on_saved.run("机构名称已修改".into());
        }
        Some(Err(e)) => errors.set(Some(e)),
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.set(None);
        match editing.get_untracked() {
            Some(Editing::Add { parent_id, .. }) => {
                create.dispatch(CreateOrg {
                    input: NewOrgInput { parent_id, name: name.get_untracked(), short_name: short.get_untracked() },
                });
            }
            Some(Editing::Rename { id, .. }) => {
                rename.dispatch(RenameOrg {
                    input: RenameOrgInput { id, name: name.get_untracked(), short_name: short.get_untracked() },
                });
            }
            None => {}
        }
    };
    let pending = Signal::derive(move || create.pending().get() || rename.pending().get());
    let title = move || match editing.get() {
        Some(Editing::Add { parent_name, .. }) => format!("上级机构：{parent_name}"),
        _ => String::new(),
    };
    view! {
        <Dialog open=open title="机构信息">
            <form class="form" on:submit=on_submit novalidate>
                <p class="muted">{title}</p>
                <Banner message=Signal::derive(move || errors.general(&["name", "short_name"]))/>
                <TextField label="机构名称" name="name" value=name errors=errors required=true
                    maxlength=MAX_ORG_NAME as u32 placeholder="如：南宁市人力资源和社会保障局"/>
                <TextField label="简称" name="short_name" value=short errors=errors maxlength=MAX_ORG_SHORT as u32
                    hint="可不填，不填时与机构名称相同"/>
                <div class="form-actions">
                    <button type="button" class="btn" on:click=move |_| editing.set(None)>"取消"</button>
                    <SubmitButton label="保存" pending=pending/>
                </div>
            </form>
        </Dialog>
    }
}
