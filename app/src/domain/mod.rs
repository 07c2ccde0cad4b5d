//! Validation facts of the domain, as plain Rust shared by the server and the
//! browser. Each type parses once (`parse`) and is valid from then on.

pub mod contact;
pub mod credit_code;
pub mod file_kind;
pub mod id_number;
pub mod mask;
pub mod next_path;
pub mod password;
#[cfg(test)]
mod properties;
pub mod region;
pub mod unit_kind;
pub mod url;

pub use contact::{Email, PersonName, Phone};
pub use credit_code::CreditCode;
pub use id_number::{Gender, IdNumber, IdType};
pub use password::Password;
pub use unit_kind::UnitKind;
