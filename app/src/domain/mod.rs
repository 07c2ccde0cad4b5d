//! Validation facts of the domain, as plain Rust shared by the server and the
//! browser. Each type parses once (`parse`) and is valid from then on.

pub mod contact;
pub mod credit_code;
pub mod id_number;
pub mod mask;
pub mod password;

pub use contact::{Email, Phone, PersonName};
pub use id_number::{Gender, IdNumber, IdType};
pub use password::Password;
