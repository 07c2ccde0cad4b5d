//! The unit's two decisions on a declaration: 审核报送 to the 主管部门 or
//! 职改办, and 退回给个人.

use crate::components::server_call;
use crate::components::{Banner, BoundField, BoundTextArea, ConfirmDialog, FormErrors, PendingConfirm, SubmitButton};
use crate::declarations::api::{forward_targets, ForwardDeclaration, ReturnDeclaration};
use crate::declarations::{DeclarationDetail, ForwardInput, ReturnInput, Status};
use leptos::prelude::*;

/// 审核报送 → 报送人事主管部门: 单位负责人 and the target by full name.
#[component]
pub fn ForwardPanel(
    detail: DeclarationDetail,
    version: Signal<i32>,
    on_done: Callback<DeclarationDetail>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let id = detail.id;
    let targets = RwSignal::new(Vec::<crate::declarations::TargetOption>::new());
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            if let Ok(list) = forward_targets(id).await {
                targets.set(list);
            }
        });
    });
    let leader = RwSignal::new(detail.unit_leader.clone());
    let target = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let action = server_call::<ForwardDeclaration>();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(d)) => {
            notice.set(Some(format!("已审核报送至：{}", d.target_org)));
            on_done.run(d);
        }
        Some(Err(e)) => errors.set(Some(e)),
        None => {}
    });
    let (lv, lw) = (Signal::derive(move || leader.get()), Callback::new(move |v| leader.set(v)));
    view! {
        <section class="card">
            <h2>"审核报送"</h2>
            <p class="muted">"报送人事主管部门：当对申报人个人信息审核无异议且填写了单位意见后，即可把申报材料报送至职改办。"</p>
            <form method="post" class="form" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                errors.set(None);
                action.dispatch(ForwardDeclaration { input: ForwardInput { id, version: version.get_untracked(), unit_leader: leader.get_untracked(), target: target.get_untracked() } });
            }>
                <Banner message=Signal::derive(move || errors.general(&["unit_leader", "target"]))/>
                <BoundField label="单位负责人" name="unit_leader" value=lv on_input=lw errors=errors required=true maxlength=30 hint="用人单位负责人姓名"/>
                <div class="field required" class:has-error=move || errors.field("target").is_some()>
                    <label for="f-target">"报送人事主管部门"</label>
                    <div class="field-body">
                        // Loaded after hydration into a signal, and the whole <select> drawn
                        // from it: a <Suspense> among the <option>s made the page fail to
                        // hydrate on a full load.
                        {move || {
                            let list = targets.get();
                            view! {
                                <select id="f-target" on:change=move |ev| { target.set(event_target_value(&ev)); errors.clear("target"); }>
                                    <option value="">{if list.is_empty() { "加载中…" } else { "请选择需报送的主管部门或职改办全称" }}</option>
                                    {list.into_iter().map(|t| {
                                        let code = t.code.clone();
                                        view! { <option value=t.code selected=move || target.get() == code>{t.name}</option> }
                                    }).collect_view()}
                                </select>
                            }
                        }}
                        {move || errors.field("target").map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                    </div>
                </div>
                <div class="form-actions"><SubmitButton label="审核报送" pending=action.pending()/></div>
            </form>
        </section>
    }
}

/// 退回给个人: 退回修改 or 审核不通过, each with a reason.
#[component]
pub fn ReturnPanel(
    detail: DeclarationDetail,
    version: Signal<i32>,
    on_done: Callback<DeclarationDetail>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let id = detail.id;
    let reject = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let ask = RwSignal::new(None::<PendingConfirm>);
    let action = server_call::<ReturnDeclaration>();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(d)) => {
            notice.set(Some(format!("已{}", if d.status == Status::Rejected { "审核不通过" } else { "退回修改" })));
            on_done.run(d);
        }
        Some(Err(e)) => errors.set(Some(e)),
        None => {}
    });
    let (rv, rw) = (Signal::derive(move || reason.get()), Callback::new(move |v| reason.set(v)));
    view! {
        <section class="card">
            <h2>"退回给个人"</h2>
            <ul class="explain">
                <li>"“退回修改”：个人申报材料需要修改，退回后可二次提交申请。"</li>
                <li>"“审核不通过”：指申报材料不符合评审条件，审核不通过后申报人员不能再次编辑信息。个人申报材料需重新编辑信息，请选择“退回修改”。"</li>
            </ul>
            <form method="post" class="form" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                errors.set(None);
                let rej = reject.get_untracked();
                let go = Callback::new(move |_| { action.dispatch(ReturnDeclaration { input: ReturnInput { id, version: version.get_untracked(), reject: rej, reason: reason.get_untracked() } }); });
                if rej {
                    ask.set(Some(PendingConfirm { message: "审核不通过后申报人不能再编辑和报送该申报，确定审核不通过吗？".into(), confirm_label: "审核不通过", on_confirm: go }));
                } else {
                    go.run(());
                }
            }>
                <div class="radio-row" role="radiogroup" aria-label="退回方式">
                    <label class="check"><input type="radio" name="return_kind" prop:checked=move || !reject.get() on:change=move |_| reject.set(false)/>"退回修改"</label>
                    <label class="check"><input type="radio" name="return_kind" prop:checked=move || reject.get() on:change=move |_| reject.set(true)/>"审核不通过"</label>
                </div>
                <Banner message=Signal::derive(move || errors.general(&["reason"]))/>
                <BoundTextArea label="原因" name="reason" value=rv on_input=rw errors=errors required=true maxlength=500 placeholder="请写明需要修改的内容或不通过的原因"/>
                <div class="form-actions"><SubmitButton label="确定" class="btn btn-danger" pending=action.pending()/></div>
            </form>
            <ConfirmDialog state=ask/>
        </section>
    }
}
