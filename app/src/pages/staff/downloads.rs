//! 表报下载 (`/staff/downloads`).

use super::frame::StaffArea;
use leptos::prelude::*;

#[component]
pub fn StaffDownloadsPage() -> impl IntoView {
    view! {
        <StaffArea>
            <section class="card">
                <h2>"表报下载"</h2>
                <p>"本系统为单位用户提供了相关表格下载功能。请单位用户填写完申报信息后，在申报记录中下载相关材料。"</p>
                <p class="muted">"表格视单位及个人实际需要下载，对于报送评审会不需要提供表格的，可不下载。"</p>
            </section>
        </StaffArea>
    }
}
