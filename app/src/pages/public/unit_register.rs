//! 单位注册, with 单位工作人员 added in the same step (新增工作人员 dialog).

use crate::captcha::{CaptchaField, CaptchaState};
use crate::components::server_call;
use crate::components::{
    Banner, FileUpload, FormErrors, IndustrySelect, Loaded, RegionSelect, StaffAddDialog, SubmitButton, TextField,
    UnitKindSelect,
};
use crate::domain::password::RULE_HINT;
use crate::domain::{CreditCode, UnitKind};
use crate::units::api::{industry_options, RegisterUnit};
use crate::units::{RegisterUnitInput, StaffCandidate};
use crate::uploads::{FileRef, PURPOSE_LICENCE};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

const FIELDS: [&str; 12] = [
    "credit_code",
    "name",
    "legal_rep",
    "kind",
    "industry",
    "region_code",
    "address",
    "licence",
    "staff",
    "password",
    "password_confirm",
    "captcha",
];

#[component]
pub fn UnitRegisterPage() -> impl IntoView {
    let credit_code = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let legal_rep = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let industry = RwSignal::new(String::new());
    let industries = Resource::new(|| (), |_| industry_options(String::new()));
    let region_code = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let licence = RwSignal::new(None::<FileRef>);
    let staff = RwSignal::new(Vec::<StaffCandidate>::new());
    let password = RwSignal::new(String::new());
    let password_confirm = RwSignal::new(String::new());
    let captcha = CaptchaState::new();
    let errors = FormErrors::new();
    let action = server_call::<RegisterUnit>();
    let navigate = use_navigate();

    // The second character of the credit code tells the kind of unit.
    let suggestion = Memo::new(move |_| {
        CreditCode::parse(&credit_code.get()).ok().and_then(|c| UnitKind::suggested_by_credit_code(c.kind_code()))
    });
    Effect::new(move |_| {
        if let Some((k, _)) = suggestion.get() {
            if kind.get_untracked().is_empty() {
                kind.set(k.label().to_string());
            }
        }
    });

    Effect::new(move |_| match action.value().get() {
        Some(Ok(())) => navigate("/login?tab=unit&unit_registered=1", Default::default()),
        Some(Err(e)) => {
            errors.set(Some(e));
            captcha.refresh();
        }
        None => {}
    });

    let dialog_open = RwSignal::new(false);
    let add_error = RwSignal::new(None::<String>);
    let on_add = Callback::new(move |c: StaffCandidate| {
        if staff.with_untracked(|s| s.iter().any(|x| x.id_number == c.id_number)) {
            add_error.set(Some("该人员已在工作人员列表中".into()));
            return;
        }
        staff.update(|s| s.push(c));
        errors.clear("staff");
        dialog_open.set(false);
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.set(None);
        action.dispatch(RegisterUnit {
            input: RegisterUnitInput {
                credit_code: credit_code.get_untracked(),
                name: name.get_untracked(),
                legal_rep: legal_rep.get_untracked(),
                kind: kind.get_untracked(),
                industry: industry.get_untracked(),
                region_code: region_code.get_untracked(),
                address: address.get_untracked(),
                licence_id: licence.get_untracked().map(|f| f.id),
                staff_id_numbers: staff.get_untracked().into_iter().map(|s| s.id_number).collect(),
                password: password.get_untracked(),
                password_confirm: password_confirm.get_untracked(),
                captcha_id: captcha.ticket(),
                captcha: captcha.answer.get_untracked(),
            },
        });
    };

    view! {
        <section class="card form-card wide">
            <h1>"单位账户注册"</h1>
            <p class="muted">"请对照最新营业执照填写“统一社会信用代码”、“单位名称”、“法定代表人”、“单位行业”、“单位所在地”、“单位地址”。带 * 的为必填项。"</p>
            <form method="post" class="form" on:submit=on_submit novalidate>
                <Banner message=Signal::derive(move || errors.general(&FIELDS))/>
                <TextField label="统一社会信用代码" name="credit_code" value=credit_code errors=errors required=true
                    maxlength=18 placeholder="请输入18位统一社会信用代码"
                    hint="18位，由数字和大写字母组成（不含 I、O、S、V、Z）"/>
                {move || suggestion.get().map(|(_, text)| view! {
                    <p class="form-note" data-testid="kind-suggestion">"根据统一社会信用代码，单位类别为：" {text}</p>
                })}
                <TextField label="单位名称" name="name" value=name errors=errors required=true maxlength=100
                    placeholder="与营业执照一致"/>
                <TextField label="法定代表人" name="legal_rep" value=legal_rep errors=errors required=true maxlength=50/>
                <Loaded resource=industries let:list>
                    <IndustrySelect value=industry errors=errors options=list/>
                </Loaded>
                <RegionSelect value=region_code errors=errors/>
                <TextField label="单位地址" name="address" value=address errors=errors required=true maxlength=200/>
                // Not in the manual's list: it says which licence the next field needs.
                <UnitKindSelect value=kind errors=errors/>
                <FileUpload label="营业执照" name="licence" purpose=PURPOSE_LICENCE value=licence errors=errors required=true
                    hint="上传最新的营业执照彩色扫描件，不能在营业执照上加上任何文字、图案、数字、水印等无关信息。支持 JPG、PNG、PDF，大小不超过 10MB"/>
                <div class="field">
                    <span class="label">"单位工作人员账户信息"</span>
                    <div class="field-body">
                        <p class="field-hint">"（重要，建议在单位注册时一并添加）工作人员必须在个人申报系统注册个人账户信息成功后方可关联。"</p>
                        <StaffDraftTable staff=staff/>
                        <div>
                            <button type="button" class="btn" on:click=move |_| {
                                add_error.set(None);
                                dialog_open.set(true);
                            }>"新增工作人员"</button>
                        </div>
                        {move || errors.field("staff").map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                    </div>
                </div>
                <TextField label="密码" name="password" value=password errors=errors required=true maxlength=32
                    input_type="password" hint=RULE_HINT autocomplete="new-password"/>
                <TextField label="确认密码" name="password_confirm" value=password_confirm errors=errors required=true
                    maxlength=32 input_type="password" autocomplete="new-password"/>
                <CaptchaField state=captcha error=Signal::derive(move || errors.field("captcha"))/>
                <div class="form-actions">
                    <SubmitButton label="注册" pending=action.pending()/>
                    <a href="/login?tab=unit">"已有单位账户，去登录"</a>
                </div>
            </form>
            <StaffAddDialog open=dialog_open on_add=on_add add_error=add_error lookup=false/>
        </section>
    }
}

/// The staff chosen so far during registration, each removable.
#[component]
fn StaffDraftTable(staff: RwSignal<Vec<StaffCandidate>>) -> impl IntoView {
    view! {
        <Show when=move || !staff.with(Vec::is_empty) fallback=|| view! { <p class="muted">"尚未添加工作人员"</p> }>
            <table class="table compact">
                <thead><tr><th>"工作人员身份证号码"</th><th>"操作"</th></tr></thead>
                <tbody>
                    {move || staff.get().into_iter().map(|s| {
                        let id = s.id_number.clone();
                        view! {
                            <tr>
                                <td>{s.name}</td>
                                <td><button type="button" class="link" on:click=move |_| staff.update(|v| v.retain(|x| x.id_number != id))>"移除"</button></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </Show>
    }
}
