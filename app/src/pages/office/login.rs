//! 管理端登录 (`/manage/login`).

use crate::accounts::api::SignInOfficer;
use crate::accounts::SignInOfficerInput;
use crate::components::{SignInForm, TextField};
use leptos::prelude::*;

#[component]
pub fn ManageLogin() -> impl IntoView {
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let call = move |captcha_id, captcha| SignInOfficer {
        input: SignInOfficerInput {
            username: username.get_untracked(),
            password: password.get_untracked(),
            captcha_id,
            captcha,
        },
    };
    view! {
        <section class="card form-card narrow">
            <h1>"管理端登录"</h1>
            <p class="muted">"供职改办、主管部门工作人员及系统管理员使用。"</p>
            <SignInForm call=call fields=&["username", "password"] class="form" let:errors>
                <TextField label="账 号" name="username" value=username errors=errors placeholder="请输入管理端账号"
                    autocomplete="username" maxlength=32/>
                <TextField label="密 码" name="password" value=password errors=errors input_type="password"
                    placeholder="请输入密码" autocomplete="current-password" maxlength=32/>
            </SignInForm>
        </section>
    }
}
